"""Stream a WXR export item by item, so memory does not grow with the file.

lxml's iterparse hands over each <item> once it is complete; it is then turned into plain
dataclasses and cleared, with the siblings before it, from the tree being built.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from lxml import etree

WP_NS = re.compile(r"^https?://wordpress\.org/export/1\.[012]/$")
EXCERPT_NS = re.compile(r"^https?://wordpress\.org/export/1\.[012]/excerpt/$")
CONTENT_NS = re.compile(r"^https?://purl\.org/rss/1\.0/modules/content/$")
DC_NS = re.compile(r"^https?://purl\.org/dc/elements/1\.1/$")
WORDPRESS_LIKE = re.compile(r"wordpress\.org/export", re.IGNORECASE)
ZERO_DATE = "0000-00-00 00:00:00"


class ExportError(Exception):
    """The file cannot be read as a WordPress export; the message names where."""


@dataclass
class WPAuthor:
    login: str
    email: str = ""
    display_name: str = ""


@dataclass
class WPComment:
    id: str
    parent_id: str
    author: str
    email: str
    url: str
    ip: str
    date: datetime | None
    approved: str
    type: str
    content: str
    user_id: str
    line: int


@dataclass
class WPItem:
    id: str
    title: str
    link: str
    post_type: str
    status: str
    slug: str
    creator: str
    content: str
    excerpt: str
    password: str
    date: datetime | None
    attachment_url: str
    line: int
    categories: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    comments: list[WPComment] = field(default_factory=list)
    meta: dict[str, str] = field(default_factory=dict)


@dataclass
class WPSite:
    base_site_url: str = ""
    base_blog_url: str = ""
    link: str = ""
    wxr_version: str = ""
    authors: dict[str, WPAuthor] = field(default_factory=dict)

    @property
    def key(self) -> str:
        """The site's identity in the mapping table."""
        return (self.base_blog_url or self.base_site_url or self.link).rstrip("/")


def read_export(source, *, time_zone: str = "UTC") -> Iterator[WPSite | WPItem]:
    """Yield the site (once its header has been read), then each item, in file order.

    `source` is a path or a binary file object. Dates without a GMT value are read in
    `time_zone`.
    """
    zone = ZoneInfo(time_zone)
    site = WPSite()
    site_sent = False
    channel = None
    context = etree.iterparse(
        source, events=("start", "end", "start-ns"), huge_tree=True, resolve_entities=False
    )
    unknown_ns = ""
    last_item = ""  # named in the message if the XML breaks further on
    try:
        for event, element in context:
            if event == "start-ns":
                unknown_ns = unknown_ns or _unknown_namespace(element[1])
                continue
            if unknown_ns:
                raise ExportError(
                    f"Unknown WordPress namespace {unknown_ns!r} (line {element.sourceline}): "
                    "this importer reads WXR 1.0, 1.1 and 1.2, in http or https form."
                )
            name = _local(element)
            if event == "start":
                if name == "channel" and channel is None:
                    channel = element
                continue
            if name == "item":
                if not site_sent:
                    _require_wordpress(site, element)
                    site_sent = True
                    yield site
                item = _item(element, zone)
                last_item = f"item {item.id or '?'} “{item.title[:60]}” (line {item.line})"
                yield item
                element.clear(keep_tail=False)
                if channel is not None:
                    while element.getprevious() is not None:
                        del channel[0]
            elif element.getparent() is channel and channel is not None:
                _channel_field(site, element)
    except etree.XMLSyntaxError as error:
        after = f" (after {last_item}, the last one read)" if last_item else ""
        raise ExportError(f"Malformed XML at line {error.lineno}{after}: {error.msg}") from error
    if channel is None:
        raise ExportError("Not an RSS export: no <channel> element.")
    if not site_sent:
        _require_wordpress(site, None)
        yield site


def _unknown_namespace(uri: str) -> str:
    """The URI if it looks like a WordPress export namespace of a version not read here."""
    known = WP_NS.match(uri) or EXCERPT_NS.match(uri)
    return uri if WORDPRESS_LIKE.search(uri) and not known else ""


def _require_wordpress(site: WPSite, element) -> None:
    if not site.wxr_version and not site.base_site_url:
        line = element.sourceline if element is not None else "?"
        raise ExportError(
            f"No WordPress export namespace found before the first item (line {line}): "
            "expected wp:wxr_version from http(s)://wordpress.org/export/1.x/."
        )


def _ns_kind(tag: str) -> tuple[str, str]:
    """('wp' | 'excerpt' | 'content' | 'dc' | '' , local name)."""
    if not tag.startswith("{"):
        return "", tag
    uri, local = tag[1:].split("}", 1)
    for kind, pattern in (("wp", WP_NS), ("excerpt", EXCERPT_NS)):
        if pattern.match(uri):
            return kind, local
    if CONTENT_NS.match(uri):
        return "content", local
    if DC_NS.match(uri):
        return "dc", local
    return "other", local


def _local(element) -> str:
    tag = element.tag
    if not isinstance(tag, str):
        return ""
    kind, local = _ns_kind(tag)
    return local if kind in ("", "wp") else f"{kind}:{local}"


def _text(element) -> str:
    return (element.text or "").strip() if element is not None else ""


def _channel_field(site: WPSite, element) -> None:
    name = _local(element)
    if name in ("base_site_url", "base_blog_url", "link", "wxr_version"):
        setattr(site, name, _text(element))
    elif name == "author":
        fields = {_local(child): _text(child) for child in element}
        login = fields.get("author_login", "")
        if login:
            site.authors[login] = WPAuthor(
                login=login,
                email=fields.get("author_email", ""),
                display_name=html.unescape(fields.get("author_display_name", "")) or login,
            )


def parse_date(gmt: str, local: str, zone: ZoneInfo) -> datetime | None:
    """The GMT date when WordPress recorded one, else the local date read in `zone`."""
    for value, tz in ((gmt, UTC), (local, zone)):
        value = (value or "").strip()
        if value and value != ZERO_DATE:
            try:
                return datetime.strptime(value, "%Y-%m-%d %H:%M:%S").replace(tzinfo=tz)
            except ValueError:
                continue
    return None


def _item(element, zone: ZoneInfo) -> WPItem:
    fields: dict[str, str] = {}
    categories: list[str] = []
    tags: list[str] = []
    comments: list[WPComment] = []
    meta: dict[str, str] = {}
    for child in element:
        name = _local(child)
        if name == "category":
            label = html.unescape((child.text or "").strip())
            domain = child.get("domain", "category")
            if label and domain == "post_tag":
                tags.append(label)
            elif label and domain == "category":
                categories.append(label)
        elif name == "comment":
            comments.append(_comment(child, zone))
        elif name == "postmeta":
            sub = {_local(c): (c.text or "") for c in child}
            meta[sub.get("meta_key", "")] = sub.get("meta_value", "")
        else:
            fields[name] = child.text or ""
    return WPItem(
        id=fields.get("post_id", "").strip(),
        title=html.unescape(fields.get("title", "").strip()),
        link=fields.get("link", "").strip(),
        post_type=fields.get("post_type", "post").strip() or "post",
        status=fields.get("status", "publish").strip() or "publish",
        slug=fields.get("post_name", "").strip(),
        creator=fields.get("dc:creator", "").strip(),
        content=fields.get("content:encoded", ""),
        excerpt=fields.get("excerpt:encoded", ""),
        password=fields.get("post_password", "").strip(),
        date=parse_date(fields.get("post_date_gmt", ""), fields.get("post_date", ""), zone),
        attachment_url=fields.get("attachment_url", "").strip(),
        line=element.sourceline or 0,
        categories=list(dict.fromkeys(categories)),
        tags=list(dict.fromkeys(tags)),
        comments=comments,
        meta=meta,
    )


def _comment(element, zone: ZoneInfo) -> WPComment:
    fields = {_local(child): child.text or "" for child in element}
    return WPComment(
        id=fields.get("comment_id", "").strip(),
        parent_id=fields.get("comment_parent", "0").strip() or "0",
        author=html.unescape(fields.get("comment_author", "").strip()),
        email=fields.get("comment_author_email", "").strip(),
        url=fields.get("comment_author_url", "").strip(),
        ip=fields.get("comment_author_IP", "").strip(),
        date=parse_date(fields.get("comment_date_gmt", ""), fields.get("comment_date", ""), zone),
        approved=fields.get("comment_approved", "1").strip(),
        type=fields.get("comment_type", "").strip(),
        content=fields.get("comment_content", ""),
        user_id=fields.get("comment_user_id", "0").strip(),
        line=element.sourceline or 0,
    )

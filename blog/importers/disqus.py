"""Read a Disqus comments export and bring each thread's comments into its article.

Threads are matched to articles by the WordPress post id in the thread's identifier (the
Disqus WordPress plugin writes "<post id> <guid>") through the WordPress mapping table, else
by the path of the thread's link (an article's address, or an old permalink that redirects
to one). Posts name their thread, so comments are grouped by thread before the import.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, datetime
from urllib.parse import urlparse

from django.db import transaction
from lxml import etree
from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Page

from blog.importers.comments import IncomingComment, import_comments
from blog.importers.mapping import Mapping
from blog.importers.summary import Summary
from blog.importers.wordpress.reader import ExportError
from blog.models import BlogPage
from comments.models import CommentType, Status

DSQ = "{http://disqus.com/disqus-internals}id"


def import_disqus(source, *, dry_run: bool = False, summary: Summary | None = None) -> Summary:
    summary = summary if summary is not None else Summary()
    threads, posts, forum = _read(source)
    mapping = Mapping("disqus", forum)
    if not dry_run:
        _import(threads, posts, mapping, summary)
        return summary
    with transaction.atomic():
        try:
            _import(threads, posts, mapping, summary)
        finally:
            transaction.set_rollback(True)
    return summary


def _local(tag) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _read(source):
    threads: dict[str, dict] = {}
    posts: dict[str, list[IncomingComment]] = defaultdict(list)
    forum = ""
    try:
        for _, element in etree.iterparse(source, events=("end",), huge_tree=True):
            name = _local(element.tag)
            parent = element.getparent()
            if parent is None or _local(parent.tag) != "disqus":
                continue
            if name == "thread":
                fields = {_local(c.tag): (c.text or "").strip() for c in element}
                forum = forum or fields.get("forum", "")
                threads[element.get(DSQ, "")] = {**fields, "line": element.sourceline}
            elif name == "post":
                thread, comment = _post(element)
                posts[thread].append(comment)
            element.clear(keep_tail=False)
    except etree.XMLSyntaxError as error:
        raise ExportError(f"Malformed XML at line {error.lineno}: {error.msg}") from error
    return threads, posts, forum or "disqus"


def _post(element) -> tuple[str, IncomingComment]:
    fields, author, thread, parent = {}, {}, "", ""
    for child in element:
        name = _local(child.tag)
        if name == "author":
            author = {_local(c.tag): (c.text or "").strip() for c in child}
        elif name == "thread":
            thread = child.get(DSQ, "")
        elif name == "parent":
            parent = child.get(DSQ, "")
        else:
            fields[name] = child.text or ""
    if fields.get("isSpam", "").strip() == "true":
        status = Status.SPAM
    elif fields.get("isDeleted", "").strip() == "true":
        status = Status.REMOVED
    elif fields.get("isApproved", "true").strip() == "false":
        status = Status.HELD
    else:
        status = Status.APPROVED
    return thread, IncomingComment(
        source_id=element.get(DSQ, ""),
        parent_id=parent,
        name=author.get("name") or author.get("username") or "Anonymous",
        email=author.get("email", ""),
        url="",
        ip=fields.get("ipAddress", "").strip(),
        date=_date(fields.get("createdAt", "")),
        status=status,
        type=CommentType.COMMENT,
        text=fields.get("message", ""),
        where=f"Disqus thread {thread} (line {element.sourceline})",
    )


def _date(value: str):
    value = value.strip()
    if not value:
        return None
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00")).astimezone(UTC)
    except ValueError:
        return None


def _import(threads, posts, mapping: Mapping, summary: Summary) -> None:
    for thread_id, comments in posts.items():
        thread = threads.get(thread_id, {})
        article = _article_for(thread)
        if article is None:
            summary.count("comment", "skipped", len(comments))
            summary.warn(
                "no_matching_article",
                f"Disqus thread {thread_id} {thread.get('link', '')} (line "
                f"{thread.get('line', '?')}): no article found; {len(comments)} comments left out",
            )
            continue
        state = summary.checkpoint()
        try:
            with transaction.atomic():
                import_comments(
                    target=article, incoming=comments, mapping=mapping, summary=summary,
                    origin="Disqus",
                )  # fmt: skip
                summary.count("thread", "updated")
        except Exception as error:  # one bad thread must not stop the run
            summary.restore(state)
            summary.count("thread", "failed")
            summary.warn("failed", f"Disqus thread {thread_id}: {type(error).__name__}: {error}")


def _article_for(thread: dict) -> BlogPage | None:
    identifier = thread.get("id", "").split(" ", 1)[0]
    if identifier.isdigit():
        row = Mapping.any_site("wordpress", "post", identifier)
        if row is not None:
            found = BlogPage.objects.filter(pk=row.object_id).first()
            if found is not None:
                return found
    path = urlparse(thread.get("link", "")).path
    if not path:
        return None
    for page in Page.objects.type(BlogPage).filter(url_path__endswith=path.rstrip("/") + "/"):
        if page.url == path or page.url.rstrip("/") == path.rstrip("/"):
            return page.specific
    redirect = Redirect.objects.filter(old_path=Redirect.normalise_path(path)).first()
    if redirect is not None and redirect.redirect_page_id:
        return BlogPage.objects.filter(pk=redirect.redirect_page_id).first()
    return None

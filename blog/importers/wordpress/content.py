"""Turn a WordPress post's HTML into the article's StreamField blocks (blog/blocks.py).

WordPress stores classic posts as text with blank lines for paragraphs (wpautop adds the
<p> when it shows them), block-editor posts with <!-- wp:… --> comments, and both with
[caption] and [embed] shortcodes and bare URLs on their own line for embeds.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from bs4 import BeautifulSoup, NavigableString, Tag
from wagtail.admin.rich_text.converters.editor_html import EditorHTMLConverter

from blog.blocks import PARAGRAPH_FEATURES

_GUTENBERG = re.compile(r"<!--\s*/?wp:.*?-->", re.S)
_CAPTION = re.compile(r"\[caption[^\]]*\](.*?)\[/caption\]", re.S | re.I)
_EMBED = re.compile(r"\[embed[^\]]*\](.*?)\[/embed\]", re.S | re.I)
_OTHER_SHORTCODE = re.compile(r"\[/?(gallery|audio|video|playlist|wpvideo)\b[^\]]*\]", re.I)
_BLANK_LINES = re.compile(r"\n[ \t]*\n+")
_BARE_URL = re.compile(r"^https?://\S+$")
_BLOCK_START = re.compile(
    r"^<(p|div|ul|ol|blockquote|pre|figure|table|h[1-6]|hr|iframe|img|section|address)\b", re.I
)
_CONTAINERS = ("ul", "ol", "blockquote", "pre", "figure", "table", "div")
_EMBED_TAGS = {"iframe", "video", "embed", "object", "audio"}
_DROPPED = {"script", "style", "form", "input", "button", "noscript", "hr"}

ImageFinder = Callable[[str, str], object]  # (url, alt) → a Wagtail image or None


@dataclass
class Converted:
    blocks: list[tuple[str, object]] = field(default_factory=list)
    warnings: list[tuple[str, str]] = field(default_factory=list)


def convert(html: str, find_image: ImageFinder | None = None) -> Converted:
    """Blocks for the post's content, and what could not be carried over as it was."""
    out = Converted()
    soup = BeautifulSoup(_autop(_shortcodes(html or "", out)), "html5lib")
    for element in soup.find_all(["script", "style", "noscript", "form"]):
        out.warnings.append(("content_removed", f"<{element.name}> element left out"))
        element.decompose()
    _nodes(soup.body.children if soup.body else [], out, find_image or (lambda url, alt: None))
    return out


def _shortcodes(html: str, out: Converted) -> str:
    html = _GUTENBERG.sub("", html).replace("\r\n", "\n")

    def caption(match: re.Match) -> str:
        inner = match.group(1)
        split = re.match(r"\s*(<a\b[^>]*>\s*<img\b[^>]*>\s*</a>|<img\b[^>]*>)(.*)", inner, re.S)
        if not split:
            return inner
        return f"\n\n<figure>{split.group(1)}<figcaption>{split.group(2).strip()}</figcaption></figure>\n\n"

    html = _CAPTION.sub(caption, html)
    html = _EMBED.sub(lambda m: f"\n\n{m.group(1).strip()}\n\n", html)
    for match in _OTHER_SHORTCODE.finditer(html):
        out.warnings.append(("shortcode", f"[{match.group(1)}] shortcode left out"))
    return _OTHER_SHORTCODE.sub("", html)


def _autop(text: str) -> str:
    """WordPress's wpautop, in short: blank lines make paragraphs, single newlines breaks."""
    chunks, pending = [], ""
    for part in _BLANK_LINES.split(text.strip()):
        pending = f"{pending}\n\n{part}" if pending else part
        lowered = pending.lower()
        still_open = any(
            len(re.findall(rf"<{tag}\b", lowered)) > lowered.count(f"</{tag}>")
            for tag in _CONTAINERS
        )
        if not still_open:
            chunks.append(pending)
            pending = ""
    if pending:
        chunks.append(pending)
    html = []
    for chunk in chunks:
        chunk = chunk.strip()
        if not chunk:
            continue
        if _BARE_URL.match(chunk) or _BLOCK_START.match(chunk):
            html.append(chunk if not _BARE_URL.match(chunk) else f"<p>{chunk}</p>")
        else:
            html.append("<p>" + chunk.replace("\n", "<br>\n") + "</p>")
    return "\n".join(html)


def _nodes(nodes, out: Converted, find_image: ImageFinder) -> None:
    loose: list[str] = []

    def flush() -> None:
        text = "".join(loose).strip()
        loose.clear()
        if text:
            _paragraph(f"<p>{text}</p>", out)

    for node in list(nodes):
        if isinstance(node, NavigableString):
            if type(node) is NavigableString:
                loose.append(str(node))
            continue
        if not isinstance(node, Tag):
            continue
        if node.name in ("b", "strong", "i", "em", "a", "span", "br") and not node.find("img"):
            loose.append(str(node))
            continue
        flush()
        _element(node, out, find_image)
    flush()


def _element(node: Tag, out: Converted, find_image: ImageFinder) -> None:
    name = node.name
    if name in _DROPPED:
        if name != "hr":
            out.warnings.append(("content_removed", f"<{name}> element left out"))
    elif name in ("h1", "h2"):
        _heading(node, "h2", out)
    elif name in ("h3", "h4", "h5", "h6"):
        _heading(node, "h3", out)
    elif name in ("ul", "ol"):
        _paragraph(str(node), out)
    elif name == "blockquote":
        _quote(node, out)
    elif name in _EMBED_TAGS:
        _embed(node.get("src") or _source_of(node), out)
    elif name in ("img", "figure") or (name in ("p", "a") and _only_image(node)):
        _image(node, out, find_image)
    elif name == "p":
        text = node.get_text().strip()
        if _BARE_URL.match(text) and not node.find("a"):
            _embed(text, out)
        elif text or node.find("img"):
            _paragraph(str(node), out)
    elif name == "pre":
        _paragraph("<p>" + node.get_text().strip().replace("\n", "<br/>") + "</p>", out)
    elif name == "table":
        out.warnings.append(("table_flattened", "a table was turned into paragraphs"))
        for row in node.find_all("tr"):
            cells = [c.get_text(" ", strip=True) for c in row.find_all(["td", "th"])]
            if any(cells):
                _paragraph("<p>" + " | ".join(cells) + "</p>", out)
    else:
        _nodes(node.children, out, find_image)


def _converter() -> EditorHTMLConverter:
    return EditorHTMLConverter(features=PARAGRAPH_FEATURES)


def _paragraph(html: str, out: Converted) -> None:
    cleaned = _converter().to_database_format(html).strip()
    if re.sub(r"<[^>]+>", "", cleaned).strip():
        out.blocks.append(("paragraph", cleaned))


def _heading(node: Tag, level: str, out: Converted) -> None:
    text = node.get_text(" ", strip=True)
    if text:
        out.blocks.append(("heading", {"text": text[:255], "level": level}))


def _quote(node: Tag, out: Converted) -> None:
    cite = node.find(["cite", "footer"])
    attribution = cite.get_text(" ", strip=True) if cite else ""
    if cite:
        cite.extract()
    parts = [p.get_text(" ", strip=True) for p in node.find_all("p")] or [
        node.get_text(" ", strip=True)
    ]
    quote = "\n\n".join(p for p in parts if p)
    if quote:
        out.blocks.append(("quote", {"quote": quote, "attribution": attribution[:255]}))


def _source_of(node: Tag) -> str:
    source = node.find("source")
    return source.get("src", "") if source else ""


def _embed(url: str, out: Converted) -> None:
    url = (url or "").strip()
    if url.startswith("//"):
        url = "https:" + url
    if re.match(r"^https?://", url):
        out.blocks.append(("embed", url))
    else:
        out.warnings.append(("content_removed", "an embed without an address was left out"))


def _only_image(node: Tag) -> bool:
    return node.find("img") is not None and not node.get_text(strip=True)


def _image(node: Tag, out: Converted, find_image: ImageFinder) -> None:
    img = node if node.name == "img" else node.find("img")
    if img is None:
        _nodes(node.children, out, find_image)
        return
    caption_tag = node.find("figcaption") if node.name == "figure" else None
    caption = caption_tag.get_text(" ", strip=True) if caption_tag else ""
    url, alt = img.get("src", ""), img.get("alt", "")
    image = find_image(url, alt) if url else None
    if image is not None:
        value = {"image": image, "decorative": not alt, "alt_text": alt}
        out.blocks.append(("image", {"image": value, "caption": caption[:255]}))
        return
    out.warnings.append(("image_not_imported", f"{url[:120]} kept as a link"))
    label = caption or alt or url.rsplit("/", 1)[-1] or "image"
    _paragraph(f'<p><a href="{_attr(url)}">{_text(label)}</a></p>', out)


def _attr(value: str) -> str:
    return value.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")


def _text(value: str) -> str:
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")

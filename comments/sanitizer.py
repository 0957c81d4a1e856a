"""Turn a reader's submitted comment text into safe HTML (the only module that imports bleach)."""

from __future__ import annotations

import html
import re
import threading
from functools import partial

import bleach
from bleach.linkifier import LinkifyFilter, build_url_re
from html5lib.filters.base import Filter

from comments.links import is_deceptive_host, parse_url, scheme_of, unicode_host
from comments.text import without_bidi_controls

ALLOWED_TAGS = frozenset(
    {"p", "br", "a", "strong", "b", "em", "i", "blockquote", "code", "pre", "ul", "ol", "li"}
)
ALLOWED_ATTRIBUTES = {"a": ["href", "title"]}
ALLOWED_PROTOCOLS = frozenset({"http", "https", "mailto"})
# Removed together with their content: what is inside them is code, never text for readers.
DROPPED_WITH_CONTENT = frozenset({"script", "style"})
LINK_REL = "nofollow ugc noopener"

# bleach's cost grows badly with unclosed tags, so markup-heavy input is treated as text.
MAX_INPUT_CHARS = 100_000
MAX_TAGS = 500

_BLOCK_START = re.compile(r"^\s*<(p|blockquote|ul|ol|pre)[\s>]", re.IGNORECASE)
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n+")
_TAG_OR_TEXT = re.compile(r"(<[a-zA-Z/][^<>]*>)")
# C0/C1 controls other than tab and newline, and Unicode noncharacters, never belong in text.
_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")
_URL_RE = build_url_re(protocols=["http", "https"])


class InputTooLarge(ValueError):
    """The submitted text is longer than the sanitizer accepts."""


def sanitize(raw: str) -> str:
    """Return safe HTML for a reader's comment text."""
    if len(raw) > MAX_INPUT_CHARS:
        raise InputTooLarge(f"Comment text is longer than {MAX_INPUT_CHARS} characters.")
    text = _normalise_text(raw)
    if text.count("<") > MAX_TAGS:
        text = html.escape(text, quote=False)
    return _cleaner().clean(_paragraphs(text))


def is_safe_href(href: str) -> bool:
    """Tell whether a link target is an absolute http, https or mailto URL as browsers read it
    (WHATWG URL parsing: tabs and newlines in the scheme, backslashes, case...), however often
    its characters were entity-encoded."""
    decoded = href
    for _ in range(5):
        unescaped = html.unescape(decoded)
        if unescaped == decoded:
            break
        decoded = unescaped
    return scheme_of(decoded) in ALLOWED_PROTOCOLS and scheme_of(href) in _SAFE_OR_RELATIVE


_SAFE_OR_RELATIVE = ALLOWED_PROTOCOLS | {None}


def _normalise_text(raw: str) -> str:
    text = raw.replace("\r\n", "\n").replace("\r", "\n")
    # Bidi overrides, embeddings and isolates could show "gnp.exe" as "exe.png".
    text = without_bidi_controls(_CONTROL_CHARS.sub("", text))
    # Lone surrogates cannot be stored or encoded as UTF-8.
    text = text.encode("utf-8", "replace").decode("utf-8")
    return text.strip()


def _paragraphs(text: str) -> str:
    """Turn plain-text blank lines into paragraphs and single newlines into line breaks.

    Blank lines inside an open block element (a <pre>, a list, a quotation) belong to it.
    """
    blocks = []
    for chunk in _chunks_outside_blocks(text):
        chunk = chunk.strip("\n")
        if not chunk.strip():
            continue
        if _BLOCK_START.match(chunk) or "<pre" in chunk.lower():
            blocks.append(chunk)
        else:
            blocks.append("<p>" + _line_breaks(chunk) + "</p>")
    return "\n".join(blocks)


def _line_breaks(chunk: str) -> str:
    """Single newlines become <br>, except inside a tag (an attribute value keeps its text)."""
    return "".join(
        part if part.startswith("<") else part.replace("\n", "<br>\n")
        for part in _TAG_OR_TEXT.split(chunk)
    )


def _chunks_outside_blocks(text: str) -> list[str]:
    chunks: list[str] = []
    pending = ""
    for part in _PARAGRAPH_BREAK.split(text):
        pending = f"{pending}\n\n{part}" if pending else part
        if _open_blocks(pending) <= 0 and not _inside_tag(pending):
            chunks.append(pending)
            pending = ""
    if pending:
        chunks.append(pending)
    return chunks


def _inside_tag(text: str) -> bool:
    """Whether the text ends inside a tag, e.g. within a quoted attribute spanning lines."""
    return bool(re.search(r"<[a-zA-Z/][^<>]*$", text))


def _open_blocks(text: str) -> int:
    lowered = text.lower()
    return sum(
        len(re.findall(rf"<{tag}[\s>]", lowered)) - lowered.count(f"</{tag}")
        for tag in ("pre", "ul", "ol", "blockquote")
    )


def _link_callback(attrs: dict, new: bool = False) -> dict | None:
    """Keep a link only when its target is safe and mark it as user-generated. A look-alike
    host is stored and shown as punycode, in the link's text too."""
    href = attrs.get((None, "href"), "")
    if not is_safe_href(href):
        return None
    attrs[(None, "rel")] = LINK_REL
    url = parse_url(href)
    host = url.hostname if url is not None else ""
    if host and is_deceptive_host(host):
        attrs[(None, "href")] = url.href
        text = attrs.get("_text", "").replace(unicode_host(host), host)
        attrs["_text"] = text if host in text else f"{text} ({host})"
    return attrs


class _DropWithContent(Filter):
    """Drop script and style elements with everything inside them."""

    def __iter__(self):
        depth = 0
        for token in super().__iter__():
            name = (token.get("name") or "").lower()
            if token["type"] == "StartTag" and name in DROPPED_WITH_CONTENT:
                depth += 1
            elif token["type"] == "EndTag" and name in DROPPED_WITH_CONTENT and depth:
                depth -= 1
            elif not depth:
                yield token


_local = threading.local()


def _cleaner() -> bleach.Cleaner:
    """One Cleaner per thread: bleach's Cleaner keeps parser state and is not thread-safe."""
    cleaner = getattr(_local, "cleaner", None)
    if cleaner is None:
        cleaner = bleach.Cleaner(
            # Script and style pass bleach so that the parser reads their content as code,
            # which _DropWithContent then removes with them.
            tags=ALLOWED_TAGS | DROPPED_WITH_CONTENT,
            attributes=ALLOWED_ATTRIBUTES,
            protocols=ALLOWED_PROTOCOLS,
            strip=True,
            strip_comments=True,
            filters=[
                _DropWithContent,
                partial(
                    LinkifyFilter,
                    callbacks=[_link_callback],
                    skip_tags={"pre", "code"},
                    url_re=_URL_RE,
                    parse_email=False,
                ),
            ],
        )
        _local.cleaner = cleaner
    return cleaner

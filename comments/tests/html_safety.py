"""The tests' own judgement of comment HTML, written independently of comments.sanitizer so
that a change to the sanitizer cannot quietly widen what the tests accept."""

from __future__ import annotations

import html
import re
import unicodedata
from xml.etree.ElementTree import Element

import html5lib

# The policy, written out here rather than imported from the sanitizer.
ALLOWED_TAGS = frozenset(
    {"p", "br", "a", "strong", "b", "em", "i", "blockquote", "code", "pre", "ul", "ol", "li"}
)
ALLOWED_ATTRIBUTES = {"a": frozenset({"href", "title", "rel"})}
SAFE_SCHEMES = frozenset({"http", "https", "mailto"})
LINK_REL = "nofollow ugc noopener"

_INVISIBLE_CATEGORIES = frozenset({"Cc", "Cf", "Zs", "Zl", "Zp"})
_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.\-]*):")


def parse_fragment(markup: str) -> Element:
    """Parse HTML as a browser would inside a <div>."""
    return html5lib.parseFragment(markup, treebuilder="etree", namespaceHTMLElements=False)


def link_scheme(href: str) -> str | None:
    """The scheme a browser could see in `href`, decoded and compacted as hard as possible."""
    decoded = href
    for _ in range(50):
        unescaped = html.unescape(decoded)
        if unescaped == decoded:
            break
        decoded = unescaped
    else:  # pragma: no cover - an absurdly deep encoding is no scheme we accept
        return None
    compact = "".join(
        ch
        for ch in decoded
        if not (ch.isspace() or unicodedata.category(ch) in _INVISIBLE_CATEGORIES)
    )
    match = _SCHEME.match(compact)
    return match.group(1).lower() if match else None

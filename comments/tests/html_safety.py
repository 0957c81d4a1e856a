"""The tests' one HTML-safety oracle: is a comment's HTML, or the discussion section around
it, safe to show? Written independently of comments.sanitizer, so that a change to the
sanitizer cannot quietly widen what the tests accept. test_html_safety.py shows it can fail."""

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


# Any "<" in serialised output must open or close an allowlisted tag; a "<" anywhere else
# (say inside an attribute value) could turn into markup when the HTML is re-parsed elsewhere.
_RAW_TAG = re.compile(r"<(/?)([^\s/>]*)")


def _local_name(name: str) -> str:
    """'{namespace}local' -> 'local' (html5lib names foreign elements and attributes so)."""
    return name.rpartition("}")[2].lower()


def unsafe_parts(container: Element) -> list[str]:
    """What, below `container`, is outside the allowlist; empty when all of it is safe."""
    problems = []
    for node in container.iter():
        if node is container:
            continue
        tag = node.tag
        if not isinstance(tag, str):
            problems.append(f"non-element node (comment or processing instruction): {node.text!r}")
            continue
        if _local_name(tag) == "style":
            problems.append(f"style element <{tag}>")
        if tag not in ALLOWED_TAGS:
            problems.append(f"element <{tag}> is not allowlisted")
        allowed = ALLOWED_ATTRIBUTES.get(tag, frozenset())
        for name, value in node.attrib.items():
            local = _local_name(name)
            if local.startswith("on"):
                problems.append(f"event handler {name}={value!r} on <{tag}>")
            if local == "style":
                problems.append(f"style attribute {value!r} on <{tag}>")
            if name not in allowed:
                problems.append(f"attribute {name}={value!r} is not allowed on <{tag}>")
        if tag == "a":
            href = node.get("href")
            scheme = None if href is None else link_scheme(href)
            if scheme not in SAFE_SCHEMES:
                problems.append(f"link href={href!r} has scheme {scheme!r}")
            if node.get("rel") != LINK_REL:
                problems.append(f"link without rel={LINK_REL!r}: rel={node.get('rel')!r}")
    return problems


def unsafe_parts_of_html(markup: str) -> list[str]:
    """What in `markup` (a comment's stored HTML) is unsafe; empty when it is safe."""
    problems = [
        f"raw '<' that does not open an allowlisted tag at {match.start()}"
        for match in _RAW_TAG.finditer(markup)
        if match.group(2).lower() not in ALLOWED_TAGS
    ]
    return problems + unsafe_parts(parse_fragment(markup))


def assert_safe_html(markup: str) -> None:
    """Fail unless `markup` is a str of valid UTF-8 holding only the allowlisted markup,
    attributes and link schemes."""
    assert isinstance(markup, str), f"got {type(markup).__name__}, not str"
    markup.encode("utf-8")  # raises on lone surrogates
    problems = unsafe_parts_of_html(markup)
    assert not problems, f"{markup!r}:\n" + "\n".join(problems)


# The page around the comments: its own markup may hold a form and relative links, but never
# script, embedded content or a dangerous URL.

# Attributes of the page's own markup that hold URLs (the comment itself may hold only href).
_URL_ATTRIBUTES = frozenset(
    {"href", "src", "action", "formaction", "data", "poster", "background", "cite", "srcdoc"}
)
# Elements that must never appear anywhere in the discussion section, page chrome included.
_FORBIDDEN_ANYWHERE = frozenset(
    {
        "script", "style", "img", "image", "svg", "math", "iframe", "frame", "frameset",
        "object", "embed", "applet", "link", "meta", "base", "noscript", "template", "xmp",
        "noembed", "noframes", "plaintext", "title", "isindex", "bgsound", "xml", "video",
        "audio", "source", "marquee", "layer", "ilayer", "listing", "keygen", "details",
    }
)  # fmt: skip


def discussion_section(page: str) -> Element:
    """The <section id="comments"> of a whole page, parsed as a browser would."""
    document = html5lib.parse(page, treebuilder="etree", namespaceHTMLElements=False)
    sections = [node for node in document.iter("section") if node.get("id") == "comments"]
    assert len(sections) == 1, f"expected one <section id='comments'>, found {len(sections)}"
    return sections[0]


def comment_contents(section: Element) -> list[Element]:
    return [
        node for node in section.iter() if "comment-content" in (node.get("class") or "").split()
    ]


def unsafe_parts_of_section(section: Element) -> list[str]:
    """Each comment's content (class "comment-content") in `section`, or in one comment's
    part of it, against the allowlist; and all of it, page chrome included, against what may
    never appear."""
    problems = []
    for content in comment_contents(section):
        problems.extend(unsafe_parts(content))
    for node in section.iter():
        tag = node.tag
        if not isinstance(tag, str):
            continue
        if "}" in tag or _local_name(tag) in _FORBIDDEN_ANYWHERE:
            problems.append(f"element <{tag}> in the discussion section")
        for name, value in node.attrib.items():
            local = _local_name(name)
            if local.startswith("on") or local == "style":
                problems.append(f"attribute {name}={value!r} on <{tag}> in the section")
            if local in _URL_ATTRIBUTES and link_scheme(value) not in {None, *SAFE_SCHEMES}:
                problems.append(f"{name}={value!r} on <{tag}> in the section")
    return problems

"""What sanitizing removes from a submitted text, and where: the moderation rules' evidence and
the desk's highlighting read this one scanner.

It reads the text once, left to right, as an HTML tokenizer does (a tag left open runs to the
end of the text; script and style hold code up to their end tag), so its cost is linear in the
length of the text whatever is in it. It describes; sanitizer.sanitize is what protects.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from comments.sanitizer import (
    ALLOWED_ATTRIBUTES,
    ALLOWED_TAGS,
    DROPPED_WITH_CONTENT,
    MAX_TAGS,
    is_safe_href,
)

_NAME = re.compile(r"[^\s/>]*")
_SPACE = re.compile(r"[\s/]*")
_ATTRIBUTE_NAME = re.compile(r"[^\s/>][^\s/>=]*")
_EQUALS = re.compile(r"\s*=\s*")
_UNQUOTED = re.compile(r"[^\s>]*")
_END_TAG = {tag: re.compile(rf"</{tag}[\s/>]", re.IGNORECASE) for tag in DROPPED_WITH_CONTENT}


def _find(text: str, needle: str, start: int) -> int:
    """str.find, named so that the tests can count the scanner's work."""
    return text.find(needle, start)


@dataclass(frozen=True)
class Removal:
    """A span of the submitted text that the sanitizer drops, and what it is."""

    start: int
    end: int
    what: str
    notes: tuple[str, ...] = ()


def find_removals(raw: str) -> list[Removal]:
    """The spans the sanitizer drops, in order and without overlap."""
    if raw.count("<") > MAX_TAGS:
        return []
    removals: list[Removal] = []
    position = 0
    while (start := _find(raw, "<", position)) >= 0:
        found, position = _read_markup(raw, start)
        removals.extend(found)
    return removals


def describe_removed_markup(raw: str) -> tuple[str, ...]:
    """Each kind of markup sanitizing drops, once, in the order it first appears."""
    if raw.count("<") > MAX_TAGS:
        return (f"more than {MAX_TAGS} tags (all markup shown as text)",)
    found: list[str] = []
    for removal in find_removals(raw):
        found.append(removal.what)
        found.extend(removal.notes)
    return tuple(dict.fromkeys(found))


def _read_markup(raw: str, start: int) -> tuple[list[Removal], int]:
    """Read what starts with the `<` at `start`; return what it drops and where to go on."""
    following = raw[start + 1 : start + 2]
    if raw.startswith("<!--", start):
        end = _find(raw, "-->", start + 4)
        end = len(raw) if end < 0 else end + 3
        return [Removal(start, end, "HTML comment")], end
    is_end_tag = following == "/"
    first = raw[start + 2 : start + 3] if is_end_tag else following
    if following in ("!", "?"):
        return _bogus_comment(raw, start)
    if not (first.isascii() and first.isalpha()):
        if is_end_tag and first and first != ">":
            return _bogus_comment(raw, start)
        return [], start + 1
    return _read_tag(raw, start, is_end_tag)


def _bogus_comment(raw: str, start: int) -> tuple[list[Removal], int]:
    end = _find(raw, ">", start)
    end = len(raw) if end < 0 else end + 1
    return [Removal(start, end, "HTML comment or declaration")], end


def _read_tag(raw: str, start: int, is_end_tag: bool) -> tuple[list[Removal], int]:
    name_start = start + (2 if is_end_tag else 1)
    position = _NAME.match(raw, name_start).end()
    tag = raw[name_start:position].lower()
    attributes: list[tuple[str, str, int, int]] = []
    while position < len(raw):
        position = _SPACE.match(raw, position).end()
        if position >= len(raw):
            break
        if raw[position] == ">":
            return _judge_tag(raw, start, position + 1, tag, attributes, is_end_tag)
        attribute_start = position
        position = _ATTRIBUTE_NAME.match(raw, position).end()
        name = raw[attribute_start:position].lower()
        value = ""
        equals = _EQUALS.match(raw, position)
        if equals:
            position, value = _read_value(raw, equals.end())
        attributes.append((name, value, attribute_start, position))
    # A tag still open at the end of the text swallows it, as in a browser.
    return [Removal(start, len(raw), f"unfinished <{tag}> tag")], len(raw)


def _read_value(raw: str, position: int) -> tuple[int, str]:
    quote = raw[position : position + 1]
    if quote in ('"', "'"):
        end = _find(raw, quote, position + 1)
        if end < 0:
            return len(raw), raw[position + 1 :]
        return end + 1, raw[position + 1 : end]
    end = _UNQUOTED.match(raw, position).end()
    return end, raw[position:end]


def _judge_tag(raw, start, end, tag, attributes, is_end_tag) -> tuple[list[Removal], int]:
    shown = f"</{tag}>" if is_end_tag else f"<{tag}>"
    if tag in DROPPED_WITH_CONTENT and not is_end_tag:
        closing = _END_TAG[tag].search(raw, end)
        close_end = -1 if closing is None else _find(raw, ">", closing.start())
        end = len(raw) if close_end < 0 else close_end + 1
        return [Removal(start, end, f"<{tag}> element")], end
    if tag not in ALLOWED_TAGS:
        handlers = tuple(f"{n} attribute on {shown}" for n, *_ in attributes if n[:2] == "on")
        return [Removal(start, end, f"<{tag}> element", handlers)], end
    if tag == "a" and not is_end_tag:
        hrefs = [html.unescape(value) for name, value, *_ in attributes if name == "href"]
        if not hrefs or not is_safe_href(hrefs[0]):
            # The link goes; its text stays.
            target = hrefs[0].strip()[:60] if hrefs else ""
            return [Removal(start, end, f"unsafe link {target!r}")], end
    return _removed_attributes(tag, shown, attributes, is_end_tag), end


def _removed_attributes(tag, shown, attributes, is_end_tag) -> list[Removal]:
    """The attributes an allowed tag drops: not allowed on it, repeated, or on an end tag."""
    removals = []
    seen: set[str] = set()
    for name, _, attribute_start, attribute_end in attributes:
        if is_end_tag or name not in ALLOWED_ATTRIBUTES.get(tag, []) or name in seen:
            removals.append(Removal(attribute_start, attribute_end, f"{name} attribute on {shown}"))
        seen.add(name)
    return removals

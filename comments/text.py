"""What readers see: invisible characters, the visible text of stored HTML, and folding for
matching words the way a reader would read them.

Pure functions on strings (no Django): the sanitizer, the form and the moderation rules share
them, so "invisible" and "the same word" mean one thing everywhere.
"""

from __future__ import annotations

import html
import re
import unicodedata
from functools import cache

import regex
from confusable_homoglyphs.utils import load as _load_confusables_data

# Characters that render as nothing: Unicode's Default_Ignorable_Code_Point (zero-width
# spaces and joiners, variation selectors, tags, soft hyphen, deprecated format controls...)
# and every format character (Cf: bidi controls, invisible operators).
INVISIBLE = regex.compile(r"[\p{Default_Ignorable_Code_Point}\p{Cf}]")
# Characters that reorder text around them: embeddings, overrides, isolates and marks.
BIDI_CONTROLS = regex.compile(r"\p{Bidi_Control}")
_WHITESPACE = regex.compile(r"\s+")
_MARK = regex.compile(r"\p{M}")


def without_invisible(text: str) -> str:
    """The text without characters that render as nothing."""
    return INVISIBLE.sub("", text)


def without_bidi_controls(text: str) -> str:
    """The text without characters that could make it display in another order."""
    return BIDI_CONTROLS.sub("", text)


# Elements after which a reader sees a line break or a gap, not a continuing word.
_BREAKING_TAG = re.compile(r"<(?:br|/?(?:p|li|ul|ol|blockquote|pre))\b[^>]*>", re.IGNORECASE)
_TAG = re.compile(r"<[^>]*>")
_LINK_ATTRIBUTE = re.compile(r'\s(href|title)="([^"]*)"', re.IGNORECASE)


def reader_text(sanitized_html: str) -> str:
    """The text a reader sees in sanitized HTML: tags gone, entities decoded, spaces collapsed.

    Only for the sanitizer's output (well-formed, attribute values quoted and escaped): inline
    tags vanish, so `ca<i>si</i>no` reads as one word; block tags and line breaks read as space.
    """
    text = _TAG.sub("", _BREAKING_TAG.sub(" ", sanitized_html))
    return _WHITESPACE.sub(" ", html.unescape(text)).strip()


def link_attributes(sanitized_html: str) -> str:
    """The links' targets and titles in sanitized HTML, which a reader sees on hover."""
    return " ".join(html.unescape(value) for _, value in _LINK_ATTRIBUTE.findall(sanitized_html))


@cache
def _prototypes() -> dict[str, str]:
    """Unicode TR39's confusable prototype of each character, from confusables.txt.

    confusable-homoglyphs stores each line `source -> prototype` in both directions, in file
    order. A source has one entry (its prototype); a prototype lists its sources. When two
    characters list only each other, the one stored first is the source.
    """
    data = _load_confusables_data("confusables.json")
    order = {key: i for i, key in enumerate(data)}
    prototypes = {}
    for key, entries in data.items():
        if len(key) != 1 or len(entries) != 1:
            continue
        other = entries[0]["c"]
        back = data.get(other, ())
        if len(other) > 1 or len(back) > 1 or order.get(other, -1) > order[key]:
            prototypes[key] = other
    return prototypes


def skeleton(text: str) -> str:
    """TR39's skeleton: strings that look alike (Cyrillic с and Latin c) get the same one."""
    prototypes = _prototypes()
    decomposed = unicodedata.normalize("NFD", text)
    return unicodedata.normalize("NFD", "".join(prototypes.get(ch, ch) for ch in decomposed))


def _fold_cluster(cluster: str) -> str:
    folded = without_invisible(unicodedata.normalize("NFKC", cluster)).casefold()
    return skeleton(folded).casefold()


def fold_with_positions(text: str) -> tuple[str, list[int]]:
    """The folded text (see `fold`) and, for each of its characters, where it came from.

    Folding works on a base character with its combining marks, so that a match found in the
    folded text points back at what the reader wrote.
    """
    folded: list[str] = []
    origins: list[int] = []
    start = 0
    pending_space = False
    for end in range(1, len(text) + 1):
        if end < len(text) and _MARK.match(text[end]):
            continue
        piece = _fold_cluster(text[start:end])
        core = _WHITESPACE.sub(" ", piece.strip())
        if piece[:1].isspace():
            pending_space = bool(folded)
        if core:
            if pending_space:
                folded.append(" ")
                origins.append(start)
            folded.append(core)
            origins.extend([start] * len(core))
            pending_space = piece[-1].isspace()
        start = end
    return "".join(folded), origins


def fold(text: str) -> str:
    """Fold for matching words as they read: NFKC, invisible characters removed, case folded,
    confusables mapped to their skeleton, runs of whitespace read as one space."""
    return fold_with_positions(text)[0]

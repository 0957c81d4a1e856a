"""Search-result snippets: the passage around the first match, split into plain and matched
parts so that templates can mark matches up without building HTML from reader input."""

from __future__ import annotations

import re
from dataclasses import dataclass

SNIPPET_CHARS = 240


@dataclass(frozen=True)
class Part:
    text: str
    match: bool = False


def query_terms(query: str) -> list[str]:
    """The words of a query, without search syntax."""
    return [term for term in re.findall(r"\w+", query) if len(term) > 1 or term.isdigit()]


def _pattern(terms: list[str]) -> re.Pattern | None:
    if not terms:
        return None
    # A term matches the start of a word, so "militia" marks "militias" too (stemmed search).
    alternatives = "|".join(re.escape(t) for t in sorted(set(terms), key=len, reverse=True))
    return re.compile(rf"\b(?:{alternatives})\w*", re.IGNORECASE)


def highlight(text: str, query: str, width: int = SNIPPET_CHARS) -> list[Part]:
    """About `width` characters of text around the first match, with every match marked."""
    pattern = _pattern(query_terms(query))
    first = pattern.search(text) if pattern else None
    start = 0
    if first is not None and first.start() > width // 3:
        start = text.rfind(" ", 0, first.start() - width // 3) + 1
    end = start + width
    if end < len(text):
        end = text.rfind(" ", start, end) if text.rfind(" ", start, end) > start else end
    passage = ("…" if start else "") + text[start:end] + ("…" if end < len(text) else "")
    if pattern is None:
        return [Part(passage)]
    parts, position = [], 0
    for match in pattern.finditer(passage):
        if match.start() > position:
            parts.append(Part(passage[position : match.start()]))
        parts.append(Part(match.group(0), match=True))
        position = match.end()
    if position < len(passage):
        parts.append(Part(passage[position:]))
    return parts

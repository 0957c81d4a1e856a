"""Markup-heavy and oversize input, control characters, lone surrogates, emoji and
right-to-left text.

No database: these tests call the sanitizer directly and judge its output with the shared
HTML-safety oracle (comments/tests/html_safety.py), which parses it as a browser would.
"""

from __future__ import annotations

import re

import pytest

from comments import sanitizer
from comments.sanitizer import InputTooLarge, sanitize
from comments.tests.sanitizing import (
    elements,
    sanitized_safely,
    text_of,
)

# --------------------------------------------------------------------------------------------
# Caps: markup-heavy and oversize input
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "raw",
    [
        pytest.param("<div>" * 10_000, id="10k-div"),
        pytest.param("<b>" * 10_000, id="10k-b"),
        pytest.param("<b>" * 10_000 + "x" + "</b>" * 10_000, id="10k-b-closed"),
        pytest.param("<p><b>" * 5_000, id="5k-p-b"),
        pytest.param("<a href=https://x>" * 5_000, id="5k-a"),
        pytest.param("<table><b>" * 5_000, id="5k-table-b"),
    ],
)
def test_markup_heavy_input_is_escaped_as_text(raw):
    out = sanitized_safely(raw)  # finishing at all is half the point
    assert text_of(out) == raw
    # Escaped, not parsed: no formatting element or link from the input survives.
    for tag in ("b", "a", "div", "table"):
        assert elements(out, tag) == [], tag


def test_tag_cap_boundary():
    at_cap = "<b>x</b>" * 250  # exactly 500 "<": still parsed as markup
    assert at_cap.count("<") == sanitizer.MAX_TAGS == 500
    out = sanitized_safely(at_cap)
    assert len(elements(out, "b")) == 250

    over_cap = at_cap + " <"  # 501 "<": escaped as plain text
    out = sanitized_safely(over_cap)
    assert elements(out, "b") == []
    assert text_of(out) == over_cap


def test_input_at_size_limit_is_accepted():
    out = sanitized_safely("a" * 100_000)
    assert text_of(out) == "a" * 100_000


@pytest.mark.parametrize(
    "raw",
    [
        pytest.param("a" * 100_001, id="letters"),
        pytest.param("<" * 100_001, id="brackets"),
        pytest.param("\x00" * 100_001, id="nul-bytes-stripped-later"),
        pytest.param(" " * 100_001, id="whitespace"),
    ],
)
def test_oversize_input_raises(raw):
    with pytest.raises(InputTooLarge):
        sanitize(raw)


def test_input_too_large_is_a_value_error():
    assert issubclass(InputTooLarge, ValueError)


# --------------------------------------------------------------------------------------------
# Odd characters
# --------------------------------------------------------------------------------------------

_UNWANTED_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")


@pytest.mark.parametrize(
    ("raw", "expected_text"),
    [
        pytest.param("a\x00b", "ab", id="nul"),
        pytest.param("\x00\x00hello\x00", "hello", id="nuls-around"),
        pytest.param("bell\x07 and backspace\x08", "bell and backspace", id="c0"),
        pytest.param("\x1b[31mred\x1b[0m", "[31mred[0m", id="ansi-escape"),
        pytest.param("del\x7f and c1\x85\x9b", "del and c1", id="del-and-c1"),
        pytest.param("x\x0by\x0cz", "xyz", id="vertical-tab-form-feed"),
        pytest.param("non\ufffechar\uffff", "nonchar", id="noncharacters"),
        pytest.param("<b>bo\x00ld</b>", "bold", id="inside-markup"),
    ],
)
def test_control_characters_are_removed(raw, expected_text):
    out = sanitized_safely(raw)
    assert not _UNWANTED_CONTROL.search(out), repr(out)
    assert text_of(out) == expected_text


@pytest.mark.parametrize(
    "raw",
    [
        pytest.param("\ud800", id="lone-high"),
        pytest.param("a\udfffb", id="lone-low"),
        pytest.param("smile \ud83d!", id="half-emoji"),
        pytest.param("\udc00\ud800", id="reversed-pair"),
        pytest.param('<a href="https://x/\ud800" title="\udfff">x</a>', id="in-attributes"),
    ],
)
def test_lone_surrogates_do_not_raise_and_output_is_utf8(raw):
    out = sanitized_safely(raw)
    out.encode("utf-8")
    assert not any(0xD800 <= ord(ch) <= 0xDFFF for ch in out)


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("Great post 😀🎉", id="emoji"),
        pytest.param("family 👩\u200d👩\u200d👧 and flag 🇫🇷", id="zwj-and-flag"),
        pytest.param("שלום עולם", id="hebrew"),
        pytest.param("مرحبا بالعالم", id="arabic"),
        pytest.param("mixed English עברית and العربية", id="mixed-direction"),
        pytest.param("Ünïcödé, 中文, 日本語, ελληνικά", id="assorted"),
    ],
)
def test_emoji_and_rtl_text_survive(text):
    out = sanitized_safely(text)
    assert text_of(out) == text

"""Hostile markup: script, event handlers, dangerous links and titles are removed; the text stays.

No database: these tests call the sanitizer directly and judge its output with the shared
HTML-safety oracle (comments/tests/html_safety.py), which parses it as a browser would.
"""

from __future__ import annotations

import re

import pytest

from comments.tests.sanitizing import (
    JAVASCRIPT_HREFS,
    elements,
    links,
    sanitized_safely,
    text_of,
)

# --------------------------------------------------------------------------------------------
# Hostile markup
# --------------------------------------------------------------------------------------------

SCRIPT_PAYLOADS = [
    pytest.param("<script>alert(1)</script>", id="plain"),
    pytest.param("<SCRIPT>alert(1)</SCRIPT>", id="uppercase"),
    pytest.param("<ScRiPt>alert(1)</sCrIpT>", id="mixed-case"),
    pytest.param("<scr<script>ipt>alert(1)</script>", id="split"),
    pytest.param("<<script>script>alert(1)<</script>/script>", id="double-bracket"),
    pytest.param("<scr\x00ipt>alert(1)</scr\x00ipt>", id="nul-inside-name"),
    pytest.param('<script src="//evil.example/x.js" type="text/javascript"></script>', id="src"),
    pytest.param("<script defer async>alert(1)</script>", id="bare-attributes"),
    pytest.param("<script>alert(1)", id="unclosed"),
    pytest.param("<script", id="unterminated-start-tag"),
    pytest.param("<script/x>alert(1)</script>", id="slash-attribute"),
    pytest.param('<a title="<script>alert(1)</script>" href="https://x">x</a>', id="in-title"),
    pytest.param('<p title="</p><script>alert(1)</script>">x</p>', id="in-p-attribute"),
    pytest.param("<p>hi</p><script>alert(1)</script><p>there</p>", id="between-paragraphs"),
    pytest.param("<!--<script>alert(1)</script>-->", id="in-comment"),
    pytest.param("<!--><script>alert(1)</script>-->", id="comment-trick"),
    pytest.param("<![CDATA[<script>alert(1)</script>]]>", id="cdata"),
]


@pytest.mark.parametrize("payload", SCRIPT_PAYLOADS)
def test_script_tags_are_removed(payload):
    out = sanitized_safely(payload)
    assert not re.search(r"<\s*script", out, re.IGNORECASE), out


EVENT_HANDLER_PAYLOADS = [
    pytest.param("<img src=x onerror=alert(1)>", id="img-onerror"),
    pytest.param("<img src=x onerror=alert(1)//", id="img-onerror-unclosed"),
    pytest.param("<IMG SRC=x ONERROR=alert(1)>", id="img-onerror-uppercase"),
    pytest.param("<svg onload=alert(1)>", id="svg-onload"),
    pytest.param("<svg/onload=alert(1)>", id="svg-slash-onload"),
    pytest.param("<body onload=alert(1)>", id="body-onload"),
    pytest.param('<a href="https://example.com" onmouseover="alert(1)">x</a>', id="a-mouseover"),
    pytest.param('<a onclick="alert(1)" href="https://example.com">x</a>', id="a-onclick"),
    pytest.param("<input autofocus onfocus=alert(1)>", id="input-autofocus-onfocus"),
    pytest.param("<p tabindex=1 autofocus onfocus=alert(1)>x</p>", id="p-autofocus-onfocus"),
    pytest.param("<strong onmouseover=alert(1)>x</strong>", id="strong-onmouseover"),
    pytest.param("<details open ontoggle=alert(1)>", id="details-ontoggle"),
    pytest.param("<video><source onerror=alert(1)>", id="video-source-onerror"),
    pytest.param("<marquee onstart=alert(1)>", id="marquee-onstart"),
    pytest.param("<b/onmouseover=alert(1)>x</b>", id="slash-separator"),
    pytest.param('<b onmouseover\t=\n"alert(1)">x</b>', id="whitespace-around-equals"),
]


@pytest.mark.parametrize("payload", EVENT_HANDLER_PAYLOADS)
def test_event_handlers_are_removed(payload):
    out = sanitized_safely(payload)
    assert not re.search(r"\bon[a-z]+\s*=", out, re.IGNORECASE), out


def test_event_handler_is_dropped_but_safe_link_kept():
    out = sanitized_safely('<a href="https://example.com" onmouseover="alert(1)">x</a>')
    assert links(out) == [("https://example.com", None, "x")]


@pytest.mark.parametrize("href", JAVASCRIPT_HREFS)
@pytest.mark.parametrize("quote", ['"', "'"], ids=["double-quoted", "single-quoted"])
def test_dangerous_link_is_unlinked_but_text_kept(href, quote):
    if quote in href:  # pragma: no cover - none of the table entries contain quotes
        pytest.skip("payload contains the quote character")
    out = sanitized_safely(f"<a href={quote}{href}{quote}>click me</a>")
    assert elements(out, "a") == [], out
    assert "click me" in text_of(out)


@pytest.mark.parametrize(
    ("payload", "expected_links"),
    [
        pytest.param(
            '<a href="https://example.com" title="javascript:alert(1)">x</a>',
            [("https://example.com", "javascript:alert(1)", "x")],
            id="js-text-in-title-stays-text",
        ),
        pytest.param(
            '<a href="https://example.com" title="&#106;avascript:alert(1)">x</a>',
            [("https://example.com", "javascript:alert(1)", "x")],
            id="encoded-js-in-title",
        ),
        pytest.param(
            '<a href="https://example.com" title=\'" href="javascript:alert(1)\'>x</a>',
            [("https://example.com", '" href="javascript:alert(1)', "x")],
            id="title-tries-to-close-quote",
        ),
        pytest.param(
            '<a href="https://example.com" '
            'title="<noscript></noscript><img src=x onerror=1>">x</a>',
            [("https://example.com", "<noscript></noscript><img src=x onerror=1>", "x")],
            id="markup-in-title",
        ),
        pytest.param('<a title="javascript:alert(1)">x</a>', [], id="title-without-href"),
        pytest.param('<a title="https://ok.example" href="javascript:alert(1)">x</a>', [], id="js"),
        pytest.param('<a href="javascript:alert(1)" href="https://x">x</a>', [], id="dup-href-1"),
        pytest.param(
            '<a href="https://example.com" href="javascript:alert(1)">x</a>',
            [("https://example.com", None, "x")],
            id="dup-href-2",
        ),
    ],
)
def test_title_is_text_and_never_becomes_href(payload, expected_links):
    out = sanitized_safely(payload)
    assert links(out) == expected_links, out

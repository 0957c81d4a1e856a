"""What the test_sanitizer_*.py files share: the sanitizer judged by the HTML-safety oracle,
ways to look into its output, and link targets that must never survive."""

from __future__ import annotations

from xml.etree.ElementTree import Element

import pytest

from comments.sanitizer import sanitize
from comments.tests.html_safety import assert_safe_html, parse_fragment

parse = parse_fragment


def sanitized_safely(raw: str) -> str:
    out = sanitize(raw)
    assert_safe_html(out)
    return out


def elements(out: str, tag: str) -> list[Element]:
    return [node for node in parse(out).iter() if node.tag == tag]


def text_of(out: str) -> str:
    return "".join(parse(out).itertext())


def links(out: str) -> list[tuple[str | None, str | None, str]]:
    """(href, title, text) for each <a> in the output."""
    return [(a.get("href"), a.get("title"), "".join(a.itertext())) for a in elements(out, "a")]


JAVASCRIPT_HREFS = [
    pytest.param("javascript:alert(1)", id="plain"),
    pytest.param("JaVaScRiPt:alert(1)", id="mixed-case"),
    pytest.param("&#106;avascript:alert(1)", id="decimal-entity"),
    pytest.param("&#x6A;avascript:alert(1)", id="hex-entity"),
    pytest.param("&#X6a;avascript:alert(1)", id="hex-entity-uppercase-x"),
    pytest.param("&#0000106avascript:alert(1)", id="padded-entity-no-semicolon"),
    pytest.param("&#x6A&#x61&#x76&#x61script:alert(1)", id="hex-entities-no-semicolons"),
    pytest.param(
        "&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)",
        id="fully-encoded",
    ),
    pytest.param("javascript&colon;alert(1)", id="named-colon"),
    pytest.param("jav&#x09;ascript:alert(1)", id="tab-entity"),
    pytest.param("jav&Tab;ascript:alert(1)", id="named-tab"),
    pytest.param("jav&#x0A;ascript:alert(1)", id="newline-entity"),
    pytest.param("jav&NewLine;ascript:alert(1)", id="named-newline"),
    pytest.param("jav&#x0D;ascript:alert(1)", id="cr-entity"),
    pytest.param("jav\tascript:alert(1)", id="raw-tab"),
    pytest.param("jav\nascript:alert(1)", id="raw-newline"),
    pytest.param("jav\x00ascript:alert(1)", id="raw-nul"),
    pytest.param("jav&#0;ascript:alert(1)", id="nul-entity"),
    pytest.param("java\u200bscript:alert(1)", id="zero-width-space"),
    pytest.param("java\u00adscript:alert(1)", id="soft-hyphen"),
    pytest.param("   javascript:alert(1)", id="leading-spaces"),
    pytest.param("\x01\x02\x1f javascript:alert(1)", id="leading-controls"),
    pytest.param("&#x20;&#x01;javascript:alert(1)", id="leading-encoded-controls"),
    pytest.param("&amp;#106;avascript:alert(1)", id="double-encoded"),
    pytest.param("vbscript:msgbox(1)", id="vbscript"),
    pytest.param("VBScript:msgbox(1)", id="vbscript-case"),
    pytest.param("livescript:alert(1)", id="livescript"),
    pytest.param("data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==", id="data-html"),
    pytest.param("data:text/html,<script>alert(1)</script>", id="data-html-plain"),
    pytest.param("data:image/svg+xml,<svg onload=alert(1)>", id="data-svg"),
]

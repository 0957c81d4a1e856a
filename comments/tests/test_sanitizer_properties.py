"""is_safe_href, and properties over generated text: whatever goes in, safe HTML comes out.

No database: these tests call the sanitizer directly and judge its output with the shared
HTML-safety oracle (comments/tests/html_safety.py), which parses it as a browser would.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from comments.sanitizer import is_safe_href
from comments.tests.html_safety import SAFE_SCHEMES, link_scheme
from comments.tests.sanitizing import (
    JAVASCRIPT_HREFS,
    sanitized_safely,
)

# --------------------------------------------------------------------------------------------
# is_safe_href
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "href",
    [
        pytest.param("http://example.com", id="http"),
        pytest.param("https://example.com/a?b=1&c=2#d", id="https"),
        pytest.param("HTTP://EXAMPLE.COM", id="http-upper"),
        pytest.param("HtTpS://example.com", id="https-mixed"),
        pytest.param("mailto:editor@example.com", id="mailto"),
        pytest.param("MAILTO:editor@example.com", id="mailto-upper"),
        pytest.param("&#104;ttps://example.com", id="entity-encoded-https"),
    ],
)
def test_is_safe_href_accepts(href):
    assert is_safe_href(href) is True


@pytest.mark.parametrize(
    "href",
    [
        *JAVASCRIPT_HREFS,
        pytest.param("data:image/png;base64,iVBORw0KGgo=", id="data-image"),
        pytest.param("/relative/path", id="absolute-path"),
        pytest.param("relative/path", id="relative-path"),
        pytest.param("example.com", id="bare-host"),
        pytest.param("www.example.com", id="www"),
        pytest.param("?q=1", id="query"),
        pytest.param("#top", id="fragment"),
        pytest.param("../up", id="dot-dot"),
        pytest.param("//evil.com", id="protocol-relative"),
        pytest.param("\\\\evil.com", id="backslash-relative"),
        pytest.param("", id="empty"),
        pytest.param("   ", id="blank"),
        pytest.param("https", id="scheme-without-colon"),
        pytest.param("httpsx://example.com", id="lookalike-scheme"),
        pytest.param("ftp://example.com", id="ftp"),
        pytest.param("file:///etc/passwd", id="file"),
        pytest.param("tel:+15555550123", id="tel"),
    ],
)
def test_is_safe_href_rejects(href):
    assert is_safe_href(href) is False


# --------------------------------------------------------------------------------------------
# Property tests
# --------------------------------------------------------------------------------------------

FRAGMENTS = [
    "<", ">", "</", "/", "/>", "<!--", "-->", "<![CDATA[", "]]>", "<?", "=", '"', "'", "`",
    " ", "\t", "\n", "\n\n", "\r\n", "\x00", "\x0b", "\ud800", "&", "&#", "&#x", ";", "6A",
    "106", "0000106", "amp;", "lt;", "colon;", "Tab;", "script", "SCRIPT", "a href=", "a",
    "href", "title=", "img", "src=x", "on", "onerror", "onload=", "alert(1)", "javascript:",
    "java", "script:", "data:", "vbscript:", "https://", "http://x.y", "www.", "mailto:", "svg",
    "math", "mtext", "mglyph", "mi", "style", "noscript", "template", "textarea", "xmp",
    "iframe", "srcdoc=", "table", "form", "p", "b", "pre", "code", "br", "li", "ul",
    "blockquote", "xlink:href=", "😀", "ש",
]  # fmt: skip

markup_text = st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=3)), max_size=80).map(
    "".join
)

PROPERTY_SETTINGS = settings(
    max_examples=400,
    deadline=None,
    database=None,  # no example database: runs stay independent of earlier ones
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@PROPERTY_SETTINGS
@given(st.text())
def test_property_arbitrary_text_is_sanitized_safely(raw):
    sanitized_safely(raw)


@PROPERTY_SETTINGS
@given(markup_text)
def test_property_markup_heavy_text_is_sanitized_safely(raw):
    sanitized_safely(raw)


@PROPERTY_SETTINGS
@given(st.lists(markup_text, min_size=1, max_size=3))
def test_property_markup_inside_allowed_containers_is_sanitized_safely(parts):
    head, *rest = parts
    raw = f'<blockquote><a href="https://x" title="{head}">{"".join(rest)}</a></blockquote>'
    sanitized_safely(raw)


@PROPERTY_SETTINGS
@given(st.one_of(markup_text, st.text()))
def test_property_is_safe_href_never_accepts_a_non_http_scheme(href):
    if is_safe_href(href):
        assert link_scheme(href) in SAFE_SCHEMES, href

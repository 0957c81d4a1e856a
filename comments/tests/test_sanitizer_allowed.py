"""What readers may write survives: allowed markup, links with rel, bare URLs, paragraphs,
text with markup characters.

No database: these tests call the sanitizer directly and judge its output with the shared
HTML-safety oracle (comments/tests/html_safety.py), which parses it as a browser would.
"""

from __future__ import annotations

import pytest

from comments.tests.html_safety import LINK_REL
from comments.tests.sanitizing import (
    elements,
    links,
    parse,
    sanitized_safely,
    text_of,
)

# --------------------------------------------------------------------------------------------
# Allowed markup survives
# --------------------------------------------------------------------------------------------


def test_paragraph_with_inline_markup_survives():
    out = sanitized_safely("Hello <strong>bold</strong> <em>it</em> <code>x = 1</code> <b>b</b>")
    (p,) = elements(out, "p")
    assert [child.tag for child in p] == ["strong", "em", "code", "b"]
    assert [child.text for child in p] == ["bold", "it", "x = 1", "b"]
    assert text_of(out) == "Hello bold it x = 1 b"


def test_blockquote_survives():
    out = sanitized_safely("<blockquote>Someone said <i>this</i>.</blockquote>")
    (quote,) = elements(out, "blockquote")
    assert "".join(quote.itertext()) == "Someone said this."
    assert len(elements(out, "i")) == 1


def test_nested_list_survives():
    out = sanitized_safely("<ul><li>one<ol><li>one.a</li><li>one.b</li></ol></li><li>two</li></ul>")
    (ul,) = elements(out, "ul")
    top = [li for li in ul if li.tag == "li"]
    assert len(top) == 2
    (inner,) = [child for child in top[0] if child.tag == "ol"]
    assert ["".join(li.itertext()) for li in inner] == ["one.a", "one.b"]


def test_pre_preserves_indentation():
    source = "def f(x):\n    if x:\n        return 1\n    return 2"
    out = sanitized_safely(f"<pre>{source}</pre>")
    (pre,) = elements(out, "pre")
    assert "".join(pre.itertext()) == source
    assert elements(out, "br") == []
    assert elements(out, "p") == []


def test_pre_with_code_preserves_indentation():
    source = "for i in range(3):\n    print(i)"
    out = sanitized_safely(f"<pre><code>{source}</code></pre>")
    (code,) = elements(out, "code")
    assert code.text == source


@pytest.mark.parametrize(
    "url",
    [
        pytest.param("https://example.com/article?x=1", id="https"),
        pytest.param("http://example.com/", id="http"),
        pytest.param("HTTPS://EXAMPLE.COM/", id="upper-case-scheme"),
    ],
)
def test_http_link_gets_rel(url):
    out = sanitized_safely(f'<a href="{url}" title="A page">a page</a>')
    assert links(out) == [(url, "A page", "a page")]
    (a,) = elements(out, "a")
    assert a.get("rel") == LINK_REL
    assert set(a.attrib) == {"href", "title", "rel"}


@pytest.mark.parametrize(
    "extra",
    [
        pytest.param('rel="opener"', id="user-rel"),
        pytest.param('target="_blank"', id="target"),
        pytest.param('rel="opener" target="_blank" id="x" class="y"', id="several"),
    ],
)
def test_user_link_attributes_are_replaced_by_policy(extra):
    out = sanitized_safely(f'<a href="https://example.com" {extra}>x</a>')
    (a,) = elements(out, "a")
    assert dict(a.attrib) == {"href": "https://example.com", "rel": LINK_REL}


def test_mailto_link_survives():
    out = sanitized_safely('<a href="mailto:editor@example.com">write to us</a>')
    assert links(out) == [("mailto:editor@example.com", None, "write to us")]


def test_bare_url_is_linkified_with_rel():
    out = sanitized_safely("see https://example.com/a?b=1&c=2 for more")
    assert links(out) == [("https://example.com/a?b=1&c=2", None, "https://example.com/a?b=1&c=2")]
    (a,) = elements(out, "a")
    assert a.get("rel") == LINK_REL
    assert text_of(out) == "see https://example.com/a?b=1&c=2 for more"


def test_www_without_scheme_never_gets_a_non_http_href():
    out = sanitized_safely("try www.example.com/page today")
    assert "www.example.com/page" in text_of(out)
    for href, _title, _text in links(out):
        assert href is not None and href.startswith(("http://", "https://")), out


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("javascript:alert(1)", id="javascript"),
        pytest.param("data:text/html,hi", id="data"),
        pytest.param("//evil.example/x", id="protocol-relative"),
    ],
)
def test_non_http_bare_text_is_not_linkified(text):
    out = sanitized_safely(f"look {text} here")
    assert links(out) == []
    assert text_of(out) == f"look {text} here"


# --------------------------------------------------------------------------------------------
# Plain text: paragraphs, line breaks, escaping
# --------------------------------------------------------------------------------------------


def paragraphs(out: str) -> list[list[str]]:
    """Each <p> as the list of its text runs between <br>s."""
    result = []
    for p in elements(out, "p"):
        runs = [p.text or ""]
        for child in p:
            assert child.tag == "br", out
            runs.append(child.tail or "")
        result.append([run.strip("\n") for run in runs])
    return result


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        pytest.param("a", [["a"]], id="single-line"),
        pytest.param("a\nb", [["a", "b"]], id="newline-is-br"),
        pytest.param("a\n\nb", [["a"], ["b"]], id="blank-line-is-paragraph"),
        pytest.param("a\r\nb", [["a", "b"]], id="crlf-newline"),
        pytest.param("a\r\n\r\nb", [["a"], ["b"]], id="crlf-blank-line"),
        pytest.param("a\rb", [["a", "b"]], id="bare-cr"),
        pytest.param("a\n \t\nb", [["a"], ["b"]], id="whitespace-only-line"),
        pytest.param("a\n\n\n\n\nb", [["a"], ["b"]], id="many-blank-lines"),
        pytest.param("\n\n a\nb\nc \n\n\n", [["a", "b", "c"]], id="surrounding-blank-lines"),
        pytest.param("one\ntwo\n\nthree", [["one", "two"], ["three"]], id="mixed"),
    ],
)
def test_plain_text_paragraph_rules(raw, expected):
    out = sanitized_safely(raw)
    assert paragraphs(out) == expected, out
    assert "\r" not in out


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("1 < 2 & 3 > 2", id="comparison"),
        pytest.param("2<3 and 4>1", id="lt-digit"),
        pytest.param("<3 you", id="heart"),
        pytest.param("AT&T and R&D", id="ampersands"),
        pytest.param("if (a && b) { x = a << 2; }", id="code-like"),
        pytest.param("he said \"hi\" & 'bye'", id="quotes"),
    ],
)
def test_text_with_markup_characters_round_trips(text):
    out = sanitized_safely(text)
    assert text_of(out) == text
    assert elements(out, "p") and len(parse(out)) == 1  # one paragraph, nothing else


def test_comparison_text_is_escaped():
    out = sanitized_safely("1 < 2 & 3 > 2")
    assert "&lt;" in out and "&amp;" in out
    assert "< 2" not in out and "& 3" not in out

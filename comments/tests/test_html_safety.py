"""The HTML-safety oracle (comments/tests/html_safety.py) must be able to fail, or every test
that leans on it (the sanitizer's, the XSS conformance suite's) is hollow."""

import pytest

from comments.tests.html_safety import (
    LINK_REL,
    assert_safe_html,
    discussion_section,
    unsafe_parts_of_section,
)

REL = f'rel="{LINK_REL}"'


@pytest.mark.parametrize(
    "unsafe",
    [
        pytest.param("<img src=x onerror=alert(1)>", id="img-element"),
        pytest.param("<script>alert(1)</script>", id="script-element"),
        pytest.param("<style>*{}</style>", id="style-element"),
        pytest.param("<svg></svg>", id="svg-element"),
        pytest.param("<svg><style>x</style></svg>", id="svg-style"),
        pytest.param("<math><mi>x</mi></math>", id="math"),
        pytest.param("<!-- hi -->", id="comment"),
        pytest.param('<p onclick="alert(1)">x</p>', id="on-attribute"),
        pytest.param('<p style="color:red">x</p>', id="style-attribute"),
        pytest.param('<p title="x">x</p>', id="title-off-a"),
        pytest.param(f'<a href="https://x" id="y" {REL}>x</a>', id="id-on-a"),
        pytest.param(f'<a href="https://x" target="_blank" {REL}>x</a>', id="target-on-a"),
        pytest.param(f'<a href="javascript:alert(1)" {REL}>x</a>', id="js-href"),
        pytest.param(f'<a href="JavaScript:alert(1)" {REL}>x</a>', id="js-href-mixed-case"),
        pytest.param(f'<a href="&amp;#106;avascript:1" {REL}>x</a>', id="double-encoded-href"),
        pytest.param(f'<a href=" jav&#9;ascript:1" {REL}>x</a>', id="tab-href"),
        pytest.param(f'<a href="java&#x200B;script:1" {REL}>x</a>', id="zero-width-space-href"),
        pytest.param(f'<a href="\u2028javascript:1" {REL}>x</a>', id="line-separator-href"),
        pytest.param(f'<a href="data:text/html,x" {REL}>x</a>', id="data-href"),
        pytest.param(f'<a href="//evil.com" {REL}>x</a>', id="protocol-relative-href"),
        pytest.param(f'<a href="/path" {REL}>x</a>', id="relative-href"),
        pytest.param('<a href="https://example.com">x</a>', id="missing-rel"),
        pytest.param(f"<a {REL}>x</a>", id="missing-href"),
        pytest.param('<p title="a<img src=x onerror=alert(1)>">x</p>', id="raw-lt-in-attr"),
        pytest.param("x\ud800", id="lone-surrogate"),
    ],
)
def test_oracle_rejects_unsafe_html(unsafe):
    with pytest.raises((AssertionError, UnicodeEncodeError)):
        assert_safe_html(unsafe)


def test_oracle_accepts_allowed_html():
    assert_safe_html(
        "<p>a<br><strong>b</strong> <b>c</b> <em>d</em> <i>e</i> <code>f</code></p>"
        "<blockquote><ul><li>g</li></ul><ol><li>h</li></ol></blockquote><pre>  i</pre>"
        f'<p><a href="https://x" title="t" {REL}>j</a><a href="HTTP://x" {REL}>k</a>'
        f'<a href="mailto:a@example.com" {REL}>l</a> 1 &lt; 2 &amp; 3 &gt; 2</p>'
    )


@pytest.mark.parametrize(
    "unsafe",
    [
        pytest.param('<div class="comment-content"><img src=x></div>', id="in-content"),
        pytest.param('<div><iframe src="https://x"></iframe></div>', id="chrome-iframe"),
        pytest.param('<form action="javascript:alert(1)"></form>', id="chrome-action"),
        pytest.param('<button onclick="alert(1)">x</button>', id="chrome-handler"),
        pytest.param(f'<div class="comment-content"><a href="/x" {REL}>x</a></div>', id="rel-link"),
    ],
)
def test_section_oracle_rejects_unsafe_html(unsafe):
    page = f'<html><body><section id="comments">{unsafe}</section></body></html>'
    assert unsafe_parts_of_section(discussion_section(page))


def test_section_oracle_accepts_the_page_chrome():
    page = (
        '<html><body><section id="comments"><h2>1 Comment</h2><ol><li id="c1">'
        f'<div class="comment-content"><p><a href="https://x" {REL}>x</a></p></div>'
        '<a href="/comments/reply/1/">Reply</a></li></ol>'
        '<form method="post" action="/comments/post/"><textarea name="comment"></textarea>'
        "</form></section></body></html>"
    )
    assert unsafe_parts_of_section(discussion_section(page)) == []

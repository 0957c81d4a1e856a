"""The one removed-markup scanner: what it reports, what the desk highlights, and that its
work grows linearly with the text whatever the text is."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from blog.tests.factories import BlogPageFactory
from comments import sanitizer_report
from comments.desk.presenters import highlight_removed
from comments.models import TribuneComment
from comments.sanitizer import sanitize
from comments.sanitizer_report import describe_removed_markup, find_removals
from comments.tests.helpers import post_comment


def _marked(raw: str) -> list[str]:
    return re.findall(r"<mark>(.*?)</mark>", str(highlight_removed(raw)), re.DOTALL)


def test_removed_attribute_is_marked_not_the_link_that_survived():
    raw = 'See <a href="https://example.com/" onclick="steal()">this</a>'
    assert _marked(raw) == ["onclick=&quot;steal()&quot;"]
    assert describe_removed_markup(raw) == ("onclick attribute on <a>",)


def test_every_disallowed_attribute_is_marked_on_its_own():
    raw = '<b title="t" style="x">bold</b> <i class=c>it</i>'
    assert _marked(raw) == ["title=&quot;t&quot;", "style=&quot;x&quot;", "class=c"]


def test_removed_element_is_marked_whole_with_its_end_tag():
    assert _marked("a <u>b</u> c") == ["&lt;u&gt;", "&lt;/u&gt;"]


@pytest.mark.parametrize(
    "raw",
    [
        "<script>alert(1)</script>",
        "<SCRIPT type=x>alert(1)</SCRIPT >",
        "<style>body{display:none}</style>",
        "<script>if (a < b) alert('</p>')</script>",
        "<script>alert(1)",  # never closed: runs to the end
    ],
)
def test_script_and_style_content_goes_with_the_element(raw):
    assert "alert" not in sanitize(f"{raw} kept") and "display" not in sanitize(f"{raw} kept")
    assert len(_marked(raw)) == 1


def test_status_summary_lists_every_removed_element():
    raw = (
        '<iframe srcdoc="<script>x</script>"></iframe> <object data=x></object> '
        "<img src=x onerror=alert(1)> <svg><circle/></svg>"
    )
    removed = describe_removed_markup(raw)
    for element in ("<iframe> element", "<object> element", "<img> element", "<svg> element"):
        assert element in removed
    assert "onerror attribute on <img>" in removed


def test_unsafe_link_marks_the_tag_and_keeps_the_text():
    raw = '<a href="java&#x09;script:alert(1)">text</a>'
    assert _marked(raw)[0].startswith("&lt;a href=")
    assert describe_removed_markup(raw) == ("unsafe link 'java\\tscript:alert(1)'",)


@pytest.mark.parametrize(
    "raw",
    ["Plain words", "a < b and c > d", "<b>bold</b> <a href='https://e.com/' title=t>l</a>"],
)
def test_nothing_is_marked_when_nothing_is_removed(raw):
    assert _marked(raw) == [] and describe_removed_markup(raw) == ()


# Linear work: every step of the scanner goes through its patterns or str.find, so counting the
# characters they read counts its work.
HOSTILE = {
    "lt-letters": lambda n: "<" + "a" * (n - 1),
    "lt-name-space": lambda n: "<a " + "b" * (n - 3),
    "open-quote": lambda n: '<a href="' + "x" * (n - 9),
    "many-attributes": lambda n: "<b " + "x=1 " * ((n - 3) // 4),
    "attribute-lt": lambda n: "<a title=" + "<" * 400 + "a" * (n - 409),
    "tags": lambda n: ("<b x=1>" + "t" * 200) * (n // 207),
    "comment-open": lambda n: "<!--" + "-" * (n - 4),
    "script-open": lambda n: "<script>" + "</scrip" * ((n - 8) // 7),
    "lt-slash": lambda n: "</" + "a" * (n - 2),
}


class _Counted:
    def __init__(self, pattern, counter):
        self.pattern, self.counter = pattern, counter

    def match(self, text, position=0):
        found = self.pattern.match(text, position)
        self.counter[0] += (found.end() if found else position) - position + 1
        return found

    def search(self, text, position=0):
        found = self.pattern.search(text, position)
        self.counter[0] += (found.end() if found else len(text)) - position + 1
        return found


def _work(raw: str, monkeypatch) -> int:
    counter = [0]
    for name in ("_NAME", "_SPACE", "_ATTRIBUTE_NAME", "_EQUALS", "_UNQUOTED"):
        monkeypatch.setattr(
            sanitizer_report, name, _Counted(getattr(sanitizer_report, name), counter)
        )
    for tag, pattern in sanitizer_report._END_TAG.items():
        monkeypatch.setitem(sanitizer_report._END_TAG, tag, _Counted(pattern, counter))
    original_find = sanitizer_report._find

    def counted_find(text, needle, start):
        found = original_find(text, needle, start)
        counter[0] += (len(text) if found < 0 else found) - start + 1
        return found

    monkeypatch.setattr(sanitizer_report, "_find", counted_find)
    find_removals(raw)
    highlight_removed(raw)
    return counter[0]


@pytest.mark.parametrize("shape", sorted(HOSTILE))
def test_scanner_work_grows_linearly(shape, monkeypatch):
    small, large = HOSTILE[shape](10_000), HOSTILE[shape](100_000)
    assert _work(large, monkeypatch) <= 12 * max(_work(small, monkeypatch), len(small))


@pytest.mark.django_db
def test_desk_shows_what_was_removed_precisely(article_with_desk):
    desk, article = article_with_desk
    post_comment(
        Client(),
        article,
        comment='Hi <a href="https://e.com/" onclick="x()">l</a> <iframe src="https://e/"></iframe>',
    )
    comment = TribuneComment.objects.get()
    html = desk.get(reverse("comment_desk:inspect", args=[comment.pk])).content.decode()
    assert "<mark>onclick=&quot;x()&quot;</mark>" in html
    assert "&lt;iframe&gt; element" in html


@pytest.fixture
def article_with_desk(db, admin_client):
    return admin_client, BlogPageFactory()

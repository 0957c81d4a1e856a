"""In Chromium, the imported reference article reads as its WordPress original: the text and
list, "1 Comment" by Urs at its date, the form, and threads oldest first with no pingbacks.

Needs Debian's Chromium at /usr/bin/chromium (skipped without it unless REQUIRE_BROWSER=1).
"""

import html
import json
import re
from io import StringIO

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from blog.demo import DEMO_FILE
from blog.models import BlogPage
from blog.tests import wxr
from blog.tests.factories import BlogIndexPageFactory
from comments.tests.browser import BROWSER_TEST_MARKS

pytestmark = BROWSER_TEST_MARKS
ARTICLE = json.loads(DEMO_FILE.read_text(encoding="utf-8"))["articles"][0]

# A second post, its comments in shuffled file order: WordPress shows them oldest first with
# replies under their parents (the site's depth limit, 3, is not reached).
THREAD = [  # (id, parent, author, minute)
    (14, 11, "Dana", 40),
    (12, 0, "Bea", 10),
    (11, 0, "Ann", 5),
    (15, 14, "Eli", 45),
    (13, 11, "Cem", 20),
    (16, 12, "Fay", 15),
]
AS_WORDPRESS_SHOWS = [("Ann", 0), ("Cem", 1), ("Dana", 1), ("Eli", 2), ("Bea", 0), ("Fay", 1)]


def _paragraphs() -> list[str]:
    texts = []
    for block in ARTICLE["body"]:
        value = block["value"]
        if value.startswith("<p>"):
            texts.append(html.unescape(re.sub(r"<[^>]+>", "", value)).strip())
    return texts


@pytest.fixture
def imported(tmp_path):
    BlogIndexPageFactory(slug="blog")
    pingback = wxr.Comment(
        2, author="A Pinging Blog", type="pingback", date_gmt="2016-10-22 09:00:00"
    )
    reference = wxr.reference_post(extra_comments=(pingback,))
    threads = wxr.Post(
        102,
        title="Threads",
        slug="threads",
        comments=[
            *[
                wxr.Comment(i, parent=p, author=a, date_gmt=f"2016-10-23 10:{m:02d}:00")
                for i, p, a, m in THREAD
            ],
            wxr.Comment(
                17, author="Trackback Site", type="trackback", date_gmt="2016-10-23 10:01:00"
            ),
        ],
    )
    path = wxr.write(tmp_path / "export.xml", [reference, threads])
    call_command("import_wordpress", str(path), stdout=StringIO(), stderr=StringIO())
    return BlogPage.objects.get(slug=ARTICLE["slug"]), BlogPage.objects.get(slug="threads")


def test_imported_reference_article_reads_as_the_original(browser, live_server, imported):
    reference, _ = imported
    page = browser.new_page()
    page.goto(live_server.url + reference.url)

    expect(page.get_by_role("heading", level=1)).to_have_text(ARTICLE["title"])
    body = page.locator("main article").first
    for text in _paragraphs():
        expect(body.get_by_text(text, exact=True)).to_be_visible()
    militias = body.get_by_role("list").first.get_by_role("listitem")
    expect(militias).to_have_count(7)
    expect(militias.first).to_have_text("Liwa Abul Fadl al-Abbas")

    expect(page.locator("#comments-heading")).to_have_text("1 Comment")
    comment = page.locator("li.comment")
    expect(comment).to_have_count(1)
    expect(comment.locator(".comment-author")).to_have_text("Urs")
    expect(comment.locator("time")).to_have_text("October 21, 2016 at 2:43 pm")
    expect(page.get_by_role("heading", name="Leave a Comment")).to_be_visible()
    expect(page.get_by_text("A Pinging Blog")).to_have_count(0)


def test_imported_threads_read_oldest_first_as_wordpress_showed_them(
    browser, live_server, imported
):
    _, threads = imported
    page = browser.new_page()
    page.goto(live_server.url + threads.url)

    expect(page.locator("#comments-heading")).to_have_text("6 Comments")
    shown = page.locator("li.comment").evaluate_all(
        """items => items.map(li => {
            let depth = 0;
            for (let up = li.parentElement.closest('li.comment'); up;
                 up = up.parentElement.closest('li.comment')) depth++;
            return [li.querySelector('.comment-author').textContent, depth];
        })"""
    )
    assert [tuple(item) for item in shown] == AS_WORDPRESS_SHOWS
    expect(page.get_by_text("Trackback Site")).to_have_count(0)

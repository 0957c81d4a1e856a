"""Replying to a comment in a real Chromium, with and without JavaScript.

Needs Debian's Chromium at /usr/bin/chromium (Playwright's own browser download is not used).
Without it these tests are skipped, unless REQUIRE_BROWSER=1 is set (as in CI): then they fail.
"""

import re

import pytest
from playwright.sync_api import expect

from comments.tests.browser import BROWSER_TEST_MARKS
from comments.tests.factories import CommentFactory
from comments.tests.helpers import set_policy

CONFIRM_LINK = re.compile(r"https?://\S+/comments/confirm/\S+/")

pytestmark = BROWSER_TEST_MARKS


@pytest.fixture
def article_with_comment(article):
    """An article with one top-level comment, by Urs."""
    urs = CommentFactory(content_object=article, user_name="Urs")
    return article, urs


@pytest.fixture
def open_discussion():
    """A policy under which a confirmed comment by a newcomer is published at once.

    A scripted browser fills the form faster than a person could, so the minimum writing
    time (a spam rule) is off as well.
    """
    return set_policy(premoderate_new_commenters=False, min_seconds_to_submit=0)


def test_reply_opens_in_place_and_shows_nested_once_confirmed(
    browser, live_server, settings, mailoutbox, article_with_comment, open_discussion, tmp_path
):
    # Emailed links are built on the public base URL: point it at the live server.
    settings.WAGTAILADMIN_BASE_URL = live_server.url
    article, urs = article_with_comment
    article_url = live_server.url + article.get_absolute_url()
    page = browser.new_page()

    page.goto(article_url)
    expect(page.locator("#comments-heading")).to_have_text("1 Comment")
    urs_item = page.locator(f"li#c{urs.pk}")
    urs_item.get_by_role("link", name="Reply to Urs", exact=True).click()

    form = urs_item.locator("#comment-form")
    expect(form).to_be_visible()
    expect(urs_item.locator("#reply-title")).to_have_text("Reply to Urs")
    assert page.url == article_url, "Reply left the article instead of opening in place"

    form.get_by_role("textbox", name="Name", exact=True).fill("Vreni")
    form.get_by_role("textbox", name="Email", exact=True).fill("vreni@example.com")
    form.get_by_role("textbox", name="Comment", exact=True).fill(
        "Urs has a point about the trains."
    )
    form.get_by_role("button", name="Post Comment").click()

    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Thank you — please confirm your comment"
    )
    assert len(mailoutbox) == 1
    email = mailoutbox[0]
    assert email.to == ["vreni@example.com"]
    link = CONFIRM_LINK.search(email.body).group(0)
    assert link.startswith(live_server.url)

    page.goto(link)
    page.get_by_role("button", name="Confirm my comment").click()
    expect(page.locator("#comments-heading")).to_have_text("2 Comments")
    assert page.url.startswith(article_url)
    reply = page.locator(f"li#c{urs.pk} > ol.children > li")
    expect(reply).to_have_count(1)
    expect(reply).to_contain_text("Vreni")
    expect(reply.get_by_text("Urs has a point about the trains.")).to_be_visible()
    expect(page.locator("ol.comment-list > li")).to_have_count(1)

    page.screenshot(path=tmp_path / "reply-confirmed.png", full_page=True)


def test_reply_without_javascript_opens_the_reply_page(browser, live_server, article_with_comment):
    _, urs = article_with_comment
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()

    page.goto(live_server.url + urs.content_object.get_absolute_url())
    page.locator(f"li#c{urs.pk}").get_by_role("link", name="Reply to Urs", exact=True).click()

    expect(page).to_have_url(f"{live_server.url}/comments/reply/{urs.pk}/")
    expect(page.locator("h1")).to_have_text("Reply to Urs")
    expect(page.locator("#comment-form")).to_be_visible()
    expect(page.locator("#comment-form input[name=reply_to]")).to_have_value(str(urs.pk))
    context.close()

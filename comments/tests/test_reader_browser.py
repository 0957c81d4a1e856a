"""Readers as people, in a real Chromium: sign up, verify, comment, edit, delete; report a
comment without an account; the live character counter that never cuts.

Needs Debian's Chromium at /usr/bin/chromium (skipped without it unless REQUIRE_BROWSER=1).
"""

import re

import pytest
from django.core.cache import cache
from playwright.sync_api import expect

from comments.models import CommentReport, Status, TribuneComment
from comments.tests.browser import BROWSER_TEST_MARKS
from comments.tests.factories import CommentFactory
from comments.tests.helpers import set_policy

pytestmark = BROWSER_TEST_MARKS

VERIFY_LINK = re.compile(r"https?://\S+/accounts/confirm-email/\S+/")


@pytest.fixture
def open_discussion():
    """Newcomers are published at once, and a scripted browser may type fast."""
    cache.clear()  # allauth's rate limits live in the cache
    return set_policy(premoderate_new_commenters=False, min_seconds_to_submit=0)


def test_sign_up_verify_comment_edit_and_delete(
    browser, live_server, settings, mailoutbox, article, open_discussion
):
    settings.WAGTAILADMIN_BASE_URL = live_server.url
    page = browser.new_page()
    article_url = live_server.url + article.get_absolute_url()

    page.goto(article_url)
    expect(page.locator(".sign-in-or-guest")).to_contain_text("Sign in or comment as a guest.")
    page.goto(live_server.url + "/accounts/signup/")
    page.get_by_label("Email").fill("vreni@example.com")
    page.get_by_label("Username").fill("vreni")
    page.get_by_label("Password", exact=True).fill("trains and mountains 42")
    page.get_by_label("Password (again)").fill("trains and mountains 42")
    page.get_by_role("button", name="Sign Up").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Verify Your Email Address")

    assert mailoutbox and mailoutbox[-1].to == ["vreni@example.com"]
    link = VERIFY_LINK.search(mailoutbox[-1].body).group(0)
    page.goto(link)
    page.get_by_role("button", name="Confirm").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your comments")

    page.goto(article_url)
    form = page.locator("#comment-form")
    expect(form.locator(".logged-in-as")).to_contain_text("Logged in as vreni")
    form.get_by_role("textbox", name="Comment", exact=True).fill("The trians run on time.")
    form.get_by_role("button", name="Post Comment").click()
    comment = TribuneComment.objects.get()
    assert comment.user.username == "vreni" and comment.status == Status.APPROVED
    item = page.locator(f"li#c{comment.pk}")
    expect(item).to_contain_text("The trians run on time.")

    item.get_by_role("link", name="Edit").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Edit your comment")
    page.get_by_role("textbox", name="Your comment").fill("The trains run on time.")
    page.get_by_role("button", name="Save changes").click()
    item = page.locator(f"li#c{comment.pk}")
    expect(item).to_contain_text("The trains run on time.")
    expect(item.locator(".comment-edited")).to_contain_text("Edited")

    item.get_by_role("link", name="Delete").click()
    page.get_by_role("button", name="Delete comment").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your comment was deleted")
    page.goto(article_url)
    expect(page.locator(f"li#c{comment.pk}")).to_have_count(0)
    expect(page.locator("#comments-heading")).to_have_text("No comments yet")


def test_an_anonymous_reader_reports_a_comment(browser, live_server, article):
    comment = CommentFactory(content_object=article, user_name="Spammer", comment="Cheap pills")
    page = browser.new_page()
    page.goto(live_server.url + article.get_absolute_url())
    page.locator(f"li#c{comment.pk}").get_by_role(
        "link", name="Report the comment by Spammer"
    ).click()
    assert "/admin/" not in page.url
    expect(page.get_by_role("heading", level=1)).to_have_text("Report this comment")
    page.get_by_label("Spam").check()
    page.get_by_label("Anything moderators should know (optional)").fill("Pills again")
    page.get_by_role("button", name="Send report").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Thanks, a moderator will look at it")
    report = CommentReport.objects.get()
    assert (report.reason, report.details, report.user) == ("spam", "Pills again", None)


def test_the_counter_says_how_much_is_over_and_nothing_is_cut(
    browser, live_server, settings, article
):
    settings.TRIBUNE_COMMENT_MAX_LENGTH = 50
    page = browser.new_page()
    page.goto(live_server.url + article.get_absolute_url())
    box = page.get_by_role("textbox", name="Comment", exact=True)
    assert box.get_attribute("maxlength") is None
    box.fill("x" * 45)
    expect(page.locator(".char-counter")).to_have_text("5 characters left.")
    box.fill("x" * 60)
    expect(page.locator(".char-counter")).to_contain_text("10 characters over the limit of 50")
    assert len(box.input_value()) == 60


def test_remembered_details_are_filled_in_by_the_page(
    browser, live_server, article, open_discussion, no_email_confirmation
):
    page = browser.new_page()
    url = live_server.url + article.get_absolute_url()
    page.goto(url)
    form = page.locator("#comment-form")
    form.get_by_role("textbox", name="Name", exact=True).fill("Urs")
    form.get_by_role("textbox", name="Email", exact=True).fill("urs@example.com")
    form.get_by_role("textbox", name="Comment", exact=True).fill("Remember me.")
    form.get_by_label("Save my name and email in this browser").check()
    form.get_by_role("button", name="Post Comment").click()
    page.goto(url)
    form = page.locator("#comment-form")
    expect(form.get_by_role("textbox", name="Name", exact=True)).to_have_value("Urs")
    expect(form.get_by_role("textbox", name="Email", exact=True)).to_have_value("urs@example.com")

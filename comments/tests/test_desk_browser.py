"""The moderation desk in a real Chromium: a moderator approves a held comment, a reader sees it.

Needs Debian's Chromium at /usr/bin/chromium (Playwright's own browser download is not used).
Without it these tests are skipped, unless REQUIRE_BROWSER=1 is set (as in CI): then they fail.
"""

import re

from playwright.sync_api import expect

from comments.models import Status, TribuneComment
from comments.tests.browser import BROWSER_TEST_MARKS
from comments.tests.factories import CommentFactory

FIRST_COMMENT = "First comment from this author."

pytestmark = BROWSER_TEST_MARKS


def _held(article, text, name):
    return CommentFactory(
        content_object=article,
        status=Status.HELD,
        user_name=name,
        comment=text,
        moderation_reason="new_commenter",
        moderation_summary=FIRST_COMMENT,
    )


def _log_in(browser, live_server):
    """A moderator's browser context, signed in through Wagtail's own login form."""
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    page = context.new_page()
    page.goto(f"{live_server.url}/admin/login/")
    page.get_by_label("Username").fill("moderator")
    page.get_by_label("Password").fill("pw")
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(f"{live_server.url}/admin/")
    return context, page


def _queue_row(page, text):
    return page.locator("table.listing tbody tr", has_text=text)


def test_moderator_approves_held_comment_and_reader_then_sees_it(
    browser, live_server, article, moderator, tmp_path
):
    text = "The ferry timetable changed in May, not in June."
    comment = _held(article, text, "Anneli")
    article_url = live_server.url + article.get_absolute_url()

    # A reader, in a browser of their own, does not see the held comment.
    reader = browser.new_context()
    reader_page = reader.new_page()
    reader_page.goto(article_url)
    expect(reader_page.locator("#comments-heading")).to_be_visible()
    expect(reader_page.get_by_text(text)).to_have_count(0)

    context, page = _log_in(browser, live_server)
    menu = page.get_by_role("navigation", name="Main menu")
    comments_link = menu.locator('a[href="/admin/moderation/"]')
    expect(comments_link).to_have_attribute("data-pending-comments", "1")
    expect(comments_link).to_have_accessible_name("Reader comments, 1 awaiting moderation")
    comments_link.click()

    expect(page).to_have_url(re.compile(r"/admin/moderation/$"))
    expect(page.locator("a.tribune-queues__tab[aria-current=page]")).to_contain_text(
        "Awaiting moderation"
    )
    row = _queue_row(page, text)
    expect(row).to_have_count(1)
    expect(row.get_by_text(FIRST_COMMENT)).to_be_visible()
    page.screenshot(path=tmp_path / "desk-queue.png", full_page=True)

    row.get_by_role("link", name=text).click()
    expect(page).to_have_url(f"{live_server.url}/admin/moderation/{comment.pk}/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Comment by Anneli")
    page.get_by_role("button", name="Approve", exact=True).click()

    expect(page.locator(".tribune-undo")).to_contain_text("Approved Anneli's comment on")
    expect(page).to_have_url(f"{live_server.url}/admin/moderation/{comment.pk}/")
    comment.refresh_from_db()
    assert comment.status == Status.APPROVED
    page.screenshot(path=tmp_path / "desk-approved.png", full_page=True)
    context.close()

    reader_page.reload()
    expect(reader_page.get_by_text(text)).to_be_visible()
    reader_page.screenshot(path=tmp_path / "reader-sees-comment.png", full_page=True)
    reader.close()


def test_bulk_approve_two_held_comments_from_the_queue(
    browser, live_server, article, moderator, tmp_path
):
    first = _held(article, "Trains were late all week.", "Bruno")
    second = _held(article, "The bridge closure was announced early.", "Carla")
    untouched = _held(article, "Buy cheap watches here.", "Spammy")

    context, page = _log_in(browser, live_server)
    page.goto(f"{live_server.url}/admin/moderation/?queue=pending")
    footer = page.locator("[data-bulk-action-footer]")
    expect(footer).to_be_hidden()

    for comment in (first, second):
        _queue_row(page, comment.comment).get_by_role("checkbox").check()
    expect(footer).to_be_visible()
    page.screenshot(path=tmp_path / "desk-bulk-selected.png", full_page=True)
    footer.get_by_role("link", name="Approve selected comments").click()

    expect(page).to_have_url(re.compile(r"/admin/bulk/comments/tribunecomment/approve/"))
    expect(page.get_by_text("Approve these 2 comments?")).to_be_visible()
    page.screenshot(path=tmp_path / "desk-bulk-confirm.png", full_page=True)
    page.get_by_role("button", name="Approve", exact=True).click()

    expect(page.locator(".messages")).to_contain_text("Approved 2 comments.")
    expect(page).to_have_url(re.compile(r"/admin/moderation/"))
    expect(_queue_row(page, untouched.comment)).to_have_count(1)
    for comment in (first, second):
        expect(_queue_row(page, comment.comment)).to_have_count(0)
    statuses = dict(TribuneComment.objects.values_list("pk", "status"))
    assert statuses == {
        first.pk: Status.APPROVED,
        second.pk: Status.APPROVED,
        untouched.pk: Status.HELD,
    }
    context.close()

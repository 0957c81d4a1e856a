"""The desk driven by a moderator in a real Chromium: the keyboard alone, "Approve and next",
Undo, redaction, and the queue on a 375 px phone."""

import re

from playwright.sync_api import expect

from comments.models import ModerationDecision, Status, TribuneComment
from comments.tests.browser import BROWSER_TEST_MARKS
from comments.tests.factories import CommentFactory

pytestmark = BROWSER_TEST_MARKS

QUEUE = "/admin/moderation/?queue=pending"


def _held(article, count):
    return [
        CommentFactory(
            content_object=article,
            status=Status.HELD,
            user_name=f"Reader {i:02d}",
            comment=f"Held comment number {i:02d}.",
            moderation_reason="new_commenter",
            moderation_summary="First comment from this author.",
        )
        for i in range(count)
    ]


def _log_in(browser, live_server, width=1366, height=768):
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    page.goto(f"{live_server.url}/admin/login/")
    page.get_by_label("Username").fill("moderator")
    page.get_by_label("Password").fill("pw")
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(f"{live_server.url}/admin/")
    return context, page


def _rows(page):
    return page.locator("[data-tribune-queue] tbody tr")


def _press_and_wait(page, key):
    with page.expect_navigation():
        page.keyboard.press(key)


def test_keyboard_alone_empties_a_queue_of_twenty(browser, live_server, article, moderator):
    held = _held(article, 20)
    context, page = _log_in(browser, live_server)
    page.goto(live_server.url + QUEUE)
    page.locator("body").focus()
    expect(_rows(page)).to_have_count(20)
    decided = {}
    for turn in range(20):
        rows = _rows(page)
        # j and k move the selection; the decision applies to the selected row.
        page.keyboard.press("j")
        expect(rows.nth(min(1, 19 - turn))).to_have_class(re.compile("tribune-current"))
        page.keyboard.press("k")
        expect(rows.nth(0)).to_have_class(re.compile("tribune-current"))
        text = rows.nth(0).locator(".tribune-cell-comment").inner_text()
        key = "asr"[turn % 3]
        _press_and_wait(page, key)
        decided[text.strip()] = key
        expect(_rows(page)).to_have_count(19 - turn)
    expect(page.get_by_text("No comments in “Awaiting moderation”")).to_be_visible()
    context.close()
    statuses = dict(TribuneComment.objects.values_list("comment", "status"))
    wanted = {"a": Status.APPROVED, "s": Status.SPAM, "r": Status.REMOVED}
    assert len(decided) == 20
    assert {statuses[text] for text in decided} == set(wanted.values())
    for text, key in decided.items():
        assert statuses[text] == wanted[key], text
    assert {c.comment for c in held} == set(decided)


def test_approve_and_next_follows_the_queue_and_its_filters(
    browser, live_server, article, moderator
):
    held = _held(article, 4)
    other_author = held[1]
    context, page = _log_in(browser, live_server)
    # Filtered to names containing "Reader 0", oldest first: 00, 01, 02, 03 (all of them).
    page.goto(f"{live_server.url}{QUEUE}&user_name=Reader+0&ordering=submit_date")
    order = [c.strip() for c in page.locator("tbody .tribune-cell-comment").all_inner_texts()]
    expect(_rows(page)).to_have_count(4)
    page.locator(".tribune-cell-comment a").first.click()
    seen = []
    for _ in range(4):
        expect(page.get_by_role("heading", level=1)).to_contain_text("Comment by")
        seen.append(page.locator(".tribune-raw").first.inner_text().strip())
        assert "queue=pending" in page.url and "user_name=Reader+0" in page.url
        if len(seen) % 2:
            page.get_by_role("button", name="Approve and next").click()
        else:
            # The keyboard on a comment's page does the same.
            page.locator("body").focus()
            with page.expect_navigation():
                page.keyboard.press("a")
    expect(page).to_have_url(re.compile(r"/admin/moderation/\?queue=pending"))
    expect(page.get_by_text("That was the last comment in this queue.")).to_be_visible()
    context.close()
    assert seen == order
    assert TribuneComment.objects.get(pk=other_author.pk).status == Status.APPROVED


def test_undo_takes_an_approval_back(browser, live_server, article, moderator):
    (comment,) = _held(article, 1)
    context, page = _log_in(browser, live_server)
    page.goto(live_server.url + QUEUE)
    _rows(page).first.get_by_role("button", name="Approve").click()
    undo = page.locator("[data-tribune-undo]")
    expect(undo).to_contain_text(f"Approved {comment.user_name}'s comment on ‘")
    undo.get_by_role("button", name="Undo").click()
    expect(page.locator(".messages")).to_contain_text("back to “Awaiting moderation”")
    expect(_rows(page)).to_have_count(1)
    context.close()
    comment.refresh_from_db()
    assert comment.status == Status.HELD
    decisions = ModerationDecision.objects.for_comment(comment)
    assert [(d.reasons, d.actor) for d in decisions] == [
        (["approved"], moderator),
        (["undone"], moderator),
    ]


def test_redaction_shows_the_edit_to_readers_and_both_texts_to_moderators(
    browser, live_server, article, moderator, tmp_path
):
    comment = CommentFactory(
        content_object=article,
        status=Status.APPROVED,
        user_name="Urs",
        comment="Call me on 0791 234 567 about the ferry.",
    )
    context, page = _log_in(browser, live_server)
    page.goto(f"{live_server.url}/admin/moderation/{comment.pk}/")
    page.locator("body").focus()
    with page.expect_navigation():
        page.keyboard.press("e")
    page.get_by_label("Comment text").fill("Call me on [number removed] about the ferry.")
    page.get_by_label("Why (shown to moderators only)").fill("Phone number")
    page.get_by_role("button", name="Save the edited text").click()
    expect(page.locator(".tribune-rendered")).to_contain_text("[number removed]")
    expect(page.locator("[data-tribune-original]")).to_contain_text("0791 234 567")
    page.screenshot(path=tmp_path / "desk-redacted.png", full_page=True)
    context.close()

    reader = browser.new_page()
    reader.goto(live_server.url + article.get_absolute_url())
    body = reader.locator(f"#c{comment.pk}")
    expect(body).to_contain_text("Call me on [number removed] about the ferry.")
    expect(body).to_contain_text("Edited by a moderator.")
    expect(reader.get_by_text("0791 234 567")).to_have_count(0)
    expect(reader.get_by_text("Phone number")).to_have_count(0)
    reader.close()


def _no_sideways_scroll(page):
    return page.evaluate(
        "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )


def test_desk_at_375_px_shows_cards_without_sideways_scrolling(
    browser, live_server, article, moderator, tmp_path
):
    _held(article, 3)
    context, page = _log_in(browser, live_server, width=375, height=740)
    page.goto(live_server.url + QUEUE)
    first = _rows(page).first
    expect(first).to_be_visible()
    # A card: the row is a block as wide as the listing, the comment column readable.
    assert first.evaluate("row => getComputedStyle(row).display") == "block"
    assert first.locator(".tribune-cell-comment").bounding_box()["width"] > 250
    page.screenshot(path=tmp_path / "desk-375-queue.png", full_page=True)
    scroll, client = _no_sideways_scroll(page)
    assert scroll <= client == 375
    first.locator(".tribune-cell-comment a").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Comment by")
    page.screenshot(path=tmp_path / "desk-375-detail.png", full_page=True)
    scroll, client = _no_sideways_scroll(page)
    assert scroll <= client == 375
    context.close()


def test_thread_and_history_are_visible_without_scrolling_on_a_laptop(
    browser, live_server, article, moderator, tmp_path
):
    earlier = CommentFactory(content_object=article, user_email="urs@example.com")
    comment = CommentFactory(
        content_object=article, parent=earlier, user_email="urs@example.com", status=Status.HELD
    )
    context, page = _log_in(browser, live_server, width=1366, height=768)
    page.goto(f"{live_server.url}/admin/moderation/{comment.pk}/")
    page.screenshot(path=tmp_path / "desk-1366-detail.png")
    for heading in ("Thread", "Author's history"):
        box = page.get_by_role("heading", name=heading, exact=True).bounding_box()
        assert box is not None and box["y"] + box["height"] <= 768, heading
    history = page.locator(".tribune-history a").first.bounding_box()
    assert history["y"] + history["height"] <= 768
    context.close()


def test_question_mark_lists_the_desk_keys_and_keys_then_decide_nothing(
    browser, live_server, article, moderator
):
    (comment,) = _held(article, 1)
    context, page = _log_in(browser, live_server)
    page.goto(live_server.url + QUEUE)
    page.locator("body").focus()
    page.keyboard.press("?")
    dialog = page.get_by_role("dialog", name="Keyboard shortcuts")
    expect(dialog).to_be_visible()
    expect(dialog).to_contain_text("Reader comments")
    expect(dialog).to_contain_text("Mark as spam")
    page.keyboard.press("a")
    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()
    context.close()
    assert TribuneComment.objects.get(pk=comment.pk).status == Status.HELD

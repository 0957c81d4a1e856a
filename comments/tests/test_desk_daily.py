"""The desk for a day's queue, without a browser: row actions, the likely action first,
bulk actions per queue, plain messages, Undo, "Approve and next", readable traces."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from comments.desk.queues import QUEUES, offered_actions
from comments.desk.undo import UNDO_GRACE_SECONDS, UNDO_SECONDS, done_message
from comments.models import ModerationDecision, Status, TribuneComment
from comments.tests.factories import CommentFactory
from comments.tests.helpers import post_comment
from comments.transitions import ALLOWED

pytestmark = pytest.mark.django_db


@pytest.fixture
def desk(client, moderator):
    client.force_login(moderator)
    return client


def _held(article, name="Urs", **extra):
    return CommentFactory(content_object=article, status=Status.HELD, user_name=name, **extra)


@pytest.mark.parametrize(
    ("status", "likely"),
    [
        (Status.HELD, "approve"),
        (Status.APPROVED, "remove"),
        (Status.SPAM, "restore"),
        (Status.REMOVED, "restore"),
    ],
)
def test_the_likely_action_comes_first(status, likely):
    assert offered_actions(status)[0].slug == likely


@pytest.mark.parametrize("status", [Status.HELD, Status.APPROVED, Status.SPAM, Status.REMOVED])
def test_detail_offers_only_what_the_status_allows_with_the_likely_one_primary(
    desk, article, status
):
    comment = CommentFactory(content_object=article, status=status)
    html = desk.get(reverse("comment_desk:inspect", args=[comment.pk])).content.decode()
    offered = re.findall(r'data-action="(approve|spam|remove|restore)"', html)
    assert offered == [a.slug for a in offered_actions(status)]
    primary = re.search(r'<button type="submit" class="button"[^>]*data-action="(\w+)"', html)
    assert primary.group(1) == offered_actions(status)[0].slug


def test_each_queue_row_offers_its_own_actions(desk, article):
    held = _held(article, comment="Waiting words")
    html = desk.get(reverse("comment_desk:index"), {"queue": "pending"}).content.decode()
    row = html[html.index("Waiting words") :]
    row = row[: row.index("</tr>")]
    assert re.findall(r'data-action="(\w+)"', row) == ["approve", "spam", "remove", "edit"]
    assert f"/admin/moderation/{held.pk}/approve/?queue=pending" in row
    assert 'name="csrfmiddlewaretoken"' in row


@pytest.mark.parametrize(
    ("queue", "offered"),
    [
        ("pending", ["approve", "spam", "remove"]),
        ("flagged", ["spam", "remove"]),
        ("approved", ["spam", "remove"]),
        ("spam", ["remove", "restore"]),
        ("removed", ["restore"]),
    ],
)
def test_bulk_actions_are_those_every_comment_of_the_queue_allows(desk, queue, offered):
    html = desk.get(reverse("comment_desk:index"), {"queue": queue}).content.decode()
    footer = html[html.index("data-bulk-action-footer") :]
    footer = footer[: footer.index("</section>")]
    found = re.findall(r"/admin/bulk/comments/tribunecomment/(\w+)/", footer)
    assert found == offered
    assert [a.slug for a in next(q for q in QUEUES if q.slug == queue).bulk_actions] == offered


def test_row_action_returns_to_the_queue_with_its_filters_and_a_plain_message(desk, article):
    comment = _held(article)
    url = reverse("comment_desk:action", args=[comment.pk, "approve"])
    response = desk.post(
        f"{url}?queue=pending&user_name=Urs&ordering=submit_date", {"then": "queue"}
    )
    assert (
        response["Location"]
        == "/admin/moderation/?queue=pending&user_name=Urs&ordering=submit_date"
    )
    page = desk.get(response["Location"]).content.decode()
    assert f"Approved Urs&#x27;s comment on ‘{article.title}’." in page
    assert reverse("comment_desk:undo", args=[comment.pk]) in page
    # The offer is shown once.
    assert (
        reverse("comment_desk:undo", args=[comment.pk])
        not in desk.get(response["Location"]).content.decode()
    )


def test_message_names_the_article_shortened():
    comment = TribuneComment(user_name="Urs")
    message = done_message("approve", comment, "As Russia burns Aleppo, foreign militias step in")
    assert message == "Approved Urs's comment on ‘As Russia burns Aleppo…’."
    assert done_message("spam", TribuneComment(user_name="Agnes"), "Short") == (
        "Marked Agnes's comment on ‘Short’ as spam."
    )


@pytest.mark.parametrize(
    ("action", "start"),
    [
        ("approve", Status.HELD),
        ("spam", Status.HELD),
        ("remove", Status.HELD),
        ("remove", Status.APPROVED),
        ("spam", Status.APPROVED),
        ("restore", Status.SPAM),
        ("restore", Status.REMOVED),
    ],
)
def test_undo_returns_the_comment_where_it_was_and_records_it(
    desk, article, moderator, action, start
):
    comment = CommentFactory(content_object=article, status=start)
    desk.post(reverse("comment_desk:action", args=[comment.pk, action]))
    assert start in ALLOWED[TribuneComment.objects.get(pk=comment.pk).status]
    desk.post(reverse("comment_desk:undo", args=[comment.pk]))
    comment.refresh_from_db()
    assert comment.status == start
    last = ModerationDecision.objects.for_comment(comment).last()
    assert (last.reasons, last.actor) == (["undone"], moderator)


def test_undo_is_refused_after_a_few_seconds(desk, article, monkeypatch):
    comment = _held(article)
    desk.post(reverse("comment_desk:action", args=[comment.pk, "approve"]))
    later = __import__("time").time() + UNDO_SECONDS + UNDO_GRACE_SECONDS + 1
    monkeypatch.setattr("comments.desk.undo.time.time", lambda: later)
    response = desk.post(reverse("comment_desk:undo", args=[comment.pk]), follow=True)
    assert "too late to undo" in response.content.decode()
    assert TribuneComment.objects.get(pk=comment.pk).status == Status.APPROVED


def test_undo_works_once(desk, article):
    comment = _held(article)
    desk.post(reverse("comment_desk:action", args=[comment.pk, "approve"]))
    desk.post(reverse("comment_desk:undo", args=[comment.pk]))
    desk.post(reverse("comment_desk:undo", args=[comment.pk]))
    assert ModerationDecision.objects.filter(comment=comment, reasons=["undone"]).count() == 1


def test_approve_and_next_goes_to_the_next_comment_of_the_filtered_queue(desk, article):
    first, skipped, second, third = (
        _held(article, "Ann"),
        _held(article, "Bob"),
        _held(article, "Ann"),
        _held(article, "Ann"),
    )
    query = "queue=pending&user_name=Ann&ordering=submit_date"
    url = reverse("comment_desk:action", args=[first.pk, "approve"])
    response = desk.post(f"{url}?{query}", {"then": "next"})
    assert response["Location"] == f"/admin/moderation/{second.pk}/?{query}"
    url = reverse("comment_desk:action", args=[third.pk, "approve"])
    # The last of the queue goes to the one before it, if any is left.
    assert desk.post(f"{url}?{query}", {"then": "next"})["Location"] == (
        f"/admin/moderation/{second.pk}/?{query}"
    )
    assert TribuneComment.objects.get(pk=skipped.pk).status == Status.HELD


def test_approve_and_next_on_the_last_comment_returns_to_the_queue(desk, article):
    only = _held(article)
    url = reverse("comment_desk:action", args=[only.pk, "approve"])
    response = desk.post(f"{url}?queue=pending", {"then": "next"})
    assert response["Location"] == "/admin/moderation/?queue=pending"


def test_detail_from_a_queue_offers_approve_and_next_and_neighbours(desk, article):
    older, current, newer = _held(article, "A"), _held(article, "B"), _held(article, "C")
    html = desk.get(
        reverse("comment_desk:inspect", args=[current.pk]),
        {"queue": "pending", "ordering": "submit_date"},
    ).content.decode()
    assert "Approve and next" in html
    assert (
        f'href="/admin/moderation/{older.pk}/?queue=pending&amp;ordering=submit_date" rel="prev"'
        in html
    )
    assert (
        f'href="/admin/moderation/{newer.pk}/?queue=pending&amp;ordering=submit_date" rel="next"'
        in html
    )


@pytest.mark.usefixtures("no_email_confirmation")
def test_trace_reads_in_words_deciding_rules_first_passing_folded(desk, article):
    post_comment(Client(), article, comment="Hello <script>evil()</script> world")
    comment = TribuneComment.objects.get(comment__startswith="Hello")
    html = desk.get(reverse("comment_desk:inspect", args=[comment.pk])).content.decode()
    decisions = html[html.index('id="trace-heading"') :]
    assert not re.search(r"\b[a-z]+_[a-z_]+\b", re.sub(r"<[^>]+>", " ", decisions))
    assert "{&#x27;" not in decisions and "{'" not in decisions
    deciding = decisions.index("tribune-steps--deciding")
    folded = decisions.index('<details class="tribune-passing">')
    assert deciding < folded
    assert decisions.index("Markup removed") < folded
    assert decisions.index("Sent after a plausible writing time") > folded


@pytest.mark.usefixtures("no_email_confirmation")
def test_confirmation_that_repeats_posting_is_collapsed(desk, article, settings):
    settings.COMMENTS_XTD_CONFIRM_EMAIL = True
    from comments.posting import comment_confirm
    from comments.tokens import make_confirmation_token

    post_comment(Client(), article, comment="Please confirm me")
    comment = TribuneComment.objects.get(comment="Please confirm me")
    comment_confirm(token=make_confirmation_token(comment.pk))
    html = desk.get(reverse("comment_desk:inspect", args=[comment.pk])).content.decode()
    assert "the same result as when it was posted" in html

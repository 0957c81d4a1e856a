"""Posting claims (comments.claims): a post stored without the posting lock takes its claim, or
stores nothing when another post by the same author on the same article claimed since its facts
were read; the post is then made again under the lock, and stored once."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from django.db import connection, connections
from django.test import Client
from django.utils import timezone

from blog.tests.factories import BlogPageFactory
from comments.claims import (
    KEPT,
    ClaimTaken,
    PostingClaim,
    claim_key,
    locked_claim,
    optimistic_claim,
)
from comments.models import Status, TribuneComment
from comments.moderation.types import Decision, PolicySnapshot, Verdict
from comments.tests.helpers import comment_form_data, post_comment
from comments.transitions import comment_create

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="claims are taken by PostgreSQL's INSERT chain"
)

APPROVED = Decision(verdict=Verdict.APPROVE, deciding=(), trace=(), policy=PolicySnapshot())


def _comment(article, text: str, email: str = "ada@example.com") -> TribuneComment:
    comment = TribuneComment(
        content_object=article, site_id=1, user_name="Ada", user_email=email, comment=text
    )
    comment.object_pk = str(article.pk)
    return comment


def _create(comment, claim):
    return comment_create(
        comment=comment, parent=None, status=Status.APPROVED, decision=APPROVED, claim=claim
    )


def _snapshot() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_current_snapshot()::text")
        return cursor.fetchone()[0]


def _claimed_by(comment, transaction_id: int) -> PostingClaim:
    return PostingClaim.objects.create(
        key=claim_key(comment), transaction_id=transaction_id, claimed_at=timezone.now()
    )


def test_a_claim_by_a_transaction_the_facts_did_not_see_stores_nothing(article):
    comment = _comment(article, "Too late")
    snapshot = _snapshot()
    unseen = int(snapshot.split(":")[1])  # xmax: begun after the snapshot was taken
    _claimed_by(comment, unseen)
    with pytest.raises(ClaimTaken):
        _create(comment, optimistic_claim(comment, snapshot))
    assert comment.pk is None
    assert not TribuneComment.objects.filter(comment="Too late").exists()
    assert PostingClaim.objects.get(key=claim_key(comment)).transaction_id == unseen


def test_a_claim_by_a_transaction_running_when_the_facts_were_read_stores_nothing(article):
    comment = _comment(article, "Not yet committed then")
    xmin = _snapshot().split(":")[0]
    # A snapshot in which transaction xmin was still running: its comment was not counted.
    snapshot = f"{xmin}:{int(xmin) + 1}:{xmin}"
    _claimed_by(comment, int(xmin))
    with pytest.raises(ClaimTaken):
        _create(comment, optimistic_claim(comment, snapshot))


def test_a_claim_by_a_transaction_the_facts_saw_is_taken_again(article):
    comment = _comment(article, "In time")
    snapshot = _snapshot()
    seen = int(snapshot.split(":")[0]) - 1  # ended before the snapshot was taken
    _claimed_by(comment, seen)
    _create(comment, optimistic_claim(comment, snapshot))
    assert TribuneComment.objects.filter(pk=comment.pk, comment="In time").exists()
    assert PostingClaim.objects.get(key=claim_key(comment)).transaction_id != seen


def test_facts_with_nothing_to_read_make_no_claim(article):
    with pytest.raises(ClaimTaken):
        optimistic_claim(_comment(article, "x"), None)


def test_a_first_claim_is_taken(article):
    comment = _comment(article, "The first")
    _create(comment, optimistic_claim(comment, _snapshot()))
    assert PostingClaim.objects.filter(key=claim_key(comment)).exists()


def test_a_post_under_the_lock_always_claims(article):
    comment = _comment(article, "Locked")
    _claimed_by(comment, int(_snapshot().split(":")[1]) + 10)
    _create(comment, locked_claim(comment))
    assert TribuneComment.objects.filter(pk=comment.pk).exists()


def test_claims_are_per_article_and_author(article):
    first, other_author = _comment(article, "a"), _comment(article, "b", "bob@example.com")
    elsewhere = _comment(BlogPageFactory(), "c")
    assert len({claim_key(first), claim_key(other_author), claim_key(elsewhere)}) == 3
    assert claim_key(first) == claim_key(_comment(article, "d", "ADA@example.com"))


def test_a_post_whose_claim_was_taken_is_stored_once_under_the_lock(
    client, article, trusting_policy
):
    comment = _comment(article, "x", "reader@example.com")
    _claimed_by(comment, int(_snapshot().split(":")[1]) + 1000)
    response = post_comment(client, article, comment="Made again", email="reader@example.com")
    assert response.status_code == 302
    assert TribuneComment.objects.filter(comment="Made again").count() == 1


def test_a_reply_whose_claim_is_taken_changes_no_reply_count(article):
    parent = _comment(article, "Parent", "parent@example.com")
    _create(parent, locked_claim(parent))
    reply = _comment(article, "Refused reply")
    snapshot = _snapshot()
    _claimed_by(reply, int(snapshot.split(":")[1]))
    with pytest.raises(ClaimTaken):
        comment_create(
            comment=reply,
            parent=parent,
            status=Status.APPROVED,
            decision=APPROVED,
            claim=optimistic_claim(reply, snapshot),
        )
    parent.refresh_from_db()
    assert parent.nested_count == 0


def test_an_unconfirmed_post_whose_claim_was_taken_sends_one_confirmation(
    client, article, trusting_policy, settings
):
    """Its first try (a transaction with the confirmation email) is undone whole."""
    from comments.models import OutgoingEmail

    settings.COMMENTS_XTD_CONFIRM_EMAIL = True
    comment = _comment(article, "x", "confirm@example.com")
    _claimed_by(comment, int(_snapshot().split(":")[1]) + 1000)
    response = post_comment(client, article, comment="Confirm me", email="confirm@example.com")
    assert response.status_code == 302
    stored = TribuneComment.objects.get(comment="Confirm me")
    assert stored.status == Status.UNCONFIRMED
    assert OutgoingEmail.objects.filter(to="confirm@example.com").count() == 1


def test_claims_older_than_a_day_are_pruned(article):
    from comments.claims import prune_claims

    now = timezone.now()
    PostingClaim.objects.create(
        key=1, transaction_id=1, claimed_at=now - KEPT - timedelta(seconds=1)
    )
    PostingClaim.objects.create(
        key=2, transaction_id=2, claimed_at=now - KEPT + timedelta(seconds=1)
    )
    assert prune_claims(now) == 1
    assert list(PostingClaim.objects.values_list("key", flat=True)) == [2]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.usefixtures("no_email_confirmation")
def test_identical_posts_sent_at_once_store_one_comment(article, trusting_policy):
    """Each from its own connection, as gunicorn's threads post: a double click, many times."""
    data = comment_form_data(article, comment="Sent twice", email="twice@example.com")
    barrier = threading.Barrier(4)
    statuses = []

    def send():
        try:
            barrier.wait()
            statuses.append(Client().post("/comments/post/", data).status_code)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=send) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert statuses == [302] * 4
    assert TribuneComment.objects.filter(comment="Sent twice").count() == 1

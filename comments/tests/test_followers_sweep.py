"""Followers are told by a sweep, not by the comment POST (issue 17): in "tasks" delivery a
newly public comment queues nothing, and the scheduler's sweep of every minute
(comments.tasks.notify_pending_followers) emails its followers, once."""

import importlib
from unittest import mock

import pytest
from django.apps import apps
from django.core import mail
from django.db import connection
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from comments import notifications, tasks
from comments.management.commands.run_scheduler import run_due_jobs
from comments.models import OutgoingEmail, Status, TribuneComment
from comments.tasks import notify_pending_followers
from comments.tests.factories import CommentFactory
from comments.tests.helpers import moderate, post_comment, run_worker
from comments.transitions import comments_transition_bulk_quietly

pytestmark = pytest.mark.django_db

FOLLOWER = "follower@example.com"
# Before the digest hour: the scheduler queues only its jobs of every minute.
EARLY = timezone.localtime().replace(hour=0, minute=1)
MIGRATION = importlib.import_module("comments.migrations.0017_followers_sweep")


@pytest.fixture
def follower(article):
    """A reader following the article's discussion; the followers of their own comment were
    told long ago."""
    return CommentFactory(
        content_object=article, user_email=FOLLOWER, followup=True, followers_notified=True
    )


def _told(address: str = FOLLOWER) -> int:
    return OutgoingEmail.objects.filter(to=address).count()


def _notified(*comments) -> list[bool]:
    for comment in comments:
        comment.refresh_from_db()
    return [comment.followers_notified for comment in comments]


@pytest.mark.usefixtures("queued_tasks", "trusting_policy", "no_email_confirmation", "follower")
def test_a_published_post_queues_nothing_for_the_followers(client, article):
    tasks_before = DBTaskResult.objects.count()  # e.g. the search index's, for the article
    response = post_comment(client, article, comment="Fresh news")
    comment = TribuneComment.objects.get(comment="Fresh news")
    assert response.status_code == 302
    assert (comment.status, comment.followers_notified) == (Status.APPROVED, False)
    assert DBTaskResult.objects.count() == tasks_before
    assert not OutgoingEmail.objects.exists()


@pytest.mark.usefixtures("queued_tasks", "trusting_policy", "no_email_confirmation", "follower")
def test_the_scheduled_sweep_emails_the_followers_of_a_post_once(client, article):
    post_comment(client, article, comment="Fresh news")
    for _ in range(2):  # the next minute's sweep finds nothing left
        run_due_jobs(EARLY)
        run_worker()
    assert [m.to for m in mail.outbox] == [[FOLLOWER]]
    assert "Fresh news" in mail.outbox[0].body


@pytest.mark.usefixtures("follower")
def test_a_second_sweep_tells_no_one_again(article):
    CommentFactory(content_object=article)
    assert notify_pending_followers.call() == 1
    assert notify_pending_followers.call() == 0
    assert _told() == 1


@pytest.mark.usefixtures("follower")
def test_a_comment_another_sweep_claimed_first_is_told_once(article):
    CommentFactory(content_object=article)
    told = notifications.notify_followers

    def other_sweep_first(comment):
        told(comment)  # the other sweep wins the claim and writes the emails
        return told(comment)

    with mock.patch.object(notifications, "notify_followers", side_effect=other_sweep_first):
        assert notify_pending_followers.call() == 1
    assert _told() == 1


@pytest.mark.usefixtures("queued_tasks", "follower")
def test_a_held_comment_approved_by_a_moderator_is_swept(article, moderator):
    held = CommentFactory(content_object=article, status=Status.HELD)
    moderate(held, "approve", actor=moderator)
    assert _told() == 0
    assert notify_pending_followers.call() == 1
    assert _told() == 1


@pytest.mark.usefixtures("queued_tasks", "follower")
def test_a_comment_removed_before_the_sweep_is_not_swept(article, moderator):
    comment = CommentFactory(content_object=article)
    moderate(comment, "remove", actor=moderator)
    assert notify_pending_followers.call() == 0
    assert _told() == 0


@pytest.mark.usefixtures("follower")
def test_a_comment_whose_article_is_gone_is_marked_told_and_swept_once(article):
    comment = CommentFactory(content_object=article)
    TribuneComment.objects.filter(pk=comment.pk).update(object_pk="999999")
    assert notify_pending_followers.call() == 1
    assert notify_pending_followers.call() == 0
    assert _notified(comment) == [True]
    assert _told() == 0


@pytest.mark.usefixtures("follower")
def test_a_comment_whose_emails_fail_is_left_for_the_next_sweep(article):
    failing, fine = CommentFactory(content_object=article), CommentFactory(content_object=article)
    broken = mock.patch.object(
        notifications, "queue_email", side_effect=[RuntimeError("template"), None]
    )
    with broken as queue_email:
        assert notify_pending_followers.call() == 1
    assert queue_email.call_count == 2  # not tried again and again in the same sweep
    assert _notified(failing, fine) == [False, True]  # its claim was undone with its emails
    assert notify_pending_followers.call() == 1
    assert _told() == 1


def test_the_sweep_reads_in_batches_until_none_is_left(article, monkeypatch):
    monkeypatch.setattr(tasks, "FOLLOWERS_SWEEP_BATCH", 2)
    comments = [CommentFactory(content_object=article) for _ in range(5)]
    assert notify_pending_followers.call() == 5
    assert _notified(*comments) == [True] * 5


def test_a_sweep_stops_at_its_cap_and_the_next_carries_on(article, monkeypatch):
    monkeypatch.setattr(tasks, "FOLLOWERS_SWEEP_BATCH", 2)
    monkeypatch.setattr(tasks, "FOLLOWERS_SWEEP_BATCHES", 2)
    for _ in range(5):
        CommentFactory(content_object=article)
    assert [notify_pending_followers.call() for _ in range(3)] == [4, 1, 0]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's planner")
def test_the_sweep_reads_its_partial_index(article):
    CommentFactory(content_object=article)
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")  # a tiny table is read whole anyway
    plan = tasks.followers_due(after=0)[:200].explain()
    assert "tribune_comment_followers_due" in plan


@pytest.mark.usefixtures("follower")
def test_an_import_approving_a_comment_tells_no_follower_later(article):
    held = CommentFactory(content_object=article, status=Status.HELD)
    moved, _ = comments_transition_bulk_quietly(
        changes=[(held, Status.APPROVED)], reason="import_updated"
    )
    assert moved == [held]
    assert notify_pending_followers.call() == 0
    assert _told() == 0


def test_the_migration_marks_the_approved_comments_of_before_as_told(article):
    old = CommentFactory(content_object=article)
    held = CommentFactory(content_object=article, status=Status.HELD)
    MIGRATION.mark_approved_comments_told(apps, None)
    assert _notified(old, held) == [True, False]  # held: told when it is approved


def test_the_migration_leaves_a_comment_whose_old_task_waits_to_the_sweep(article):
    waiting = CommentFactory(content_object=article)
    DBTaskResult.objects.create(
        task_path="comments.tasks.notify_followers",  # the task the sweep replaced
        args_kwargs={"args": [waiting.pk], "kwargs": {}},
        backend_name="default",
        run_after=timezone.now(),
    )
    MIGRATION.mark_approved_comments_told(apps, None)
    assert _notified(waiting) == [False]
    assert not DBTaskResult.objects.filter(task_path__startswith="comments.").exists()

"""Email on Django's tasks API: the outbox row and its task are written together, the worker
only delivers, a lost task is swept up, and nothing is sent twice."""

from datetime import timedelta

import pytest
from django.core import mail
from django.db import transaction
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from comments.mailer import queue_email
from comments.management.commands.run_scheduler import run_due_jobs
from comments.models import OutgoingEmail
from comments.tasks import sweep_outbox
from comments.tests.helpers import run_worker

pytestmark = pytest.mark.django_db

# What the scheduler queues every minute: the outbox sweep, the followers' sweep, the heartbeat.
EVERY_MINUTE = ["sweep_outbox", "notify_pending_followers", "heartbeat"]


def test_an_email_and_its_delivery_task_are_written_in_one_transaction(queued_tasks):
    with transaction.atomic():
        queue_email("reader@example.com", "Hello", "Body")
        assert DBTaskResult.objects.filter(task_path="comments.tasks.deliver_email").exists()
        transaction.set_rollback(True)
    assert not OutgoingEmail.objects.exists()
    assert not DBTaskResult.objects.exists()


def test_the_worker_sends_each_queued_email_once(queued_tasks):
    for n in range(3):
        queue_email(f"reader{n}@example.com", f"Subject {n}", "Body")
    assert mail.outbox == []  # nothing leaves before the worker runs
    run_worker()
    sweep_outbox.call()  # a sweep racing the tasks finds nothing left to send
    run_worker()
    assert sorted(m.to[0] for m in mail.outbox) == [f"reader{n}@example.com" for n in range(3)]
    assert set(OutgoingEmail.objects.values_list("state", flat=True)) == {"sent"}


def test_a_failed_delivery_is_retried_later_with_backoff(queued_tasks):
    queued_tasks.EMAIL_BACKEND = "comments.tests.broken_mail.BrokenBackend"
    email = queue_email("reader@example.com", "Hello", "Body")
    run_worker()
    email.refresh_from_db()
    assert (email.state, email.attempts) == ("pending", 1)
    retry = DBTaskResult.objects.ready().count()
    later = DBTaskResult.objects.filter(status="READY", run_after=email.next_attempt_at)
    assert retry == 0 and later.count() == 1
    assert email.next_attempt_at > timezone.now() + timedelta(seconds=90)


def test_the_sweep_sends_an_email_whose_task_was_lost(queued_tasks):
    queue_email("reader@example.com", "Hello", "Body")
    DBTaskResult.objects.all().delete()  # e.g. pruned, or failed for good
    assert sweep_outbox.call() == 1
    assert [m.to for m in mail.outbox] == [["reader@example.com"]]


def test_with_immediate_tasks_the_email_leaves_once_the_transaction_commits(
    settings, django_capture_on_commit_callbacks
):
    settings.TRIBUNE_EMAIL_DELIVERY = "tasks"  # test settings: the immediate backend
    with django_capture_on_commit_callbacks(execute=True):
        queue_email("reader@example.com", "Hello", "Body")
        assert mail.outbox == []
    assert len(mail.outbox) == 1


def test_the_scheduler_queues_the_sweeps_and_heartbeat_once_while_they_wait(queued_tasks):
    first = run_due_jobs(timezone.now().replace(hour=3))
    second = run_due_jobs(timezone.now().replace(hour=3))
    assert first == EVERY_MINUTE
    assert second == []


def test_the_scheduler_queues_the_digest_once_a_day_after_its_hour(queued_tasks):
    queued_tasks.TRIBUNE_DIGEST_HOUR = 7
    morning = timezone.localtime().replace(hour=6, minute=59)
    assert "send_moderation_digests" not in run_due_jobs(morning)
    run_worker()
    day = timezone.localtime().replace(hour=7, minute=1)
    assert run_due_jobs(day)[len(EVERY_MINUTE) :] == [
        "send_moderation_digests",
        "prune_task_results",
        "prune_posting_claims",
        "purge_personal_data",
    ]
    run_worker()
    assert run_due_jobs(day + timedelta(hours=5)) == EVERY_MINUTE

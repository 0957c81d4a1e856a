"""Background work on Django's tasks API (the django-tasks backport; `manage.py db_worker`).

The outbox stays the record: an OutgoingEmail row is written in the transaction of what caused
it, and with the database queue its delivery task is written in that same transaction, so
either both exist or neither. A task only delivers; a row whose task was lost or failed is
picked up by the outbox sweep (`sweep_outbox`, every minute from `manage.py run_scheduler` or
cron). Claiming a row is a conditional update, so however many tasks and sweeps race for it,
an email is sent once.
"""

from __future__ import annotations

import logging

from django.core.management import call_command
from django.db import transaction
from django.utils import timezone
from django_tasks import task, task_backends

from comments import mailer, notifications
from comments.models import OutgoingEmail, TribuneComment

logger = logging.getLogger(__name__)


def _backend_is_a_queue() -> bool:
    # A queue (database backend) can defer work; the immediate backend runs it in place.
    return task_backends["default"].supports_defer


def _enqueue(work, *args) -> None:
    """Queue a task: in the caller's transaction when tasks are queued (both are stored or
    neither), after it commits when they run at once (tests)."""
    if _backend_is_a_queue():
        work.enqueue(*args)
    else:
        transaction.on_commit(lambda: work.enqueue(*args))


def enqueue_delivery(email_id: int) -> None:
    """Queue the delivery of an outbox row."""
    _enqueue(deliver_email, email_id)


def enqueue_followers(comment_id: int) -> None:
    """Queue the emails to an article's followers about a newly public comment: a comment
    POST only writes this one row, the worker finds the followers and writes their emails."""
    _enqueue(notify_followers, comment_id)


@task()
def notify_followers(comment_id: int) -> int:
    """Tell the followers of a comment's discussion about it (once, however often queued)."""
    comment = TribuneComment.objects.filter(pk=comment_id).first()
    return notifications.notify_followers(comment) if comment is not None else 0


@task()
def deliver_email(email_id: int) -> bool:
    """Send one queued email; after a failure, retry at the row's backoff time."""
    if mailer.deliver_one(email_id):
        return True
    email = OutgoingEmail.objects.filter(pk=email_id, state=OutgoingEmail.State.PENDING).first()
    if email is not None and email.attempts and _backend_is_a_queue():
        deliver_email.using(run_after=email.next_attempt_at).enqueue(email_id)
    return False


@task()
def sweep_outbox() -> int:
    """Send every due email, whatever became of its task (the guarantee behind the outbox)."""
    sent = mailer.deliver_pending(limit=500)
    if sent:
        logger.info("Outbox sweep sent %s email(s)", sent)
    return sent


@task()
def heartbeat() -> str:
    """A no-op the scheduler queues every minute: a backlog of these means no worker runs
    (config.health's worker check)."""
    return timezone.now().isoformat()


@task()
def prune_task_results(day: str = "") -> None:
    """Delete finished task rows after a week (the scheduler adds ~3,000 a day); the outbox
    keeps the record of every email."""
    call_command("prune_db_task_results", "--min-age-days=7", verbosity=0)


@task()
def purge_personal_data(day: str = "") -> None:
    """Remove IP addresses and user agents older than the site's retention period (daily)."""
    call_command("purge_personal_data", verbosity=0)

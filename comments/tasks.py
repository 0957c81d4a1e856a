"""Background work on Django's tasks API (the django-tasks backport; `manage.py db_worker`).

The outbox stays the record: an OutgoingEmail row is written in the transaction of what caused
it, and with the database queue its delivery task is written in that same transaction, so
either both exist or neither. A task only delivers; a row whose task was lost or failed is
picked up by the outbox sweep (`sweep_outbox`, every minute from `manage.py run_scheduler` or
cron). Claiming a row is a conditional update, so however many tasks and sweeps race for it,
an email is sent once.

Followers are told the same way: a comment POST queues nothing for them, and the followers'
sweep (`notify_pending_followers`, every minute from the scheduler) finds each newly public
comment whose followers were not told and claims it before writing their emails.
"""

from __future__ import annotations

import logging

from django.core.management import call_command
from django.db import transaction
from django.utils import timezone
from django_tasks import task, task_backends

from comments import mailer, notifications
from comments.models import OutgoingEmail, Status, TribuneComment

logger = logging.getLogger(__name__)

# The followers' sweep reads this many comments at a time, and at most this many batches a
# run (10,000 comments); a larger backlog is carried on by the next minute's sweep.
FOLLOWERS_SWEEP_BATCH = 200
FOLLOWERS_SWEEP_BATCHES = 50


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


@task()
def notify_pending_followers() -> int:
    """Tell the followers about every newly public comment whose followers were not told yet
    (queued every minute by the scheduler); returns how many comments it handled (one that
    failed is not counted).

    In "tasks" delivery a comment POST queues nothing for its followers (comments.transitions):
    an approved comment with `followers_notified=False` is the queue, read through its partial
    index. notifications.notify_followers claims each comment before anything else (also when
    its article is gone), so two sweeps at once tell followers once; the sweep reads onwards
    from the last id it handled, so a comment that fails is left for the next minute's sweep
    rather than tried again in a loop.
    """
    handled = after = 0
    for _ in range(FOLLOWERS_SWEEP_BATCHES):
        due = list(followers_due(after=after)[:FOLLOWERS_SWEEP_BATCH])
        if not due:
            break
        after = due[-1]
        comments = TribuneComment.objects.filter(pk__in=due).order_by("pk")
        for comment in comments.prefetch_related("content_object"):
            handled += _notify_followers_of(comment)
    if handled:
        logger.info("Followers sweep handled %s comment(s)", handled)
    return handled


@task()
def notify_followers(comment_id: int) -> int:
    """The task a comment POST queued before the sweep replaced it: kept so that rows queued
    by the previous release while it is being replaced still run (the claim tells followers
    once, whichever of this and the sweep comes first). Nothing queues it any more."""
    comment = TribuneComment.objects.filter(pk=comment_id).first()
    return _notify_followers_of(comment) if comment is not None else 0


def followers_due(*, after: int = 0):
    """The ids, in order, of the public comments after `after` whose followers were not told:
    one table, read through its partial index (tribune_comment_followers_due)."""
    due = TribuneComment.objects.filter(
        status=Status.APPROVED, followers_notified=False, pk__gt=after
    )
    return due.order_by("pk").values_list("pk", flat=True)


def _notify_followers_of(comment: TribuneComment) -> int:
    # The claim, the emails and their delivery tasks are stored together or not at all.
    try:
        with transaction.atomic():
            notifications.notify_followers(comment)
    except Exception:
        logger.exception("Telling the followers of comment %s failed", comment.pk)
        return 0
    return 1


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
def prune_posting_claims(day: str = "") -> int:
    """Delete posting claims older than a day (comments.claims): no post in progress can need
    them, and one row per article and author would otherwise stay for good. Daily."""
    from comments.claims import prune_claims

    return prune_claims()


@task()
def purge_personal_data(day: str = "") -> None:
    """Remove IP addresses and user agents older than the site's retention period (daily)."""
    call_command("purge_personal_data", verbosity=0)

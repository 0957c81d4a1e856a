"""Email through an outbox: queued in the caller's transaction, delivered after it commits.

A request never waits for the mail server and never fails because of it; what could not be
sent is retried with backoff (by its task in "tasks" mode, comments.tasks; by the outbox sweep
or `manage.py deliver_email` otherwise) and logged.
"""

from __future__ import annotations

import logging
import threading
from datetime import timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import connection, transaction
from django.utils import timezone

from comments.models import OutgoingEmail

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 6


def queue_email(to: str, subject: str, body: str) -> OutgoingEmail | None:
    """Queue an email; delivery starts once the surrounding transaction commits."""
    if not to:
        return None
    email = OutgoingEmail.objects.create(to=to, subject=subject[:300], body=body)
    if settings.TRIBUNE_EMAIL_DELIVERY == "tasks":
        from comments.tasks import enqueue_delivery

        enqueue_delivery(email.pk)
    else:
        transaction.on_commit(_start_delivery)
    return email


def _start_delivery() -> None:
    mode = settings.TRIBUNE_EMAIL_DELIVERY
    if mode == "inline":
        deliver_pending()
    elif mode == "thread":
        threading.Thread(target=_deliver_in_thread, name="tribune-mail", daemon=True).start()
    # "worker": a separate `manage.py deliver_email --loop` process sends everything.
    # "tasks": queue_email queued a task for `manage.py db_worker` (comments.tasks).


def _deliver_in_thread() -> None:
    # A new thread gets its own database connection; close it when done.
    try:
        deliver_pending()
    finally:
        connection.close()


def deliver_pending(limit: int = 100) -> int:
    """Send what is due; returns how many were sent. Safe to run in several processes."""
    sent = 0
    due = OutgoingEmail.objects.filter(
        state=OutgoingEmail.State.PENDING, next_attempt_at__lte=timezone.now()
    ).values_list("pk", flat=True)[:limit]
    for pk in list(due):
        sent += deliver_one(pk)
    return sent


def deliver_one(pk: int) -> int:
    """Send one email if it is due and no one else is sending it; 1 if sent."""
    # Claim the row by pushing its next attempt into the future, so that two deliverers
    # never send the same email twice.
    claim_until = timezone.now() + timedelta(minutes=5)
    claimed = OutgoingEmail.objects.filter(
        pk=pk, state=OutgoingEmail.State.PENDING, next_attempt_at__lte=timezone.now()
    ).update(next_attempt_at=claim_until)
    if not claimed:
        return 0
    email = OutgoingEmail.objects.get(pk=pk)
    try:
        send_mail(email.subject, email.body, settings.COMMENTS_XTD_FROM_EMAIL, [email.to])
    except Exception as exc:
        attempts = email.attempts + 1
        state = (
            OutgoingEmail.State.FAILED if attempts >= MAX_ATTEMPTS else OutgoingEmail.State.PENDING
        )
        OutgoingEmail.objects.filter(pk=pk).update(
            attempts=attempts,
            state=state,
            last_error=repr(exc)[:1000],
            next_attempt_at=timezone.now() + timedelta(minutes=2**attempts),
        )
        logger.warning("Email %s to %s failed (attempt %s): %r", pk, email.to, attempts, exc)
        return 0
    OutgoingEmail.objects.filter(pk=pk).update(
        state=OutgoingEmail.State.SENT, sent_at=timezone.now(), attempts=email.attempts + 1
    )
    return 1

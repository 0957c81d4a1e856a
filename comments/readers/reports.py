"""Readers report comments: signed in or not, once per reader and comment, with a reason.
Enough distinct reporters send a published comment back to moderation (the reader_flags rule,
through comments.transitions)."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac

from comments.models import Status, TribuneComment
from comments.moderation.facts import article_settings, submission_for
from comments.moderation.pipeline import evaluate
from comments.moderation.rules import reader_flags
from comments.moderation.site_settings import current_policy
from comments.moderation.types import Facts, Verdict
from comments.readers.models import CommentReport
from comments.transitions import TransitionRefused, comment_transition


class ReportRefused(Exception):
    """The report is not taken; the message says why."""


def reporter_key(*, user=None, ip: str | None = None) -> str:
    """Who reports: an account, or a guest's address as a keyed digest (never the address)."""
    if user is not None and user.is_authenticated:
        return f"user:{user.pk}"
    digest = salted_hmac("tribune.readers.reporter", ip or "unknown").hexdigest()[:32]
    return f"guest:{digest}"


def has_reported(comment: TribuneComment, key: str) -> bool:
    return CommentReport.objects.filter(comment=comment, reporter_key=key).exists()


def comment_report(
    *, comment: TribuneComment, user=None, ip: str | None, reason: str, details: str = ""
) -> bool:
    """Record a reader's report; True when it sent the comment back to moderation.

    Raises ReportRefused for a second report by the same reader, or a guest address that has
    reported too much in the last hour.
    """
    key = reporter_key(user=user, ip=ip)
    signed_in = user is not None and user.is_authenticated
    if not signed_in:
        recent = CommentReport.objects.filter(
            reporter_key=key, created_at__gte=timezone.now() - timedelta(hours=1)
        ).count()
        if recent >= settings.TRIBUNE_GUEST_REPORTS_PER_HOUR:
            raise ReportRefused(
                "You have sent many reports in the last hour. Please try again later."
            )
    try:
        with transaction.atomic():
            CommentReport.objects.create(
                comment=comment,
                user=user if signed_in else None,
                reporter_key=key,
                reason=reason,
                details=details[:1000],
                ip_address=ip,
            )
    except IntegrityError as exc:
        raise ReportRefused("You have already reported this comment.") from exc
    return _hold_if_enough(comment)


def _hold_if_enough(comment: TribuneComment) -> bool:
    if comment.status != Status.APPROVED:
        return False
    # One per distinct reporter (the table allows no other): accounts by name, guests by a
    # short digest, never their address.
    reporters = tuple(
        username or f"guest {key.removeprefix('guest:')[:8]}"
        for key, username in CommentReport.objects.filter(comment=comment)
        .order_by("created_at", "pk")
        .values_list("reporter_key", "user__username")
    )
    facts = Facts(
        now=timezone.now(), article=article_settings(comment.content_object), flaggers=reporters
    )
    decision = evaluate(submission_for(comment), facts, current_policy(), rules=(reader_flags,))
    if decision.verdict != Verdict.HOLD:
        return False
    try:
        comment_transition(comment=comment, to=Status.HELD, decision=decision, stage="flagging")
    except TransitionRefused:
        return False
    return True

"""Readers' data in their hands: download it, erase it, and the sweep that removes IP
addresses and user agents after the retention period.

Every action is recorded (comments.readers.models.PrivacyAction) for moderators, without the
data it concerned. Guests prove their address with an emailed link that works once and expires.
"""

from __future__ import annotations

import secrets
from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from comments import tokens
from comments.models import ModerationDecision, TribuneComment
from comments.readers.models import CommentReport, PrivacyAction
from comments.revisions import CommentRevision

PRIVACY_SALT = "tribune.readers.privacy"


class LinkRefused(Exception):
    """An emailed privacy link cannot be used; the message says why."""


def subject_for_user(user) -> str:
    return f"user:{user.pk}"


def subject_for_email(email: str) -> str:
    return f"guest:{tokens.email_digest(email)}"


def comments_of_user(user):
    """An account's comments: those it posted, and those posted with its verified address
    before it signed up (confirmed from that address)."""
    mine = Q(user_id=user.pk)
    if user.email:
        mine |= Q(user__isnull=True, user_email__iexact=user.email, email_confirmed=True)
    return TribuneComment.objects.filter(mine)


def comments_of_email(email: str):
    """A guest's comments: those written with this address and no account."""
    return TribuneComment.objects.filter(user__isnull=True, user_email__iexact=email)


def export_data(comments, *, subject: str, extra: dict | None = None) -> dict:
    """What Tribune holds about a reader's comments, as plain data (the JSON download)."""
    rows = []
    for c in comments.order_by("submit_date", "pk"):
        rows.append(
            {
                "id": c.pk,
                "article": str(c.content_object) if c.content_object is not None else "",
                "posted_at": c.submit_date.isoformat(),
                "edited_at": c.edited_at.isoformat() if c.edited_at else None,
                "status": c.get_status_display(),
                "withdrawn": c.withdrawn,
                "name": c.user_name,
                "email": c.user_email,
                "website": c.user_url,
                "text": c.comment,
                "ip_address": c.ip_address,
                "user_agent": c.user_agent,
                "follow_up_emails": c.followup,
                "decision_email": c.notify_decision,
                "earlier_versions": [
                    {"until": r.created_at.isoformat(), "text": r.old_text}
                    for r in c.revisions.order_by("created_at", "pk")
                ],
            }
        )
    PrivacyAction.objects.create(
        kind=PrivacyAction.Kind.EXPORT, subject=subject, comment_count=len(rows)
    )
    return {"generated_at": timezone.now().isoformat(), **(extra or {}), "comments": rows}


def wipe_comment(comment: TribuneComment) -> None:
    """Remove a comment's text and everything naming its author, keeping its place in the
    thread (a tombstone) and the bare record of the decisions."""
    TribuneComment.objects.filter(pk=comment.pk).update(
        comment="",
        comment_html="",
        user_name="",
        user_email="",
        user_url="",
        user=None,
        ip_address=None,
        user_agent="",
        browser_digest="",
        followup=False,
        notify_decision=False,
        moderation_summary="",
    )
    CommentRevision.objects.filter(comment_id=comment.pk).delete()
    ModerationDecision.objects.filter(comment_id=comment.pk).update(
        author_email="", ip_address=None, trace=[], summary="Erased at its author's request."
    )


def comments_erase(comments, *, subject: str, link_nonce: str | None = None) -> int:
    """Erase every given comment (tombstones); record the action once. Returns how many."""
    from comments.readers.authoring import comment_withdraw

    with transaction.atomic():
        try:
            # Claims the link first: of two clicks on one link, the second is refused.
            with transaction.atomic():
                action = PrivacyAction.objects.create(
                    kind=PrivacyAction.Kind.ERASE, subject=subject, link_nonce=link_nonce
                )
        except IntegrityError as exc:
            raise LinkRefused("This link was already used.") from exc
        count = 0
        for comment in list(comments.exclude(withdrawn="erased")):
            comment_withdraw(comment=comment, erase=True)
            count += 1
        PrivacyAction.objects.filter(pk=action.pk).update(comment_count=count)
    return count


def make_link_token(email: str) -> str:
    """A link for a guest's privacy page: names the address, works once (a nonce), expires."""
    return signing.dumps(
        {"e": email.strip().lower(), "n": secrets.token_urlsafe(16)},
        salt=PRIVACY_SALT,
        compress=True,
    )


def read_link_token(token: str) -> tuple[str, str]:
    """(address, nonce) of a genuine, unexpired, unused link."""
    try:
        payload = signing.loads(
            token, salt=PRIVACY_SALT, max_age=settings.TRIBUNE_PRIVACY_LINK_MAX_AGE
        )
        email, nonce = str(payload["e"]), str(payload["n"])
    except signing.SignatureExpired as exc:
        raise LinkRefused("This link has expired. Ask for a new one.") from exc
    except (signing.BadSignature, ValueError, KeyError, TypeError) as exc:
        raise LinkRefused("This link is not valid.") from exc
    if PrivacyAction.objects.filter(link_nonce=nonce).exists():
        raise LinkRefused("This link was already used. Ask for a new one.")
    return email, nonce


def personal_data_purge(*, retention_days: int, now=None) -> int:
    """Remove IP addresses and user agents older than the retention period from comments,
    decisions and reports. Returns how many comments were cleared; records the sweep."""
    cutoff = (now or timezone.now()) - timedelta(days=retention_days)
    with transaction.atomic():
        cleared = (
            TribuneComment.objects.filter(submit_date__lt=cutoff)
            .filter(Q(ip_address__isnull=False) | ~Q(user_agent=""))
            .update(ip_address=None, user_agent="")
        )
        ModerationDecision.objects.filter(created_at__lt=cutoff, ip_address__isnull=False).update(
            ip_address=None
        )
        CommentReport.objects.filter(created_at__lt=cutoff, ip_address__isnull=False).update(
            ip_address=None
        )
        PrivacyAction.objects.create(
            kind=PrivacyAction.Kind.RETENTION, subject="scheduler", comment_count=cleared
        )
    return cleared

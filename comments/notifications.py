"""Emails to commenters: confirmation requests and follow-up notices."""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse

from comments import tokens
from comments.models import Status, TribuneComment

logger = logging.getLogger(__name__)


def absolute_url(path: str) -> str:
    """A link for an email, on the site's public base URL."""
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def target_url(comment: TribuneComment) -> str:
    """The public address of the article a comment belongs to, with the comment's anchor."""
    return absolute_url(f"{comment.content_object.get_absolute_url()}#{comment.anchor}")


def send_confirmation_request(comment: TribuneComment) -> bool:
    """Ask an anonymous commenter to confirm their comment; True when the mail went out."""
    link = absolute_url(
        reverse("comments-confirm", args=[tokens.make_confirmation_token(comment.pk)])
    )
    context = {
        "comment": comment,
        "target": comment.content_object,
        "confirmation_url": link,
        "valid_hours": settings.TRIBUNE_CONFIRMATION_MAX_AGE // 3600,
        "site_name": settings.WAGTAIL_SITE_NAME,
    }
    return _send(
        subject=f"[{settings.WAGTAIL_SITE_NAME}] Please confirm your comment",
        template="comments/email/confirmation_request.txt",
        context=context,
        recipient=comment.user_email,
    )


def notify_followers(comment: TribuneComment) -> int:
    """Tell everyone following the article's discussion about a newly public comment, once."""
    # The conditional UPDATE makes this safe to call from every path that publishes.
    claimed = TribuneComment.objects.filter(
        pk=comment.pk, status=Status.APPROVED, followers_notified=False
    ).update(followers_notified=True)
    if not claimed:
        return 0
    followers = (
        TribuneComment.objects.published()
        .filter(content_type_id=comment.content_type_id, object_pk=comment.object_pk)
        .filter(followup=True)
        .exclude(user_email__iexact=comment.user_email)
        .order_by()
        .values_list("user_email", "user_name")
    )
    recipients: dict[str, str] = {}
    for email, name in followers:
        recipients.setdefault(email.lower(), name)
    if not recipients:
        return 0
    target = comment.content_object
    link = target_url(comment)
    sent = 0
    for email, name in recipients.items():
        mute_link = absolute_url(
            reverse(
                "comments-mute",
                args=[tokens.make_mute_token(comment.content_type_id, comment.object_pk, email)],
            )
        )
        context = {
            "recipient_name": name,
            "comment": comment,
            "target": target,
            "comment_url": link,
            "mute_url": mute_link,
            "site_name": settings.WAGTAIL_SITE_NAME,
        }
        sent += _send(
            subject=f"[{settings.WAGTAIL_SITE_NAME}] New comment on “{target}”",
            template="comments/email/followup.txt",
            context=context,
            recipient=email,
        )
    return sent


def _send(*, subject: str, template: str, context: dict, recipient: str) -> bool:
    """Send one email; a failing mail server is logged and never breaks the caller."""
    try:
        send_mail(
            subject,
            render_to_string(template, context),
            settings.COMMENTS_XTD_FROM_EMAIL,
            [recipient],
        )
    except Exception:
        logger.exception("Could not send %r to %s", subject, recipient)
        return False
    return True

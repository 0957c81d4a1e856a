"""Emails to readers about comments: confirmation requests, follow-ups, and decisions for
commenters who asked. All go through the outbox (comments.mailer). Alerts to moderators are the
desk's (comments.desk.alerts)."""

from __future__ import annotations

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse

from comments import mailer, tokens
from comments.models import Status, TribuneComment

REASON_FOR_READERS = {
    "spam": "it was judged to be spam",
    "removed": "it breaks the discussion rules",
}


def absolute_url(path: str) -> str:
    """A link for an email, on the site's public base URL."""
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def target_url(comment: TribuneComment) -> str:
    """The public address of the article a comment belongs to, with the comment's anchor."""
    return absolute_url(f"{comment.content_object.get_absolute_url()}#{comment.anchor}")


def queue_email(template: str, context: dict, *, subject: str, to: str) -> None:
    context = {"site_name": settings.WAGTAIL_SITE_NAME, **context}
    mailer.queue_email(
        to, f"[{settings.WAGTAIL_SITE_NAME}] {subject}", render_to_string(template, context)
    )


def send_confirmation_request(comment: TribuneComment) -> None:
    """Ask an anonymous commenter to confirm their comment."""
    link = absolute_url(
        reverse("comments-confirm", args=[tokens.make_confirmation_token(comment.pk)])
    )
    queue_email(
        "comments/email/confirmation_request.txt",
        {
            "comment": comment,
            "target": comment.content_object,
            "confirmation_url": link,
            "valid_hours": settings.TRIBUNE_CONFIRMATION_MAX_AGE // 3600,
        },
        subject="Please confirm your comment",
        to=comment.user_email,
    )


def notify_followers(comment: TribuneComment) -> int:
    """Tell everyone following the article's discussion about a newly public comment, once."""
    # The conditional UPDATE makes this safe to call from every path that publishes.
    claimed = TribuneComment.objects.filter(
        pk=comment.pk, status=Status.APPROVED, followers_notified=False
    ).update(followers_notified=True)
    target = comment.content_object
    if not claimed or target is None:
        return 0
    followers = (
        TribuneComment.objects.published()
        .filter(
            content_type_id=comment.content_type_id,
            object_pk=comment.object_pk,
            followup=True,
            # Never to an address its owner has not confirmed: a form is no proof of identity.
            email_confirmed=True,
        )
        .exclude(user_email__iexact=comment.user_email)
        .order_by()
        .values_list("user_email", "user_name", "author_name")
    )
    recipients: dict[str, str] = {}
    for email, name, whole_name in followers:
        recipients.setdefault(email.lower(), whole_name or name)
    for email, name in recipients.items():
        mute = tokens.make_mute_token(comment.content_type_id, comment.object_pk, email)
        queue_email(
            "comments/email/followup.txt",
            {
                "recipient_name": name,
                "comment": comment,
                "target": target,
                "comment_url": target_url(comment),
                "mute_url": absolute_url(reverse("comments-mute", args=[mute])),
            },
            subject=f"New comment on “{target}”",
            to=email,
        )
    return len(recipients)


def notify_author_of_decision(comment: TribuneComment, note: str = "") -> bool:
    """Tell a commenter who asked whether their held comment was published."""
    if not comment.notify_decision or not comment.user_email or not comment.email_confirmed:
        return False
    if comment.content_object is None:
        return False
    if comment.status == Status.APPROVED:
        template, subject = "comments/email/decision_approved.txt", "Your comment is published"
    elif comment.status in (Status.SPAM, Status.REMOVED):
        template, subject = "comments/email/decision_rejected.txt", "Your comment was not published"
    else:
        return False
    queue_email(
        template,
        {
            "comment": comment,
            "target": comment.content_object,
            "comment_url": target_url(comment) if comment.status == Status.APPROVED else "",
            "reason": note or REASON_FOR_READERS.get(comment.status, ""),
        },
        subject=subject,
        to=comment.user_email,
    )
    return True

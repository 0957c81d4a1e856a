"""Emails about comments: confirmation requests, follow-ups, held-comment alerts and digests,
and decisions for commenters who asked. All go through the outbox (comments.mailer)."""

from __future__ import annotations

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator

from comments import mailer, tokens
from comments.desk.permissions import desk_policy
from comments.models import NotificationPreference, Status, TribuneComment

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


def _queue(template: str, context: dict, *, subject: str, to: str) -> None:
    context = {"site_name": settings.WAGTAIL_SITE_NAME, **context}
    mailer.queue_email(
        to, f"[{settings.WAGTAIL_SITE_NAME}] {subject}", render_to_string(template, context)
    )


def send_confirmation_request(comment: TribuneComment) -> None:
    """Ask an anonymous commenter to confirm their comment."""
    link = absolute_url(
        reverse("comments-confirm", args=[tokens.make_confirmation_token(comment.pk)])
    )
    _queue(
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
    if not claimed:
        return 0
    followers = (
        TribuneComment.objects.published()
        .filter(content_type_id=comment.content_type_id, object_pk=comment.object_pk, followup=True)
        .exclude(user_email__iexact=comment.user_email)
        .order_by()
        .values_list("user_email", "user_name")
    )
    recipients: dict[str, str] = {}
    for email, name in followers:
        recipients.setdefault(email.lower(), name)
    target = comment.content_object
    for email, name in recipients.items():
        mute = tokens.make_mute_token(comment.content_type_id, comment.object_pk, email)
        _queue(
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


def _preference(user) -> str:
    pref = (
        NotificationPreference.objects.filter(user=user).values_list("frequency", flat=True).first()
    )
    return pref or NotificationPreference.Frequency.IMMEDIATE


def held_comment_recipients(comment: TribuneComment) -> list:
    """The article's author (if they have an account) and the moderators."""
    people = {user.pk: user for user in desk_policy.moderators() if user.email}
    contacts = getattr(comment.content_object, "comment_contacts", None)
    for user in contacts() if contacts else []:
        if user.email:
            people[user.pk] = user
    return list(people.values())


def notify_held(comment: TribuneComment) -> int:
    """Alert the people who moderate this comment that it awaits them (unless they chose a
    digest or nothing)."""
    desk_link = absolute_url(reverse("comment_desk:inspect", args=[comment.pk]))
    sent = 0
    for user in held_comment_recipients(comment):
        if _preference(user) != NotificationPreference.Frequency.IMMEDIATE:
            continue
        _queue(
            "comments/email/held.txt",
            {
                "recipient": user,
                "comment": comment,
                "excerpt": Truncator(comment.comment).chars(300),
                "target": comment.content_object,
                "reason": comment.moderation_summary,
                "desk_url": desk_link,
            },
            subject=f"Comment awaiting moderation on “{comment.content_object}”",
            to=user.email,
        )
        sent += 1
    return sent


def notify_author_of_decision(comment: TribuneComment, note: str = "") -> bool:
    """Tell a commenter who asked whether their held comment was published."""
    if not comment.notify_decision or not comment.user_email:
        return False
    if comment.status == Status.APPROVED:
        template, subject = "comments/email/decision_approved.txt", "Your comment is published"
    elif comment.status in (Status.SPAM, Status.REMOVED):
        template, subject = "comments/email/decision_rejected.txt", "Your comment was not published"
    else:
        return False
    _queue(
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


def send_digests(now=None) -> int:
    """Send each daily-digest reader the comments held since their last digest."""
    now = now or timezone.now()
    sent = 0
    preferences = NotificationPreference.objects.filter(
        frequency=NotificationPreference.Frequency.DAILY, user__is_active=True
    ).select_related("user")
    for pref in preferences:
        since = pref.last_digest_at or now - timezone.timedelta(days=1)
        held = list(
            desk_policy.instances_user_has_permission_for(pref.user, "moderate")
            .filter(status=Status.HELD, submit_date__gt=since)
            .order_by("submit_date")[:200]
        )
        pref.last_digest_at = now
        pref.save(update_fields=["last_digest_at"])
        if not held or not pref.user.email:
            continue
        _queue(
            "comments/email/digest.txt",
            {
                "recipient": pref.user,
                "comments": [
                    (c, absolute_url(reverse("comment_desk:inspect", args=[c.pk]))) for c in held
                ],
                "desk_url": absolute_url(reverse("comment_desk:index")),
            },
            subject=f"{len(held)} comment{'s' if len(held) != 1 else ''} awaiting moderation",
            to=pref.user.email,
        )
        sent += 1
    return sent

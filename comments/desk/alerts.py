"""Alerts to the people who moderate: an email per held comment, or a daily digest."""

from __future__ import annotations

from django.dispatch import receiver
from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator

from comments.desk.permissions import desk_permission_policy
from comments.models import NotificationPreference, Status, TribuneComment
from comments.notifications import absolute_url, queue_email
from comments.signals import comment_held


@receiver(comment_held, dispatch_uid="tribune-desk-held-alert")
def _on_comment_held(sender, comment: TribuneComment, **kwargs) -> None:
    notify_held(comment)


def _preference(user) -> str:
    pref = (
        NotificationPreference.objects.filter(user=user).values_list("frequency", flat=True).first()
    )
    return pref or NotificationPreference.Frequency.IMMEDIATE


def held_comment_recipients(comment: TribuneComment) -> list:
    """The article's author (if they have an account) and the moderators."""
    people = {user.pk: user for user in desk_permission_policy.moderators() if user.email}
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
        queue_email(
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
            desk_permission_policy.instances_user_has_permission_for(pref.user, "moderate")
            .filter(status=Status.HELD, submit_date__gt=since)
            .prefetch_related("content_object")  # the digest names each comment's article
            .order_by("submit_date")[:200]
        )
        pref.last_digest_at = now
        pref.save(update_fields=["last_digest_at"])
        if not held or not pref.user.email:
            continue
        queue_email(
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

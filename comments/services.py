"""What happens to comments: posting, confirming, muting follow-ups."""

from __future__ import annotations

import enum
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction

from comments import notifications, tokens
from comments.models import TribuneComment
from comments.threads import insert_comment


class Outcome(enum.Enum):
    PUBLISHED = "published"
    AWAITING_CONFIRMATION = "awaiting_confirmation"


@dataclass(frozen=True)
class PostResult:
    comment: TribuneComment
    outcome: Outcome


def needs_email_confirmation(user) -> bool:
    """Anonymous commenters confirm by email when the site asks for it; signed-in users never."""
    return settings.COMMENTS_XTD_CONFIRM_EMAIL and not (user and user.is_authenticated)


def post_comment(
    comment: TribuneComment, parent: TribuneComment | None, *, user=None
) -> PostResult:
    """Store a new comment in its thread and send the email that follows from it."""
    if user is not None and user.is_authenticated:
        comment.user = user
    confirm = needs_email_confirmation(user)
    if confirm:
        comment.is_public = False
        comment.awaiting_confirmation = True
    with transaction.atomic():
        insert_comment(comment, parent)
        if confirm:
            transaction.on_commit(lambda: notifications.send_confirmation_request(comment))
        else:
            transaction.on_commit(lambda: notifications.notify_followers(comment))
    outcome = Outcome.AWAITING_CONFIRMATION if confirm else Outcome.PUBLISHED
    return PostResult(comment=comment, outcome=outcome)


class BadLink(Exception):
    """An emailed link cannot be used; the message says why in plain words."""


def confirm_comment(token: str) -> TribuneComment:
    """Publish the comment a confirmation link names; clicking it again changes nothing."""
    try:
        comment_id = tokens.read_confirmation_token(token)
    except tokens.InvalidToken as exc:
        raise BadLink(str(exc)) from exc
    with transaction.atomic():
        # A conditional UPDATE lets exactly one of several simultaneous clicks publish.
        newly_confirmed = TribuneComment.objects.filter(
            pk=comment_id, awaiting_confirmation=True
        ).update(awaiting_confirmation=False, is_public=True)
        comment = TribuneComment.objects.filter(pk=comment_id).first()
        if comment is None or comment.content_object is None:
            raise BadLink("The comment or its article no longer exists.")
        if newly_confirmed:
            transaction.on_commit(lambda: notifications.notify_followers(comment))
    return comment


def mute_followups(token: str) -> int:
    """Stop follow-up emails about one article to the address in a mute link."""
    try:
        content_type_id, object_pk, email = tokens.read_mute_token(token)
    except tokens.InvalidToken as exc:
        raise BadLink(str(exc)) from exc
    return TribuneComment.objects.filter(
        content_type_id=content_type_id, object_pk=object_pk, user_email__iexact=email
    ).update(followup=False)

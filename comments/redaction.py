"""Moderators edit a comment's text (to take out a phone number, an address): sanitized like
any comment, not moderated again, and recorded with the original."""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from comments.models import CommentRevision, TribuneComment
from comments.sanitizer import InputTooLarge, sanitize
from comments.signals import announce_discussion_changed


class RedactionRefused(ValueError):
    """The new text cannot be stored; the message says why."""


def comment_redact(
    *, comment: TribuneComment, editor, text: str, note: str = ""
) -> CommentRevision:
    """Replace the comment's text, keeping the old text and who changed it in the record."""
    text = text.strip()
    if not text:
        raise RedactionRefused("The comment cannot be empty: remove the comment instead.")
    limit = settings.TRIBUNE_COMMENT_MAX_LENGTH
    if len(text) > limit:
        raise RedactionRefused(
            f"The text is {len(text)} characters long, and the limit is {limit}. Shorten it."
        )
    try:
        html = sanitize(text)
    except InputTooLarge as exc:
        raise RedactionRefused(str(exc)) from exc
    with transaction.atomic():
        current = TribuneComment.objects.select_related(None).select_for_update().get(pk=comment.pk)
        if current.comment == text:
            raise RedactionRefused("The text is unchanged.")
        revision = CommentRevision.objects.create(
            comment=current,
            editor=editor,
            editor_name=(editor.get_full_name() or editor.get_username()) if editor else "",
            old_text=current.comment,
            old_html=current.comment_html,
            new_text=text,
            new_html=html,
            note=note,
        )
        now = timezone.now()
        TribuneComment.objects.filter(pk=comment.pk).update(
            comment=text, comment_html=html, redacted_at=now
        )
        comment.comment, comment.comment_html, comment.redacted_at = text, html, now
        announce_discussion_changed(
            content_type_id=comment.content_type_id,
            object_pk=comment.object_pk,
            comment_ids=(comment.pk,),
            cause="redacted",
        )
    return revision

"""Authors' changes to their own comments: edit (within the site's window; moderated again
like a new post) and delete (at any time; a tombstone keeps the replies' thread).

The view has checked ownership (comments.readers.ownership) and parsed the text with the
comment form's own sanitizing; these services check the window and status again, under a
row lock, because the reader may have waited on the form.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from comments.models import Status, TribuneComment
from comments.moderation.record import record_decision, record_refusal
from comments.moderation.types import Verdict
from comments.posting import comment_decide_again
from comments.readers.ownership import can_edit_now, edit_deadline
from comments.revisions import CommentRevision
from comments.signals import announce_discussion_changed
from comments.transitions import STATUS_FOR_VERDICT, ModeratorAction, comment_transition

# Stricter statuses an edit may not leave for a laxer one: a held comment stays held.
_WAITING = {Status.HELD, Status.SPAM}

AUTHOR_DELETE = ModeratorAction(
    "author_delete",
    "Delete",
    Status.REMOVED,
    Verdict.REMOVE,
    "author_deleted",
    frozenset({Status.UNCONFIRMED, Status.HELD, Status.APPROVED, Status.SPAM}),
)
AUTHOR_ERASE = ModeratorAction(
    "author_erase",
    "Erase",
    Status.REMOVED,
    Verdict.REMOVE,
    "author_erased",
    AUTHOR_DELETE.from_statuses,
)


class EditRefused(Exception):
    """The edit cannot be made; the message says why in plain words."""


@dataclass(frozen=True)
class EditResult:
    comment: TribuneComment
    status: str  # the comment's status after the edit


def comment_edit(
    *,
    comment: TribuneComment,
    text: str,
    html: str,
    editor_name: str,
    editor=None,
    window_minutes: int,
) -> EditResult:
    """Replace an own comment's text, keep the old version, and decide on it again."""
    with transaction.atomic():
        current = TribuneComment.objects.select_related(None).select_for_update().get(pk=comment.pk)
        check_editable(current, window_minutes)
        old_text, old_html = current.comment, current.comment_html
        if text == old_text:
            return EditResult(current, current.status)
        current.comment, current.comment_html = text, html
        decision = comment_decide_again(comment=current)
        if decision.verdict == Verdict.REJECT:
            # Recorded for moderators; the comment keeps its old text.
            record_refusal(decision, stage="editing", comment=current)
            raise EditRefused(f"Your edit was not saved: {decision.summary}")
        CommentRevision.objects.create(
            comment=current,
            editor=editor if editor is not None and editor.is_authenticated else None,
            editor_name=f"{editor_name[:130]} (its author)",
            old_text=old_text,
            old_html=old_html,
            new_text=text,
            new_html=html,
            note="Edited by its author",
        )
        current.edited_at = timezone.now()
        TribuneComment.objects.filter(pk=current.pk).update(
            comment=text, comment_html=html, edited_at=current.edited_at
        )
        status = _status_after_edit(current.status, STATUS_FOR_VERDICT[decision.verdict])
        if status == current.status:
            record_decision(decision, stage="editing", comment=current)
            announce_discussion_changed(
                content_type_id=current.content_type_id,
                object_pk=current.object_pk,
                comment_ids=(current.pk,),
                cause="edited",
            )
        else:
            comment_transition(comment=current, to=status, decision=decision, stage="editing")
    return EditResult(current, current.status)


def check_editable(comment: TribuneComment, window_minutes: int) -> None:
    """Raise EditRefused, saying why in the reader's words, unless the comment may be edited."""
    if comment.withdrawn or comment.status == Status.REMOVED:
        raise EditRefused("This comment was removed, so it can no longer be edited.")
    if not can_edit_now(comment, window_minutes):
        deadline = edit_deadline(comment, window_minutes)
        if deadline is None:
            raise EditRefused("Comments cannot be edited on this site.")
        raise EditRefused(
            f"Comments can be edited for {window_minutes} minute"
            f"{'s' if window_minutes != 1 else ''} after posting, and that time is over for "
            "this one. You can still delete it."
        )


def _status_after_edit(current: str, decided: str) -> str:
    """The pipeline's status for the new text, never laxer than a wait already in force, and
    an unconfirmed comment still waits for its confirmation."""
    if current == Status.UNCONFIRMED:
        return current
    if current in _WAITING and decided == Status.APPROVED:
        return current
    return decided


def comment_withdraw(*, comment: TribuneComment, erase: bool = False) -> TribuneComment:
    """Take a comment back: removed for readers (a tombstone while it has replies), and never
    restored by moderators. `erase` also wipes its text and everything that names its author."""
    action = AUTHOR_ERASE if erase else AUTHOR_DELETE
    with transaction.atomic():
        current = TribuneComment.objects.select_related(None).select_for_update().get(pk=comment.pk)
        if current.withdrawn == "erased" or (current.withdrawn and not erase):
            return current
        if current.status != Status.REMOVED:
            comment_transition(comment=current, to=Status.REMOVED, action=action)
        current.withdrawn = "erased" if erase else "author"
        TribuneComment.objects.filter(pk=current.pk).update(withdrawn=current.withdrawn)
        if erase:
            from comments.readers.privacy import wipe_comment

            wipe_comment(current)
        announce_discussion_changed(
            content_type_id=current.content_type_id,
            object_pk=current.object_pk,
            comment_ids=(current.pk,),
            cause=action.reason,
        )
    return current

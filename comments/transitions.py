"""The one way a comment's status changes.

This module alone writes `status` and the django-comments flags that mirror it (`is_public`,
`is_removed`). It owns the table of allowed transitions, applies each one with a conditional
UPDATE (of two moderators acting at once, exactly one wins; the other is told what happened),
records the decision, queues what follows (emails through the outbox, in the same
transaction; the followers' emails after it, or in "tasks" delivery by the scheduler's sweep),
and announces that the discussion changed once the transaction has committed.
"""

from __future__ import annotations

from collections.abc import Iterable
from contextlib import nullcontext
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction

from comments import notifications
from comments.claims import Claim
from comments.insert_chain import chain_supported
from comments.models import ModerationDecision, Status, TribuneComment
from comments.moderation import record
from comments.moderation.types import Decision, Verdict
from comments.signals import announce_discussion_changed, comment_held
from comments.threads import insert_comment

# Where a comment may go from each status. Anything else is refused, whoever asks.
ALLOWED: dict[str, frozenset[str]] = {
    Status.UNCONFIRMED: frozenset({Status.APPROVED, Status.HELD, Status.SPAM, Status.REMOVED}),
    Status.HELD: frozenset({Status.APPROVED, Status.SPAM, Status.REMOVED}),
    Status.APPROVED: frozenset({Status.HELD, Status.SPAM, Status.REMOVED}),
    # Back to held: a moderator undoing "spam" or "remove" on a comment that was waiting.
    Status.SPAM: frozenset({Status.APPROVED, Status.REMOVED, Status.HELD}),
    Status.REMOVED: frozenset({Status.APPROVED, Status.HELD}),
}

STATUS_FOR_VERDICT = {
    Verdict.APPROVE: Status.APPROVED,
    Verdict.HOLD: Status.HELD,
    Verdict.SPAM: Status.SPAM,
}


@dataclass(frozen=True)
class ModeratorAction:
    """Something a moderator can do to a comment, and the transition it makes."""

    slug: str
    label: str
    to: str
    verdict: str
    reason: str
    from_statuses: frozenset[str]


ACTIONS: dict[str, ModeratorAction] = {
    action.slug: action
    for action in (
        ModeratorAction(
            "approve",
            "Approve",
            Status.APPROVED,
            Verdict.APPROVE,
            "approved",
            frozenset({Status.UNCONFIRMED, Status.HELD}),
        ),
        ModeratorAction(
            "spam",
            "Mark as spam",
            Status.SPAM,
            Verdict.SPAM,
            "marked_spam",
            frozenset({Status.UNCONFIRMED, Status.HELD, Status.APPROVED}),
        ),
        ModeratorAction(
            "remove",
            "Remove",
            Status.REMOVED,
            Verdict.REMOVE,
            "removed",
            frozenset({Status.UNCONFIRMED, Status.HELD, Status.APPROVED, Status.SPAM}),
        ),
        ModeratorAction(
            "restore",
            "Restore",
            Status.APPROVED,
            Verdict.RESTORE,
            "restored",
            frozenset({Status.SPAM, Status.REMOVED}),
        ),
    )
}


class TransitionRefused(Exception):
    """The comment is not (or no longer) in a status the transition starts from."""

    def __init__(self, comment_id: int, current: str | None, wanted: str):
        self.current = current
        label = Status(current).label.lower() if current else "deleted"
        super().__init__(
            f"This comment is {label} now (someone else may have just acted on it), "
            f"so it cannot be {Status(wanted).label.lower()}."
        )


def actions_for(status: str) -> list[ModeratorAction]:
    """The moderator actions a comment in this status allows, in a fixed order."""
    return [action for action in ACTIONS.values() if status in action.from_statuses]


def status_fields(status: str) -> dict:
    """The status and the django-comments flags that mirror it."""
    return {
        "status": status,
        "is_public": status == Status.APPROVED,
        "is_removed": status == Status.REMOVED,
    }


def comment_set_initial_status(comment: TribuneComment, *, status: str) -> TribuneComment:
    """Give a comment that is not stored yet its first status (posting, seeding, imports)."""
    if comment.pk is not None:
        raise ValueError("A stored comment changes status through comment_transition().")
    for name, value in status_fields(status).items():
        setattr(comment, name, value)
    return comment


def comment_create(
    *,
    comment: TribuneComment,
    parent: TribuneComment | None,
    status: str,
    decision: Decision | None = None,
    actor=None,
    reason: str = "",
    claim: Claim | None = None,
) -> TribuneComment:
    """Store a new comment in its thread with its first status, record why, queue what follows.

    `decision` is the pipeline's (a reader posted); without one, `actor` and `reason` say who
    added it (a staff reply). A reader's post brings its `claim` (comments.claims): ClaimTaken
    if another post took it, with nothing stored.
    """
    comment_set_initial_status(comment, status=status)
    if decision is not None:
        # Stored with the INSERT, so recording the decision needs no UPDATE of the comment.
        comment.moderation_reason, comment.moderation_summary = record.latest_fields(decision)
    # A published comment with its record is one statement on PostgreSQL (comments.threads),
    # and nothing else is written with it: it needs no transaction (no BEGIN and COMMIT round
    # trips). A held one alerts the moderators in the same transaction.
    alone = decision is not None and chain_supported() and status == Status.APPROVED
    with nullcontext() if alone else transaction.atomic(savepoint=False):
        if decision is not None:
            # The comment already carries the decision's reason and summary (above).
            entry = record.decision_entry(decision, stage="posting", comment=comment)
            insert_comment(comment, parent, decision_entry=entry, claim=claim)
        else:
            insert_comment(comment, parent)
            record.record_action(comment, Verdict.APPROVE, actor=actor, reason=reason)
        _follow_up(comment, old=None, actor=actor, note="")
    return comment


def comment_transition(
    *,
    comment: TribuneComment,
    to: str,
    actor=None,
    action: ModeratorAction | None = None,
    decision: Decision | None = None,
    stage: str = "moderation",
    note: str = "",
) -> ModerationDecision:
    """Move a stored comment to `to`, if the table allows it from the status it has now.

    A moderator's `action` or the pipeline's `decision` (confirmation, readers' flags) says why.
    Of simultaneous callers starting from the same status exactly one wins; the others get
    TransitionRefused naming the status the winner left.
    """
    old = comment.status
    refused_by_action = action is not None and old not in action.from_statuses
    # A comment its author took back is never published again, by anyone.
    taken_back = bool(comment.withdrawn) and to != Status.REMOVED
    if refused_by_action or taken_back or to not in ALLOWED.get(old, frozenset()):
        raise TransitionRefused(comment.pk, old, to)
    with transaction.atomic():
        if not _claim(comment.pk, old, to):
            current = TribuneComment.objects.filter(pk=comment.pk).values_list("status", flat=True)
            raise TransitionRefused(comment.pk, current.first(), to)
        for name, value in status_fields(to).items():
            setattr(comment, name, value)
        if decision is not None:
            entry = record.record_decision(decision, stage=stage, comment=comment)
        else:
            entry = record.record_action(
                comment, action.verdict, actor=actor, note=note, reason=action.reason
            )
        _follow_up(comment, old=old, actor=actor, note=note)
    return entry


def comments_transition_bulk(
    *, comments: Iterable[TribuneComment], action: ModeratorAction, actor, note: str = ""
) -> tuple[int, int]:
    """Apply one moderator action to many comments; returns (done, refused)."""
    done = refused = 0
    for comment in comments:
        try:
            comment_transition(comment=comment, to=action.to, action=action, actor=actor, note=note)
        except TransitionRefused:
            refused += 1
        else:
            done += 1
    return done, refused


VERDICT_FOR_STATUS = {
    Status.APPROVED: Verdict.APPROVE,
    Status.HELD: Verdict.HOLD,
    Status.SPAM: Verdict.SPAM,
    Status.REMOVED: Verdict.REMOVE,
}


def comments_transition_bulk_quietly(
    *, changes: Iterable[tuple[TribuneComment, str]], reason: str, note: str = ""
) -> tuple[list[TribuneComment], list[TribuneComment]]:
    """Move many comments, each to its own status, telling no one: an import bringing in what
    was decided elsewhere (WordPress), so no follower, author or moderator gets an email.

    The table of allowed transitions and the conditional claim apply as for a moderator;
    each change is recorded. Returns (moved, refused).
    """
    moved: list[TribuneComment] = []
    refused: list[TribuneComment] = []
    with transaction.atomic():
        for comment, to in changes:
            old = comment.status
            # Marked told, as nobody is told later either: the followers' sweep
            # (tasks.notify_pending_followers) looks for approved comments not told yet.
            told = {"followers_notified": True} if to == Status.APPROVED else {}
            if to not in ALLOWED.get(old, frozenset()) or not _claim(comment.pk, old, to, **told):
                refused.append(comment)
                continue
            for name, value in {**status_fields(to), **told}.items():
                setattr(comment, name, value)
            record.record_action(
                comment, VERDICT_FOR_STATUS[to], actor=None, reason=reason, note=note
            )
            moved.append(comment)
        for (content_type_id, object_pk), group in _by_discussion(moved).items():
            announce_discussion_changed(
                content_type_id=content_type_id,
                object_pk=object_pk,
                comment_ids=[c.pk for c in group],
                cause=reason,
            )
    return moved, refused


def _by_discussion(comments: list[TribuneComment]) -> dict[tuple, list[TribuneComment]]:
    groups: dict[tuple, list[TribuneComment]] = {}
    for comment in comments:
        groups.setdefault((comment.content_type_id, comment.object_pk), []).append(comment)
    return groups


def _claim(comment_id: int, expected: str, status: str, **also) -> bool:
    """Move a comment from `expected` to `status` (with `also`, more of Tribune's own columns in
    the same UPDATE); of simultaneous callers exactly one wins.

    The condition has to sit in a single-table UPDATE. `status` lives in Tribune's table while
    `is_public` and `is_removed` live in django-comments' table, and Django runs an update that
    spans several tables as a SELECT of the matching ids followed by UPDATEs by id alone, which
    every simultaneous caller passes.
    """
    won = TribuneComment.objects.filter(pk=comment_id, status=expected).update(
        status=status, **also
    )
    if won:
        flags = {k: v for k, v in status_fields(status).items() if k != "status"}
        TribuneComment.objects.filter(pk=comment_id).update(**flags)
    return bool(won)


def _follow_up(comment: TribuneComment, *, old: str | None, actor, note: str) -> None:
    """What follows a status change, inside its transaction (emails go to the outbox)."""
    new = comment.status
    if new == Status.APPROVED:
        # In "tasks" delivery a newly public comment queues nothing, so the POST writes no
        # extra row: it stays `followers_notified=False` until the scheduler's sweep of every
        # minute (tasks.notify_pending_followers) tells its followers.
        if settings.TRIBUNE_EMAIL_DELIVERY != "tasks":
            # Robust: the comment is stored by then, and its author must be told so even if
            # the database goes away before the followers are.
            transaction.on_commit(lambda: notifications.notify_followers(comment), robust=True)
    elif new == Status.HELD:
        comment_held.send(sender=TribuneComment, comment=comment)
    if actor is not None and old in {Status.HELD, Status.SPAM}:
        notifications.notify_author_of_decision(comment, note)
    announce_discussion_changed(
        content_type_id=comment.content_type_id,
        object_pk=comment.object_pk,
        comment_ids=(comment.pk,),
        cause=comment.moderation_reason or new,
    )

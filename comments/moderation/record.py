"""The append-only record of moderation decisions: the pipeline's, and people's actions."""

from __future__ import annotations

from comments.models import ModerationDecision, TribuneComment
from comments.moderation.reasons import reason_label
from comments.moderation.types import Decision


def record_decision(
    decision: Decision,
    *,
    stage: str,
    comment: TribuneComment | None = None,
    content_type_id: int | None = None,
    object_pk: str = "",
    author_email: str = "",
    ip_address: str | None = None,
) -> ModerationDecision:
    """Store the pipeline's decision with its whole trace and the policy in force, and copy its
    reason and summary onto the comment.

    A refused submission has no comment: its article is named by content type and key. A new
    comment carries the copy from its INSERT and its record is stored with it (decision_entry).
    """
    if comment is not None:
        _remember_latest(comment, *latest_fields(decision))
    entry = decision_entry(
        decision,
        stage=stage,
        comment=comment,
        content_type_id=content_type_id,
        object_pk=object_pk,
        author_email=author_email,
        ip_address=ip_address,
    )
    entry.save()
    return entry


def decision_entry(
    decision: Decision,
    *,
    stage: str,
    comment: TribuneComment | None = None,
    content_type_id: int | None = None,
    object_pk: str = "",
    author_email: str = "",
    ip_address: str | None = None,
) -> ModerationDecision:
    """The record of a decision, not stored yet: a new comment stores it with its own rows
    (comments.threads.insert_comment), and record_decision otherwise."""
    return ModerationDecision(
        comment=comment,
        content_type_id=comment.content_type_id if comment is not None else content_type_id,
        object_pk=comment.object_pk if comment is not None else str(object_pk),
        verdict=decision.verdict,
        reasons=decision.reasons,
        summary=decision.summary,
        trace=decision.trace_record(),
        policy=decision.policy.as_record(),
        stage=stage,
        author_email=author_email or (comment.user_email if comment else ""),
        ip_address=ip_address or (comment.ip_address if comment else None),
    )


def record_refusal(
    decision: Decision, *, stage: str, comment: TribuneComment
) -> ModerationDecision:
    """A refused text (a post or an edit) for moderators: on the comment's article and author,
    not attached to the comment, whose stored text and status it leaves alone."""
    return record_decision(
        decision,
        stage=stage,
        content_type_id=comment.content_type_id,
        object_pk=comment.object_pk,
        author_email=comment.user_email,
        ip_address=comment.ip_address,
    )


def record_action(
    comment: TribuneComment, verdict: str, *, actor, note: str = "", reason: str
) -> ModerationDecision:
    """Store a person's action on a comment as a new decision."""
    summary = note or f"{reason_label(reason)}."
    _remember_latest(comment, reason, summary)
    return ModerationDecision.objects.create(
        comment=comment,
        content_type_id=comment.content_type_id,
        object_pk=comment.object_pk,
        verdict=verdict,
        reasons=[reason],
        summary=summary,
        trace=[],
        policy={},
        actor=actor,
        stage="moderation",
        note=note,
        author_email=comment.user_email,
        ip_address=comment.ip_address,
    )


def record_actions_bulk(entries: list[tuple[TribuneComment, str, str]], *, reason: str) -> None:
    """Store one decision per (comment, verdict, note) of comments just stored in bulk (an
    import) that already carry it as their latest (latest_decision_fields, set before the
    insert): one INSERT instead of two statements per comment."""
    ModerationDecision.objects.bulk_create(
        [
            ModerationDecision(
                comment=comment,
                content_type_id=comment.content_type_id,
                object_pk=comment.object_pk,
                verdict=verdict,
                reasons=[reason],
                summary=note or f"{reason_label(reason)}.",
                trace=[],
                policy={},
                stage="moderation",
                note=note,
                author_email=comment.user_email,
                ip_address=comment.ip_address,
            )
            for comment, verdict, note in entries
        ],
        batch_size=500,
    )


def latest_decision_fields(reason: str, note: str = "") -> dict[str, str]:
    """The copy of the latest decision a comment carries (see TribuneComment)."""
    return {
        "moderation_reason": reason,
        "moderation_summary": (note or f"{reason_label(reason)}.")[:300],
    }


def latest_fields(decision: Decision) -> tuple[str, str]:
    """The reason and summary a comment keeps of its latest decision."""
    return (decision.reasons[0] if decision.reasons else "passed"), decision.summary[:300]


def _remember_latest(comment: TribuneComment, reason: str, summary: str) -> None:
    fields = {"moderation_reason": reason, "moderation_summary": summary[:300]}
    TribuneComment.objects.filter(pk=comment.pk).update(**fields)
    for name, value in fields.items():
        setattr(comment, name, value)

"""Take moderation decisions at each stage and keep the append-only record of them."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.http import HttpRequest
from django.utils import timezone

from comments.models import ModerationDecision, TribuneComment
from comments.moderation.facts import article_settings, gather_facts, submission_for
from comments.moderation.pipeline import evaluate
from comments.moderation.rules import reader_flags
from comments.moderation.site_settings import current_policy
from comments.moderation.types import Decision, Facts


def decide_on_post(comment: TribuneComment, target, request: HttpRequest | None) -> Decision:
    """Run every rule on a comment being posted."""
    policy = current_policy()
    submission = submission_for(comment, request)
    return evaluate(submission, gather_facts(submission, target, policy), policy)


def decide_on_confirmation(comment: TribuneComment) -> Decision:
    """Run every rule again when an anonymous author confirms, against today's facts."""
    policy = current_policy()
    submission = submission_for(comment)
    facts = gather_facts(submission, comment.content_object, policy, exclude_pk=comment.pk)
    return evaluate(submission, facts, policy)


def decide_on_flags(comment: TribuneComment, flaggers: tuple[str, ...]) -> Decision:
    """Decide whether readers' flags send a published comment back to the queue."""
    policy = current_policy()
    facts = Facts(
        now=timezone.now(), article=article_settings(comment.content_object), flaggers=flaggers
    )
    return evaluate(submission_for(comment), facts, policy, rules=(reader_flags,))


def record(
    decision: Decision,
    *,
    stage: str,
    comment: TribuneComment | None = None,
    target=None,
    author_email: str = "",
    ip_address: str | None = None,
) -> ModerationDecision:
    """Store the pipeline's decision with its whole trace and the policy in force."""
    target = target if target is not None else comment.content_object
    if comment is not None:
        _remember_latest(
            comment, decision.reasons[0] if decision.reasons else "passed", decision.summary
        )
    return ModerationDecision.objects.create(
        comment=comment,
        content_type=ContentType.objects.get_for_model(target),
        object_pk=str(target.pk),
        verdict=decision.verdict,
        reasons=decision.reasons,
        summary=decision.summary,
        trace=decision.trace_record(),
        policy=decision.policy.as_record(),
        stage=stage,
        author_email=author_email or (comment.user_email if comment else ""),
        ip_address=ip_address or (comment.ip_address if comment else None),
    )


def record_action(
    comment: TribuneComment, verdict: str, *, actor, note: str = "", reason: str
) -> ModerationDecision:
    """Store a moderator's action on a comment as a new decision."""
    summary = note or f"{reason.replace('_', ' ').capitalize()} by a moderator."
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


def _remember_latest(comment: TribuneComment, reason: str, summary: str) -> None:
    fields = {"moderation_reason": reason, "moderation_summary": summary[:300]}
    TribuneComment.objects.filter(pk=comment.pk).update(**fields)
    for name, value in fields.items():
        setattr(comment, name, value)

"""Rebuild what the pipeline saw for a past submission, from the record: for replay and training.

The posting-stage ModerationDecision keeps every rule's evidence. From it and the stored comment:

- Submission: the stored comment (text, sanitized HTML, name, email, website, address, browser,
  account). The writing time comes back from the too_fast evidence (seconds), the honeypot from
  the honeypot evidence, the removed markup from the removed_markup evidence.
- A refused submission stored no comment and Tribune does not keep its text: it is rebuilt
  with an empty text (email and address come from the record) and `text_known=False`. Rules
  that read the text cannot judge it; replay reports such submissions apart.
- Facts: flood counts and the duplicate from their evidence, as counted then. A changed flood
  or duplicate window cannot be recounted (refused submissions are not stored), so the counts
  of the time are used whatever the window. The oldest post in the flood window is not kept;
  it only shapes Retry-After, never the verdict.
- Author history: from the new_commenter evidence when the rule could tell; otherwise from
  the comments now approved that this author posted earlier (a comment approved later than
  this submission counts, which the record cannot rule out).
- Article: its settings now (comment_settings()), with the policy it had (article_policy
  evidence) and closed if the record says it was not accepting comments.
- Readers' flags: none at posting. The spam model: the version the trace names, if kept.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from comments.models import ModerationDecision, Status, TribuneComment
from comments.moderation.types import ArticleCommentSettings, Facts, PolicySnapshot, Submission


@dataclass(frozen=True)
class Rebuilt:
    decision: ModerationDecision
    submission: Submission
    facts: Facts
    text_known: bool


def policy_from_record(record: dict) -> PolicySnapshot:
    """The policy a decision stored, tolerating fields added or dropped since."""
    known = PolicySnapshot.__dataclass_fields__
    values = {
        key: tuple(value) if isinstance(value, list) else value
        for key, value in record.items()
        if key in known
    }
    return PolicySnapshot(**values)


def evidence_of(decision: ModerationDecision) -> dict[str, dict]:
    return {entry.get("rule", ""): entry.get("evidence") or {} for entry in decision.trace}


def replayable_decisions(since: datetime, limit: int, **filters):
    """The newest pipeline decisions on new submissions (seeded rows have no trace)."""
    return (
        ModerationDecision.objects.filter(stage="posting", created_at__gte=since, **filters)
        .exclude(trace=[])
        .select_related("comment", "comment__user")
        .order_by("-created_at", "-pk")[:limit]
    )


def rebuild(decisions, *, spam_models: dict | None = None, targets: dict | None = None):
    """A Rebuilt for each decision, with at most a few queries for the whole batch."""
    decisions = list(decisions)
    histories = _first_approved_by_author(decisions)
    spam_models = spam_models or {}
    targets = targets if targets is not None else {}
    return [_rebuild_one(d, histories, spam_models, targets) for d in decisions]


def _rebuild_one(decision, histories, spam_models, targets) -> Rebuilt:
    evidence = evidence_of(decision)
    comment = decision.comment
    if comment is not None:
        submission = _submission_from_comment(comment, evidence)
    else:
        submission = Submission(
            text="", email=decision.author_email, ip=decision.ip_address, submitted_at=None
        )
    flood = evidence.get("flood", {})
    spam_version = evidence.get("spam_score", {}).get("model_version")
    facts = Facts(
        now=decision.created_at,
        article=_article(decision, evidence, targets),
        recent_by_ip=flood.get("by_ip", 0),
        recent_by_email=flood.get("by_email", 0),
        duplicate_of=evidence.get("duplicate", {}).get("comment_id"),
        has_approved_history=_history(decision, evidence, submission, histories),
        spam_model=spam_models.get(spam_version) if spam_version else None,
    )
    return Rebuilt(decision, submission, facts, text_known=comment is not None)


def _submission_from_comment(comment: TribuneComment, evidence: dict) -> Submission:
    seconds = evidence.get("too_fast", {}).get("seconds")
    rendered_at = comment.submit_date - timedelta(seconds=seconds) if seconds is not None else None
    user = comment.user if comment.user_id else None
    return Submission(
        text=comment.comment,
        html=comment.comment_html,
        removed_markup=tuple(evidence.get("removed_markup", {}).get("removed", ())),
        author_name=comment.display_name,
        email=comment.user_email,
        url=comment.user_url,
        ip=comment.ip_address,
        user_agent=comment.user_agent,
        user_id=comment.user_id,
        is_staff=bool(user and user.is_staff),
        parent_id=comment.parent_id if comment.parent_id != comment.pk else None,
        rendered_at=rendered_at,
        submitted_at=comment.submit_date,
        honeypot=evidence.get("honeypot", {}).get("value", ""),
    )


def _article(decision, evidence: dict, targets: dict) -> ArticleCommentSettings:
    key = (decision.content_type_id, decision.object_pk)
    if key not in targets:
        targets[key] = _target_settings(decision)
    article = targets[key]
    if "article_policy" in evidence.get("article_policy", {}):
        article = replace(article, policy=evidence["article_policy"]["article_policy"])
    if evidence.get("comments_closed", {}).get("why") == "not_accepting":
        article = replace(article, accepting=False)
    return article


def _target_settings(decision) -> ArticleCommentSettings:
    model = decision.content_type.model_class()
    target = model.objects.filter(pk=decision.object_pk).first() if model else None
    if target is None:
        return ArticleCommentSettings(accepting=False)
    provider = getattr(target, "comment_settings", None)
    if provider is None:
        return ArticleCommentSettings(accepting=target.accepts_comments())
    return provider()


def _history(decision, evidence: dict, submission: Submission, histories: dict) -> bool:
    if _rule_fired(decision, "new_commenter"):
        return False
    held_new = (decision.policy or {}).get("premoderate_new_commenters")
    if held_new and "new_commenter" in evidence and not submission.is_staff:
        # The rule ran and held nothing: only the author's history could have let them pass.
        return True
    first = [
        histories.get(("email", submission.email.lower())),
        histories.get(("user", submission.user_id)),
    ]
    first = [when for when in first if when is not None]
    return bool(first) and min(first) < decision.created_at


def _rule_fired(decision, rule: str) -> bool:
    return any(e.get("rule") == rule and e.get("verdict") for e in decision.trace)


def _first_approved_by_author(decisions) -> dict:
    """When each author's first comment now approved was posted, by email and by account."""
    emails = {(d.comment.user_email if d.comment else d.author_email).lower() for d in decisions}
    emails.discard("")
    users = {d.comment.user_id for d in decisions if d.comment and d.comment.user_id}
    found: dict = {}
    approved = TribuneComment.objects.filter(status=Status.APPROVED)
    rows = approved.filter(user_email__in=emails).values_list("user_email", "submit_date")
    for email, when in rows.iterator():
        key = ("email", email.lower())
        found[key] = min(when, found.get(key, when))
    rows = approved.filter(user_id__in=users).values_list("user_id", "submit_date")
    for user_id, when in rows.iterator():
        key = ("user", user_id)
        found[key] = min(when, found.get(key, when))
    return found

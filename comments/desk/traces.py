"""Decisions as a moderator reads them: words instead of identifiers, deciding rules first,
passing rules folded away, a confirmation that only repeats the posting decision collapsed."""

from __future__ import annotations

from dataclasses import dataclass, field

from comments.models import ModerationDecision
from comments.moderation.labels import evidence_label, rule_label
from comments.moderation.reasons import reason_label

STAGE_LABELS = {
    "posting": "When posted",
    "confirmation": "When the email was confirmed",
    "flagging": "When readers flagged it",
    "editing": "When its author edited it",
    "moderation": "By a moderator",
    "redaction": "Text edited",
}


@dataclass
class Step:
    rule: str
    outcome: str
    message: str
    evidence: list[tuple[str, str]]


@dataclass
class DecisionView:
    decision: ModerationDecision
    stage: str
    reasons: list[str]
    deciding: list[Step] = field(default_factory=list)
    passing: list[Step] = field(default_factory=list)
    repeats_posting: bool = False


def evidence_text(value) -> str:
    """One evidence value in words: lists joined, records as "key: value", nothing as a dash."""
    if value is None or value == "" or value == [] or value == {}:
        return "—"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, dict):
        return "; ".join(f"{evidence_label(k)}: {evidence_text(v)}" for k, v in value.items())
    if isinstance(value, list | tuple):
        return ", ".join(evidence_text(item) for item in value)
    return str(value)


def _step(entry: dict) -> Step:
    verdict = entry.get("verdict")
    evidence = entry.get("evidence") or {}
    return Step(
        rule=rule_label(entry.get("rule", "")),
        outcome=reason_label(entry.get("reason", "")) if verdict else "Passed",
        message=entry.get("message", ""),
        evidence=[(evidence_label(k), evidence_text(v)) for k, v in evidence.items()],
    )


def decision_views(decisions: list[ModerationDecision]) -> list[DecisionView]:
    """Each decision with its trace split into deciding and passing steps."""
    views = []
    posting = None
    for decision in decisions:
        trace = decision.trace or []
        view = DecisionView(
            decision=decision,
            stage=STAGE_LABELS.get(decision.stage, decision.stage.capitalize()),
            reasons=[reason_label(code) for code in decision.reasons or []],
            deciding=[_step(e) for e in trace if e.get("verdict")],
            passing=[_step(e) for e in trace if not e.get("verdict")],
        )
        if decision.stage == "posting":
            posting = decision
        elif decision.stage == "confirmation" and posting is not None:
            view.repeats_posting = (
                posting.verdict == decision.verdict and posting.reasons == decision.reasons
            )
        views.append(view)
    return views

"""Run every moderation rule on a submission and combine their findings into one decision."""

from __future__ import annotations

from dataclasses import dataclass, field

from comments.models import Verdict
from comments.policy import PolicySnapshot
from comments.rules import RULES, Facts, Finding, Rule, Submission

# The strongest verdict wins: a refusal outranks spam, spam outranks a hold.
PRECEDENCE = (Verdict.REJECT, Verdict.SPAM, Verdict.HOLD)


@dataclass(frozen=True)
class Decision:
    """The pipeline's verdict, the findings that produced it, and every rule's answer."""

    verdict: str
    deciding: tuple[Finding, ...]
    trace: tuple[Finding, ...]
    policy: PolicySnapshot = field(default_factory=PolicySnapshot)

    @property
    def reasons(self) -> list[str]:
        return [finding.reason for finding in self.deciding]

    @property
    def summary(self) -> str:
        if not self.deciding:
            return "Passed every rule."
        return " ".join(finding.message for finding in self.deciding)

    def finding(self, reason: str) -> Finding | None:
        return next((f for f in self.deciding if f.reason == reason), None)

    def trace_record(self) -> list[dict]:
        return [finding.as_record() for finding in self.trace]


def evaluate(
    submission: Submission, facts: Facts, policy: PolicySnapshot, rules: tuple[Rule, ...] = RULES
) -> Decision:
    """Run every rule (not just until the first one fires) and combine: reject > spam > hold."""
    trace = tuple(_run(rule, submission, facts, policy) for rule in rules)
    for verdict in PRECEDENCE:
        deciding = tuple(f for f in trace if f.verdict == verdict)
        if deciding:
            return Decision(verdict=verdict, deciding=deciding, trace=trace, policy=policy)
    return Decision(verdict=Verdict.APPROVE, deciding=(), trace=trace, policy=policy)


def _run(rule: Rule, submission: Submission, facts: Facts, policy: PolicySnapshot) -> Finding:
    # A broken rule must not let a comment through unseen, nor break posting: it holds.
    try:
        return rule(submission, facts, policy)
    except Exception as exc:
        name = getattr(rule, "__name__", "rule")
        return Finding(
            name,
            Verdict.HOLD,
            "rule_error",
            f"The {name} check failed; a moderator should look.",
            {"error": repr(exc)[:300]},
        )

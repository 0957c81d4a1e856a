"""Run every moderation rule on a submission and combine their findings into one decision."""

from __future__ import annotations

from comments.moderation.rules import RULES
from comments.moderation.types import (
    Decision,
    Facts,
    Finding,
    PolicySnapshot,
    Rule,
    Submission,
    Verdict,
)

# The strongest verdict wins: a refusal outranks spam, spam outranks a hold.
PRECEDENCE = (Verdict.REJECT, Verdict.SPAM, Verdict.HOLD)


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

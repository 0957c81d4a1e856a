"""The learned spam score as a pipeline rule: pure, it scores with the model Facts carries."""

from __future__ import annotations

from comments.moderation.spam_model import SpamModel, features
from comments.moderation.types import Facts, Finding, PolicySnapshot, Submission, Verdict


def spam_score(sub: Submission, facts: Facts, policy: PolicySnapshot) -> Finding:
    """Rule: the site's own spam model scores the submission; high scores hold or mark spam."""
    model = facts.spam_model
    if not isinstance(model, SpamModel):
        return Finding("spam_score", None, "pass", "No spam model is in use yet.", {})
    evidence = model.explain(features(sub, facts))
    evidence["hold_above"] = policy.spam_hold_above
    evidence["spam_above"] = policy.spam_mark_above
    score = evidence["score"]
    pushed = ", ".join(item["feature"] for item in evidence["towards_spam"][:3]) or "nothing"
    if policy.spam_mark_above and score > policy.spam_mark_above:
        verdict = Verdict.SPAM
    elif policy.spam_hold_above and score > policy.spam_hold_above:
        verdict = Verdict.HOLD
    else:
        return Finding("spam_score", None, "pass", f"Spam score {score:.2f}.", evidence)
    return Finding(
        "spam_score",
        verdict,
        "spam_score",
        f"Spam score {score:.2f} (model {model.version}), mostly for: {pushed}.",
        evidence,
    )

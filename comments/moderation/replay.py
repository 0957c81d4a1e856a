"""Policy replay: what a changed policy would have decided on the last N submissions.

Re-runs the pipeline (comments.moderation.pipeline.evaluate) on each submission with the facts
rebuilt from its record (comments.moderation.history says which facts cannot be rebuilt and how
they are treated), compares with what was decided, and reports the changes by outcome and by
rule, with samples and what moderators then did. It only reads: it never records a decision,
never changes a comment and never sends mail.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field, replace
from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from comments.models import ModerationDecision
from comments.moderation import history
from comments.moderation.pipeline import evaluate
from comments.moderation.reasons import reason_label
from comments.moderation.spam_store import spam_models_by_version
from comments.moderation.types import ArticleCommentSettings, PolicySnapshot, Verdict

DEFAULT_DAYS = 30
MAX_SUBMISSIONS = 10_000
SAMPLES = 5
OUTCOME = {
    Verdict.APPROVE: "published",
    Verdict.HOLD: "held",
    Verdict.SPAM: "spam",
    Verdict.REJECT: "rejected",
}
UNKNOWN_TEXT = "not rejected (text not stored)"
# The changes the editor asked about first, in this order; any other change follows.
HEADLINE = (("published", "held"), ("held", "published"), ("*", "spam"), ("*", "rejected"))


@dataclass
class Change:
    decision_id: int
    comment_id: int | None
    before: str
    after: str
    rules: list[str]
    summary: str
    moderator: str = ""

    @property
    def desk_url(self) -> str:
        return reverse("comment_desk:inspect", args=[self.comment_id]) if self.comment_id else ""


@dataclass
class Transition:
    before: str
    after: str
    count: int = 0
    samples: list[Change] = field(default_factory=list)
    moderators: Counter = field(default_factory=Counter)

    @property
    def label(self) -> str:
        return f"{self.before} → {self.after}"

    @property
    def moderator_counts(self) -> list[tuple[str, int]]:
        return self.moderators.most_common()


@dataclass
class ReplayReport:
    replayed: int
    changed: int
    text_unknown: int
    days: int
    transitions: list[Transition]
    by_rule: list[tuple[str, str, int]]
    headline: dict[str, int]

    @property
    def unchanged(self) -> int:
        return self.replayed - self.changed


def policy_replay(
    policy: PolicySnapshot,
    *,
    days: int = DEFAULT_DAYS,
    limit: int = MAX_SUBMISSIONS,
    article_key: tuple[int, str] | None = None,
    article: ArticleCommentSettings | None = None,
    now=None,
) -> ReplayReport:
    """Replay `policy` over the last `days` of submissions (at most `limit`, newest first).

    With `article_key` (content type id, object pk) only that article's submissions are
    replayed, and with `article` they are replayed under those article settings instead.
    """
    since = (now or timezone.now()) - timedelta(days=days)
    filters = {}
    if article_key is not None:
        filters = {"content_type_id": article_key[0], "object_pk": article_key[1]}
    decisions = list(history.replayable_decisions(since, min(limit, MAX_SUBMISSIONS), **filters))
    versions = {
        entry.get("evidence", {}).get("model_version")
        for d in decisions
        for entry in d.trace
        if entry.get("rule") == "spam_score"
    }
    models = spam_models_by_version(versions - {None})
    changes: list[Change] = []
    text_unknown = 0
    for rebuilt in history.rebuild(decisions, spam_models=models, targets={}):
        facts = rebuilt.facts
        if article is not None:
            facts = replace(facts, article=_keep_past(article, facts.article))
        new = evaluate(rebuilt.submission, facts, policy)
        old = rebuilt.decision
        before, after = OUTCOME.get(old.verdict, old.verdict), OUTCOME[new.verdict]
        if not rebuilt.text_known:
            text_unknown += 1
            if after != "rejected":
                after = UNKNOWN_TEXT
        if before == after:
            continue
        rules = sorted(set(old.reasons) ^ set(new.reasons))
        changes.append(
            Change(
                old.pk,
                old.comment_id,
                before,
                after,
                rules,
                new.summary if after != UNKNOWN_TEXT else old.summary,
            )
        )
    _add_moderator_actions(changes)
    return _report(len(decisions), changes, text_unknown, days)


def _keep_past(article: ArticleCommentSettings, past: ArticleCommentSettings):
    # The changed article settings, with what the record says about the time of posting.
    return replace(article, accepting=past.accepting and article.accepting)


def _add_moderator_actions(changes: list[Change]) -> None:
    ids = [c.comment_id for c in changes if c.comment_id]
    latest: dict[int, str] = {}
    actions = (
        ModerationDecision.objects.filter(comment_id__in=ids, actor__isnull=False)
        .order_by("created_at", "pk")
        .values_list("comment_id", "reasons")
    )
    for comment_id, reasons in actions:
        latest[comment_id] = reasons[0] if reasons else ""
    for change in changes:
        action = latest.get(change.comment_id)
        change.moderator = reason_label(action) if action else "No moderator action"


def _report(replayed: int, changes: list[Change], text_unknown: int, days: int) -> ReplayReport:
    transitions: dict[tuple[str, str], Transition] = {}
    by_rule: Counter = Counter()
    for change in changes:
        key = (change.before, change.after)
        transition = transitions.setdefault(key, Transition(*key))
        transition.count += 1
        transition.moderators[change.moderator] += 1
        if len(transition.samples) < SAMPLES:
            transition.samples.append(change)
        by_rule.update(change.rules)
    headline: dict[str, int] = defaultdict(int)
    for (before, after), transition in transitions.items():
        for want_before, want_after in HEADLINE:
            if after == want_after and want_before in {before, "*"}:
                headline[f"{want_before.replace('*', 'any')} → {want_after}"] += transition.count
    for want_before, want_after in HEADLINE:
        headline.setdefault(f"{want_before.replace('*', 'any')} → {want_after}", 0)
    return ReplayReport(
        replayed=replayed,
        changed=len(changes),
        text_unknown=text_unknown,
        days=days,
        transitions=sorted(transitions.values(), key=lambda t: -t.count),
        by_rule=[(code, reason_label(code), n) for code, n in by_rule.most_common()],
        headline=dict(headline),
    )


def report_lines(report: ReplayReport, base_url: str = "") -> list[str]:
    """The report as plain-text table lines (for the command and the logs)."""
    lines = [
        f"Replayed {report.replayed} submissions of the last {report.days} days: "
        f"{report.changed} would change outcome, {report.unchanged} would not.",
    ]
    if report.text_unknown:
        lines.append(
            f"{report.text_unknown} were refused and their text was not stored: "
            "only rules that do not read the text judged them again."
        )
    lines += ["", f"{'change':<40} {'count':>7}"]
    lines += [f"{label:<40} {count:>7}" for label, count in report.headline.items()]
    lines += ["", f"{'transition':<40} {'count':>7}  moderators then"]
    for t in report.transitions:
        decided = ", ".join(f"{who}: {n}" for who, n in t.moderator_counts)
        lines.append(f"{t.label:<40} {t.count:>7}  {decided}")
        for sample in t.samples:
            where = base_url + sample.desk_url if sample.desk_url else "(no comment stored)"
            lines.append(f"    {where}  {', '.join(sample.rules)}: {sample.summary[:80]}")
    lines += ["", f"{'rule':<40} {'changes':>7}"]
    lines += [f"{label:<40} {n:>7}" for _, label, n in report.by_rule]
    return lines

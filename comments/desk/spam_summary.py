"""The spam model's standing for the dashboard: its held-out precision and recall, overturns."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.utils import timezone

from comments.models import ModerationDecision, SpamModelVersion

DAYS = 30


@dataclass(frozen=True)
class SpamModelSummary:
    version: str
    trained_at: object
    trained_on: dict
    held_out: dict
    flagged: int
    overturned: int

    @property
    def overturn_rate(self) -> float | None:
        return round(self.overturned / self.flagged, 3) if self.flagged else None


def spam_model_summary(now=None) -> SpamModelSummary | None:
    """The current model's measurement (newest decisions held out by time) and how often
    moderators approved a comment it had held or marked spam, over the last 30 days."""
    row = SpamModelVersion.objects.filter(active=True).first()
    if row is None:
        return None
    since = (now or timezone.now()) - timedelta(days=DAYS)
    # JSON containment is not portable to SQLite: held and spam decisions are few, filter here.
    decided = ModerationDecision.objects.filter(
        stage="posting", created_at__gte=since, verdict__in=["hold", "spam"], comment__isnull=False
    ).values_list("comment_id", "reasons")
    flagged_ids = {comment_id for comment_id, reasons in decided if "spam_score" in reasons}
    latest: dict[int, str] = {}
    actions = (
        ModerationDecision.objects.filter(comment_id__in=flagged_ids, actor__isnull=False)
        .order_by("created_at", "pk")
        .values_list("comment_id", "reasons")
    )
    for comment_id, reasons in actions:
        latest[comment_id] = reasons[0] if reasons else ""
    overturned = sum(1 for reason in latest.values() if reason in {"approved", "restored"})
    return SpamModelSummary(
        version=row.version,
        trained_at=row.created_at,
        trained_on=row.trained_on,
        held_out=row.metrics.get("at_hold_threshold", {}),
        flagged=len(flagged_ids),
        overturned=overturned,
    )

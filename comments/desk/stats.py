"""The dashboard's numbers: decisions per day by outcome, time to a moderator's decision, the
oldest waiting comment, and each moderator's count."""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Count, Min, QuerySet
from django.db.models.functions import TruncDate
from django.utils import timezone

from comments.models import ModerationDecision, Status
from comments.moderation.types import Verdict

DAYS = 30
# The chart's series: which verdicts each one counts, its label and its colour.
SERIES = (
    ("approved", "Approved", "#2e7d32", (Verdict.APPROVE, Verdict.RESTORE)),
    ("held", "Held", "#b26a00", (Verdict.HOLD,)),
    ("spam", "Spam", "#6d4c41", (Verdict.SPAM,)),
    ("removed", "Removed", "#c62828", (Verdict.REMOVE, Verdict.REJECT)),
)
# Decisions on new comments by the rules, and moderators' decisions; a confirmation repeats
# the posting decision and a redaction decides nothing.
COUNTED_STAGES = ("posting", "moderation", "flagging")


@dataclass
class DayCounts:
    day: date
    counts: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def _window_start(today: date) -> date:
    return today - timedelta(days=DAYS - 1)


def decisions_by_day(today: date | None = None) -> list[DayCounts]:
    """Decisions per day and series for the last 30 days, oldest first, empty days included."""
    today = today or timezone.localdate()
    start = _window_start(today)
    rows = (
        ModerationDecision.objects.filter(
            stage__in=COUNTED_STAGES, created_at__date__gte=start, created_at__date__lte=today
        )
        .exclude(reasons=["staff_reply"])
        .annotate(day=TruncDate("created_at"))
        .values("day", "verdict")
        .annotate(total=Count("pk"))
    )
    series_of = {verdict: slug for slug, _, _, verdicts in SERIES for verdict in verdicts}
    days = {start + timedelta(days=n): {slug: 0 for slug, *_ in SERIES} for n in range(DAYS)}
    for row in rows:
        slug = series_of.get(row["verdict"])
        if slug and row["day"] in days:
            days[row["day"]][slug] += row["total"]
    return [DayCounts(day, counts) for day, counts in days.items()]


def minutes_to_decision(today: date | None = None) -> list[float]:
    """Minutes from posting to a moderator's first decision, for comments decided lately."""
    today = today or timezone.localdate()
    decided = (
        ModerationDecision.objects.filter(
            stage="moderation",
            actor__isnull=False,
            created_at__date__gte=_window_start(today),
            comment__isnull=False,
        )
        .exclude(reasons=["staff_reply"])
        .exclude(reasons=["undone"])
        .values("comment_id", "comment__submit_date")
        .annotate(first=Min("created_at"))
    )
    return [(row["first"] - row["comment__submit_date"]).total_seconds() / 60 for row in decided]


def median_and_p90(waits: list[float]) -> tuple[float | None, float | None]:
    """The median and the 90th percentile (nearest rank) of the waits, in minutes."""
    if not waits:
        return None, None
    ordered = sorted(waits)
    rank = max(1, -(-9 * len(ordered) // 10))  # ceil(0.9 n)
    return statistics.median(ordered), ordered[rank - 1]


def duration_words(minutes: float | None) -> str:
    """'45 min', '3 h 20 min', '2 days 4 h'."""
    if minutes is None:
        return "—"
    minutes = round(minutes)
    if minutes < 60:
        return f"{minutes} min"
    hours, rest = divmod(minutes, 60)
    if hours < 48:
        return f"{hours} h {rest} min" if rest else f"{hours} h"
    days, hours = divmod(hours, 24)
    return f"{days} days {hours} h" if hours else f"{days} days"


def oldest_waiting(moderatable: QuerySet):
    """The comment that has waited longest for a moderator, among those this user moderates."""
    return moderatable.filter(status=Status.HELD).order_by("submit_date", "pk").first()


def decisions_per_moderator(today: date | None = None) -> list[tuple[str, int]]:
    """Each moderator's decisions over the last 30 days, most first."""
    today = today or timezone.localdate()
    rows = (
        ModerationDecision.objects.filter(
            stage="moderation", actor__isnull=False, created_at__date__gte=_window_start(today)
        )
        .exclude(reasons=["staff_reply"])
        .values("actor__username")
        .annotate(total=Count("pk"))
        .order_by("-total", "actor__username")
    )
    return [(row["actor__username"], row["total"]) for row in rows]

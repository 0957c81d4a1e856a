"""The admin home page panel: pending comments and the last 30 days of outcomes."""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Count, Min
from django.db.models.functions import TruncDate
from django.urls import reverse
from django.utils import timezone
from wagtail.admin.ui.components import Component

from comments.desk.permissions import desk_permission_policy
from comments.desk.spam_summary import spam_model_summary
from comments.desk.views import pending_count
from comments.models import ModerationDecision
from comments.moderation.types import Verdict

DAYS = 30
OUTCOMES = (
    (Verdict.APPROVE, "Approved", "#2e7d32"),
    (Verdict.HOLD, "Held", "#e0a100"),
    (Verdict.SPAM, "Spam", "#6d4c41"),
    (Verdict.REJECT, "Rejected", "#c62828"),
)
CHART_HEIGHT = 120
BAR_WIDTH = 14
BAR_GAP = 4


@dataclass
class Segment:
    label: str
    colour: str
    count: int
    y: float
    height: float


@dataclass
class Day:
    day: date
    x: int
    total: int
    segments: list[Segment]


def outcomes_by_day(today: date | None = None) -> list[Day]:
    """Pipeline decisions on new submissions per day and outcome, for the last 30 days."""
    today = today or timezone.localdate()
    start = today - timedelta(days=DAYS - 1)
    rows = (
        ModerationDecision.objects.filter(stage="posting", created_at__date__gte=start)
        .annotate(day=TruncDate("created_at"))
        .values("day", "verdict")
        .annotate(total=Count("pk"))
    )
    counts = {(row["day"], row["verdict"]): row["total"] for row in rows}
    days = [start + timedelta(days=offset) for offset in range(DAYS)]
    busiest = max([sum(counts.get((d, v), 0) for v, _, _ in OUTCOMES) for d in days] + [1])
    chart = []
    for index, day in enumerate(days):
        y = float(CHART_HEIGHT)
        segments = []
        for verdict, label, colour in OUTCOMES:
            count = counts.get((day, verdict), 0)
            height = CHART_HEIGHT * count / busiest
            y -= height
            segments.append(Segment(label, colour, count, round(y, 1), round(height, 1)))
        total = sum(s.count for s in segments)
        chart.append(Day(day, index * (BAR_WIDTH + BAR_GAP), total, segments))
    return chart


def median_minutes_to_decision(today: date | None = None) -> float | None:
    """Median minutes from posting to a moderator's first decision, over the last 30 days."""
    today = today or timezone.localdate()
    start = today - timedelta(days=DAYS - 1)
    decided = (
        ModerationDecision.objects.filter(
            stage="moderation",
            actor__isnull=False,
            created_at__date__gte=start,
            comment__isnull=False,
        )
        .exclude(reasons=["staff_reply"])
        .values("comment_id", "comment__submit_date")
        .annotate(first=Min("created_at"))
    )
    waits = [(row["first"] - row["comment__submit_date"]).total_seconds() / 60 for row in decided]
    return round(statistics.median(waits), 1) if waits else None


class ModerationPanel(Component):
    """Pending comments and recent outcomes, for those who moderate."""

    name = "tribune_moderation"
    order = 50
    template_name = "comments/desk/panel.html"

    def __init__(self, request):
        self.request = request

    def get_context_data(self, parent_context=None):
        chart = outcomes_by_day()
        totals = {
            label: sum(s.count for d in chart for s in d.segments if s.label == label)
            for _, label, _ in OUTCOMES
        }
        return {
            "pending": pending_count(self.request.user),
            "desk_url": reverse("comment_desk:index"),
            "chart": chart,
            "outcomes": [(label, colour, totals[label]) for _, label, colour in OUTCOMES],
            "median_minutes": median_minutes_to_decision(),
            "chart_width": DAYS * (BAR_WIDTH + BAR_GAP),
            "chart_height": CHART_HEIGHT,
            "bar_width": BAR_WIDTH,
            "spam_model": spam_model_summary(),
        }


def panel_for(request) -> ModerationPanel | None:
    if not desk_permission_policy.user_has_permission(request.user, "moderate"):
        return None
    return ModerationPanel(request)

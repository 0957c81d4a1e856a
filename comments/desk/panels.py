"""The admin home page panel: pending comments, the last 30 days as a chart with axes, time to
a decision, the oldest waiting comment and, for administrators, each moderator's count."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse
from wagtail.admin.ui.components import Component

from comments.desk import stats
from comments.desk.permissions import desk_permission_policy
from comments.desk.spam_summary import spam_model_summary
from comments.desk.views import pending_count

# The SVG's drawing area, in its own units (it scales to the panel's width).
WIDTH, HEIGHT = 640, 220
LEFT, RIGHT, TOP, BOTTOM = 40, 8, 10, 36
Y_TICKS = 4
LABEL_EVERY = 5  # days between date labels


@dataclass
class Bar:
    x: float
    width: float
    label: str
    segments: list[tuple[str, str, int, float, float]]  # label, colour, count, y, height


def nice_ceiling(value: int) -> int:
    """The smallest 'round' number (1, 2, 5 × 10^n) at least `value`, so ticks read well."""
    step = 1
    while True:
        for factor in (1, 2, 5):
            if step * factor >= value:
                return step * factor
        step *= 10


def chart(days: list[stats.DayCounts]) -> dict:
    """Bars, ticks and labels of a stacked bar chart, computed here so the SVG needs no script."""
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    top = nice_ceiling(max([d.total for d in days] + [Y_TICKS]))
    slot = plot_w / len(days)
    bars = []
    for index, day in enumerate(days):
        y = TOP + plot_h
        segments = []
        for slug, label, colour, _ in stats.SERIES:
            count = day.counts[slug]
            height = plot_h * count / top
            y -= height
            if count:
                segments.append((label, colour, count, round(y, 1), round(height, 1)))
        summary = ", ".join(f"{label} {day.counts[slug]}" for slug, label, *_ in stats.SERIES)
        bars.append(
            Bar(
                round(LEFT + index * slot + slot * 0.15, 1), round(slot * 0.7, 1), summary, segments
            )
        )
    y_ticks = [
        (top * n // Y_TICKS, round(TOP + plot_h - plot_h * n / Y_TICKS, 1))
        for n in range(Y_TICKS + 1)
    ]
    x_labels = [
        (f"{day.day:%b} {day.day.day}", round(LEFT + index * slot + slot / 2, 1))
        for index, day in enumerate(days)
        if index % LABEL_EVERY == 0 or index == len(days) - 1
    ]
    return {
        "width": WIDTH,
        "height": HEIGHT,
        "left": LEFT,
        "right": WIDTH - RIGHT,
        "baseline": TOP + plot_h,
        "top": TOP,
        "bars": bars,
        "y_ticks": y_ticks,
        "x_labels": x_labels,
        "x_label_y": TOP + plot_h + 16,
        "axis_title_y": HEIGHT - 4,
    }


class ModerationPanel(Component):
    """Pending comments and recent outcomes, for those who moderate."""

    name = "tribune_moderation"
    order = 50
    template_name = "comments/desk/panel.html"

    def __init__(self, request):
        self.request = request

    def get_context_data(self, parent_context=None):
        user = self.request.user
        days = stats.decisions_by_day()
        median, p90 = stats.median_and_p90(stats.minutes_to_decision())
        moderatable = desk_permission_policy.instances_user_has_permission_for(user, "moderate")
        oldest = stats.oldest_waiting(moderatable)
        return {
            "pending": pending_count(user),
            "desk_url": reverse("comment_desk:index"),
            "chart": chart(days),
            "days": days,
            "series": [(slug, label, colour) for slug, label, colour, _ in stats.SERIES],
            "totals": [
                (label, colour, sum(d.counts[slug] for d in days))
                for slug, label, colour, _ in stats.SERIES
            ],
            "median": stats.duration_words(median),
            "p90": stats.duration_words(p90),
            "decided": median is not None,
            "oldest": oldest,
            "oldest_url": reverse("comment_desk:inspect", args=[oldest.pk]) if oldest else "",
            "per_moderator": stats.decisions_per_moderator() if user.is_superuser else None,
            "spam_model": spam_model_summary(),
        }


def panel_for(request) -> ModerationPanel | None:
    if not desk_permission_policy.user_has_permission(request.user, "moderate"):
        return None
    return ModerationPanel(request)

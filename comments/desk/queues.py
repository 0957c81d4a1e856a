"""The moderation desk's queues, and the listing annotations that keep it at a fixed query count."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import CharField, Count, IntegerField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Cast, Coalesce
from wagtail.models import Page

from comments.models import CommentReport, Status
from comments.transitions import ACTIONS, ModeratorAction, actions_for


@dataclass(frozen=True)
class Queue:
    slug: str
    label: str
    condition: Q
    # The statuses its comments can have: they decide which bulk actions it offers.
    statuses: frozenset[str] = frozenset()

    @property
    def bulk_actions(self) -> list[ModeratorAction]:
        """Actions that every status of this queue allows, so a bulk action never half-fails."""
        return [
            action
            for action in ACTIONS.values()
            if self.statuses and self.statuses <= action.from_statuses
        ]


FLAGGED = Q(status__in=[Status.APPROVED, Status.HELD]) & Q(
    pk__in=CommentReport.objects.values("comment_id")
)

QUEUES = (
    Queue("pending", "Awaiting moderation", Q(status=Status.HELD), frozenset({Status.HELD})),
    Queue("flagged", "Flagged", FLAGGED, frozenset({Status.APPROVED, Status.HELD})),
    Queue("approved", "Approved", Q(status=Status.APPROVED), frozenset({Status.APPROVED})),
    Queue("spam", "Spam", Q(status=Status.SPAM), frozenset({Status.SPAM})),
    Queue("removed", "Removed", Q(status=Status.REMOVED), frozenset({Status.REMOVED})),
)
DEFAULT_QUEUE = QUEUES[0]

# The action a moderator most likely takes next on a comment in each status: the primary button.
LIKELY_ACTION = {
    Status.UNCONFIRMED: "approve",
    Status.HELD: "approve",
    Status.APPROVED: "remove",
    Status.SPAM: "restore",
    Status.REMOVED: "restore",
}


def offered_actions(status: str) -> list[ModeratorAction]:
    """The actions this status allows, the most likely one first."""
    actions = actions_for(status)
    likely = LIKELY_ACTION.get(status)
    return sorted(actions, key=lambda action: action.slug != likely)


def queue_for(slug: str | None) -> Queue:
    """The queue named in the URL, or the moderation queue."""
    return next((q for q in QUEUES if q.slug == slug), DEFAULT_QUEUE)


def queue_counts(comments: QuerySet) -> dict[str, int]:
    """How many comments each queue holds, in one query."""
    return comments.aggregate(**{q.slug: Count("pk", filter=q.condition) for q in QUEUES})


def with_listing_columns(comments: QuerySet) -> QuerySet:
    """Add what a listing row shows (article title, flag count) as subqueries, not per-row queries."""
    page = Page.objects.annotate(pk_text=Cast("pk", CharField())).filter(
        pk_text=OuterRef("object_pk")
    )
    flags = (
        CommentReport.objects.filter(comment_id=OuterRef("pk"))
        .order_by()
        .values("comment_id")
        .annotate(total=Count("pk"))
        .values("total")
    )
    return comments.annotate(
        article_title=Coalesce(Subquery(page.values("title")[:1]), Value("(deleted article)")),
        flag_count=Coalesce(Subquery(flags, output_field=IntegerField()), Value(0)),
    ).select_related(None)

"""Where a moderator goes next: the queue they came from, kept in the URL with its filters."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import QueryDict
from django.urls import reverse
from django.utils.http import urlencode

from comments.desk.filters import CommentFilterSet
from comments.desk.permissions import desk_permission_policy
from comments.desk.queues import queue_for
from comments.models import TribuneComment

# What a queue's URL may carry: the queue, its filters, search, ordering and page.
KEPT = (
    "queue",
    "article",
    "user_name",
    "user_email",
    "submit_date_from",
    "submit_date_to",
    "moderation_reason",
    "q",
    "ordering",
    "p",
)
ORDERINGS = {"submit_date", "-submit_date"}
DEFAULT_ORDERING = "-submit_date"


def queue_params(query: QueryDict) -> str:
    """The query string that names the queue a moderator is working through ('' for none)."""
    kept = [(key, query.get(key)) for key in KEPT if query.get(key)]
    return urlencode(kept)


def with_params(url: str, params: str) -> str:
    return f"{url}?{params}" if params else url


def queue_url(params: str) -> str:
    return with_params(reverse("comment_desk:index"), params)


def detail_url(pk: int, params: str) -> str:
    return with_params(reverse("comment_desk:inspect", args=[pk]), params)


def queue_listing(request, query: QueryDict) -> QuerySet:
    """The queue's comments as its listing orders them, with its filters and search applied."""
    comments = desk_permission_policy.instances_user_has_permission_for(request.user, "moderate")
    comments = comments.filter(queue_for(query.get("queue")).condition)
    filters = CommentFilterSet(query, queryset=comments, request=request)
    if filters.is_valid():
        comments = filters.qs
    search = (query.get("q") or "").strip()
    if search:
        comments = comments.filter(
            Q(comment__icontains=search)
            | Q(user_name__icontains=search)
            | Q(author_name__icontains=search)
            | Q(user_email__icontains=search)
        )
    ordering = query.get("ordering")
    ordering = ordering if ordering in ORDERINGS else DEFAULT_ORDERING
    tiebreak = "-pk" if ordering.startswith("-") else "pk"
    return comments.order_by(ordering, tiebreak)


def neighbours(request, comment: TribuneComment, query: QueryDict) -> tuple[int | None, ...]:
    """The comments before and after this one in its queue, for j and k on its page."""
    pks = list(queue_listing(request, query).values_list("pk", flat=True)[:5000])
    if comment.pk not in pks:
        return None, (pks[0] if pks else None)
    index = pks.index(comment.pk)
    before = pks[index - 1] if index else None
    after = pks[index + 1] if index + 1 < len(pks) else None
    return before, after


def next_in_queue(request, comment: TribuneComment, query: QueryDict) -> int | None:
    """The comment after this one in its queue (else the one before it), taken before acting:
    once acted on, the comment usually leaves the queue."""
    pks = list(queue_listing(request, query).values_list("pk", flat=True)[:5000])
    if comment.pk not in pks:
        return pks[0] if pks else None
    index = pks.index(comment.pk)
    if index + 1 < len(pks):
        return pks[index + 1]
    return pks[index - 1] if index else None

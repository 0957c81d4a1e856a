"""Reads that pages need: comment counts and dates for listings, feeds and the sitemap, and
where a comment is shown. Targets are any commentable objects; this module never imports the
apps that own them, and nothing here writes."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Count, Max

from comments.discussion import (
    layout_for,
    listed,
    page_thread_ids,
    page_url,
    site_settings_and_policy,
)
from comments.models import ModerationDecision, Status, TribuneComment
from comments.own_comments import own_comment_ids
from comments.page_budget import page_allowances, thread_page_number
from comments.thread_pages import thread_page_url


def _by_content_type(targets: Iterable[models.Model]) -> dict[int, list[str]]:
    """Target primary keys (as stored in object_pk) grouped by content type id."""
    grouped: dict[int, list[str]] = {}
    for target in targets:
        content_type = ContentType.objects.get_for_model(target)
        grouped.setdefault(content_type.pk, []).append(str(target.pk))
    return grouped


def comment_counts_for(targets: Iterable[models.Model]) -> dict[int, int]:
    """Published comments per target primary key (0 for none), in one query per model."""
    targets = list(targets)
    counts = {target.pk: 0 for target in targets}
    pk_of = {str(target.pk): target.pk for target in targets}
    for content_type_id, pks in _by_content_type(targets).items():
        rows = (
            TribuneComment.objects.published()
            .filter(content_type_id=content_type_id, object_pk__in=pks)
            .values("object_pk")
            .annotate(n=Count("pk"))
            .order_by()
        )
        for row in rows:
            counts[pk_of[row["object_pk"]]] = row["n"]
    return counts


def comments_changed_at(targets: Iterable[models.Model]) -> dict[int, datetime]:
    """When each target's discussion last changed: its newest published comment or its newest
    moderation decision (an approval, a removal…). Targets without either are left out."""
    targets = list(targets)
    pk_of = {str(target.pk): target.pk for target in targets}
    changed: dict[int, datetime] = {}

    def keep(object_pk: str, moment: datetime | None) -> None:
        pk = pk_of[object_pk]
        if moment is not None and (pk not in changed or moment > changed[pk]):
            changed[pk] = moment

    for content_type_id, pks in _by_content_type(targets).items():
        scope = {"content_type_id": content_type_id, "object_pk__in": pks}
        for queryset, field in (
            (TribuneComment.objects.published(), "submit_date"),
            (ModerationDecision.objects.all(), "created_at"),
        ):
            rows = (
                queryset.filter(**scope).values("object_pk").annotate(latest=Max(field)).order_by()
            )
            for row in rows:
                keep(row["object_pk"], row["latest"])
    return changed


def published_comments_for(target: models.Model, *, newest_first: bool = False, limit=None):
    """A target's published comments, oldest first (thread order) or newest first."""
    comments = TribuneComment.objects.published().for_target(target)
    comments = (
        comments.order_by("-submit_date", "-pk") if newest_first else comments.in_thread_order()
    )
    return comments[:limit] if limit else comments


def is_published(comment: TribuneComment) -> bool:
    """Whether every reader may see this comment."""
    return comment.status == Status.APPROVED


def comment_page_url(comment: TribuneComment, request=None) -> str:
    """Where a comment is shown, with its anchor: the page of its article's discussion that
    holds its thread, or its thread's own page when the thread is cut short there.

    Pages are counted as the reader sees them (their own held comments included), and a
    thread shows on its article page as many comments as the page's budget allows it
    (comments.page_budget): the same count as discussion_for works out.
    """
    target = comment.content_object
    user = getattr(request, "user", None)
    own_ids = own_comment_ids(request)
    show = listed(user, own_ids)
    row, _policy = site_settings_and_policy()
    layout = layout_for(target, row)
    comments = TribuneComment.objects.for_target(target)
    if layout.newest_first:
        before = comments.filter(show, thread_id__gt=comment.thread_id)
    else:
        before = comments.filter(show, thread_id__lt=comment.thread_id)
    threads_before = before.values("thread_id").distinct().count()
    visible = comments.visible_to(user, own_ids)
    earlier_in_thread = visible.filter(
        thread_id=comment.thread_id, thread_path__lt=comment.thread_path
    ).count()
    number = threads_before // layout.per_page + 1
    shown = page_allowances(visible, page_thread_ids(comments.filter(show), layout, number))
    if earlier_in_thread >= shown.get(comment.thread_id, 0):
        thread_page = thread_page_number(earlier_in_thread)
        return f"{thread_page_url(comment.thread_id, thread_page)}#{comment.anchor}"
    return f"{page_url(target, number)}#{comment.anchor}"

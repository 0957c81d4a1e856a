"""The shape of an article's discussion, in one query: what the page count, the heading and
each page's comment budget are worked out from.

An article page used to ask three aggregates of the whole discussion (the heading's count, the
page's threads, their sizes), each a join of django-comments' three tables; this asks one,
grouped by thread, and the rest is arithmetic on its rows (a few thousand at most: one per
thread). Which comments count is defined once, by the same conditions the page lists and shows
them with (comments.discussion.listed, comments.models.visible_filter).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, Q

from comments.models import Status, TribuneComment, reader_comment_types, visible_filter
from comments.page_budget import allowances
from comments.row_cache import ROW_CACHE_SECONDS

logger = logging.getLogger(__name__)
OUTLINE_FORMAT = 1  # bump when Outline's fields change


@dataclass(frozen=True)
class Outline:
    """Per thread of one discussion, as one reader sees it."""

    approved: int  # published reader comments: the heading's "N Comments"
    threads: tuple[int, ...]  # the threads that make a page's list, oldest first
    visible: dict[int, int]  # comments the reader sees, per listed thread
    listed: dict[int, int]  # comments that count as listed, per listed thread

    def page_threads(self, number: int, per_page: int, newest_first: bool) -> list[int]:
        """The threads on page `number`, in page order."""
        ordered = self.threads[::-1] if newest_first else self.threads
        start = (number - 1) * per_page
        return list(ordered[start : start + per_page])

    def page_count(self, per_page: int) -> int:
        return max(1, -(-len(self.threads) // per_page))

    def shown_per_thread(self, thread_ids: list[int]) -> int:
        """How many of its first comments each of these threads shows (comments.page_budget).

        One number serves every thread: a thread shorter than the page's allowance shows all
        it has, and the others are cut at the same allowance.
        """
        shown = allowances({thread: self.visible[thread] for thread in thread_ids})
        return max(shown.values(), default=0)

    def is_cut(self, thread_ids: list[int], shown: int) -> bool:
        """Whether some of these threads has more comments than `shown`."""
        return any(self.visible[thread] > shown for thread in thread_ids)


def outline_of(target, *, user=None, own_ids=(), listed: Q, may_keep: bool = False) -> Outline:
    """The outline of `target`'s discussion for a reader (their own held comments count).

    Anonymous readers all see the same outline: it is kept under the discussion's version
    token (comments.cache), so a 10,000-comment article does not count its comments on every
    render, and any change that could alter it (a comment posted, approved, removed…, the
    article republished) replaces the token first. A counted outline is kept only when
    `may_keep`: a shared render, which reads the primary database or a replica that has caught
    up (config.replica), never a lagging replica's older state under a new token.
    """
    anonymous = not own_ids and not (user is not None and user.is_authenticated)
    if not (anonymous and settings.TRIBUNE_OUTLINE_CACHE):
        return _count(target, user, own_ids, listed)
    from comments.cache import discussion_version

    version = discussion_version(target)  # read before counting: a change meanwhile replaces it
    if version is None:
        return _count(target, user, own_ids, listed)
    # The shape of Outline and which comment types count are part of the key: a deploy that
    # changes either never reads an older process's outline.
    key = f"tribune:outline:{OUTLINE_FORMAT}:{'-'.join(reader_comment_types())}:{version}"
    try:
        kept = cache.get(key)
    except Exception:  # the cache is an optimisation
        logger.warning("Outline cache unavailable", exc_info=True)
        kept = None
    if isinstance(kept, Outline):
        return kept
    outline = _count(target, user, own_ids, listed)
    if not may_keep:
        return outline
    try:
        cache.set(key, outline, timeout=ROW_CACHE_SECONDS)
    except Exception:
        logger.warning("Outline not kept (cache unavailable)", exc_info=True)
    return outline


def _count(target, user, own_ids, listed: Q) -> Outline:
    approved = Q(status=Status.APPROVED, comment_type__in=reader_comment_types())
    rows = (
        TribuneComment.objects.for_target(target)
        .values_list("thread_id")
        .annotate(
            n_visible=Count("pk", filter=visible_filter(user, own_ids)),
            n_listed=Count("pk", filter=listed),
            n_approved=Count("pk", filter=approved),
        )
        .order_by()
    )
    total, threads, visible, counted = 0, [], {}, {}
    for thread, n_visible, n_listed, n_approved in rows:
        total += n_approved
        if n_listed:
            threads.append(thread)
            visible[thread], counted[thread] = n_visible, n_listed
    return Outline(approved=total, threads=tuple(sorted(threads)), visible=visible, listed=counted)

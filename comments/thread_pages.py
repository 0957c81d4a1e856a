"""A thread's own pages: where "N more replies" leads, page_budget.THREAD_PAGE_SIZE comments a page in
thread order, so that even a thread of 10,000 comments comes in pages of bounded size."""

from __future__ import annotations

from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from comments import page_budget
from comments.discussion import (
    Discussion,
    page_links,
    parse_page_number,
    site_settings_and_policy,
    viewer_of,
)
from comments.models import Status, TribuneComment
from comments.moderation.facts import article_settings
from comments.moderation.rules import closed_reason
from comments.threads import build_tree


def thread_page_url(thread_id: int, number: int) -> str:
    """The address of one page of a thread (the thread itself for the first)."""
    base = reverse("comments-thread", args=[thread_id])
    return base if number <= 1 else f"{base}?page={number}"


def thread_discussion(root: TribuneComment, request=None, *, page=None) -> Discussion:
    """One page of a whole thread, however long.

    A page that starts inside a reply chain shows its first comments at their own depth, as
    the replies they are (the page before holds what they answer).
    """
    target = root.content_object
    user, own_ids = viewer_of(request)
    _row, policy = site_settings_and_policy()
    article = article_settings(target)
    number = parse_page_number(page)
    visible = TribuneComment.objects.filter(thread_id=root.thread_id).visible_to(user, own_ids)
    total = visible.count()
    size = page_budget.THREAD_PAGE_SIZE
    page_count = max(1, -(-total // size))
    if number > page_count:
        raise Http404("No such page of this thread.")
    start = (number - 1) * size
    rows = list(
        visible.in_thread_order()
        .select_related(None)
        .defer("comment", "user_agent", "moderation_summary")[start : start + size]
    )
    now = timezone.now()
    return Discussion(
        target=target,
        threads=build_tree(rows, article.effective_depth(policy)),
        count=sum(1 for c in rows if c.status == Status.APPROVED),
        form=None,
        accepts_comments=closed_reason(article, policy, now) is None,
        pages=page_links(number, page_count, lambda n: thread_page_url(root.thread_id, n)),
    )

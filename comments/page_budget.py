"""How many comments a page shows, whatever the shape of the discussion.

An article page holds up to `threads_per_page` threads, but threads can be long: 50 threads of
100 replies put 5,000 comments (megabytes of HTML) on one page. So a page also has a budget of
comments, PAGE_COMMENT_BUDGET, shared fairly: every thread may show the same number of its
first comments (all of a short thread), the largest number that keeps the page within the
budget, and always at least its first comment. The rest of a thread is behind its "N more
replies" link: the thread's own pages, THREAD_PAGE_SIZE comments each, in thread order.
"""

from __future__ import annotations

from django.db.models import Count

# Comments on one page of an article's discussion (or one per thread, if there are more threads).
PAGE_COMMENT_BUDGET = 150
# Comments of one thread shown on an article page at most, however small the page.
REPLIES_SHOWN = 100
# Comments per page of a thread's own pages (the "N more replies" link).
THREAD_PAGE_SIZE = 150


def allowances(sizes: dict[int, int], budget: int | None = None, cap: int | None = None):
    """How many of its first comments each thread shows, from each thread's number of visible
    comments: the same allowance for every thread (a short one shows all it has), the largest
    that keeps the total within the budget, at least 1 and at most `cap`."""
    budget = PAGE_COMMENT_BUDGET if budget is None else budget
    cap = REPLIES_SHOWN if cap is None else cap
    wanted = {thread: max(1, min(size, cap)) for thread, size in sizes.items()}
    if sum(wanted.values()) <= budget:
        return wanted
    low, high = 1, max(wanted.values())
    while low < high:
        middle = (low + high + 1) // 2
        if sum(min(n, middle) for n in wanted.values()) <= budget:
            low = middle
        else:
            high = middle - 1
    return {thread: min(n, low) for thread, n in wanted.items()}


def page_allowances(visible_comments, thread_ids) -> dict[int, int]:
    """The allowance of each of a page's threads (one query: visible comments per thread).

    `visible_comments` is what the reader may see of the discussion; `thread_ids` the page's
    threads (a subquery).
    """
    sizes = (
        visible_comments.filter(thread_id__in=thread_ids)
        .values_list("thread_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return allowances(dict(sizes))


def thread_page_number(earlier_in_thread: int) -> int:
    """The page of a thread's own pages that holds the comment with this many before it."""
    return earlier_in_thread // THREAD_PAGE_SIZE + 1

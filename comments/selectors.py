"""Read-only answers about comments that views and services ask for."""

from __future__ import annotations

from django.urls import reverse

from comments.discussion import (
    REPLIES_SHOWN,
    layout_for,
    listed,
    own_comment_ids,
    page_url,
    site_settings_and_policy,
)
from comments.models import TribuneComment


def comment_page_url(comment: TribuneComment, request=None) -> str:
    """Where a comment is shown, with its anchor: the page of its article's discussion that
    holds its thread, or its thread's own page when the thread is cut short there.

    Pages are counted as the reader sees them (their own held comments included).
    """
    target = comment.content_object
    user = getattr(request, "user", None)
    show = listed(user, own_comment_ids(request))
    row, _policy = site_settings_and_policy()
    layout = layout_for(target, row)
    comments = TribuneComment.objects.for_target(target)
    if layout.newest_first:
        before = comments.filter(show, thread_id__gt=comment.thread_id)
    else:
        before = comments.filter(show, thread_id__lt=comment.thread_id)
    threads_before = before.values("thread_id").distinct().count()
    earlier_in_thread = (
        comments.filter(thread_id=comment.thread_id, thread_path__lt=comment.thread_path)
        .visible_to(user, own_comment_ids(request))
        .count()
    )
    if earlier_in_thread >= REPLIES_SHOWN:
        return f"{reverse('comments-thread', args=[comment.thread_id])}#{comment.anchor}"
    number = threads_before // layout.per_page + 1
    return f"{page_url(target, number)}#{comment.anchor}"

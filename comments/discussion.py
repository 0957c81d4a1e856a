"""Everything an article page needs to show its discussion, in a fixed number of queries.

A discussion is paginated by top-level thread (WordPress's way): each page holds up to
`threads_per_page` threads with their replies, within a budget of comments per page
(comments.page_budget): a long thread shows its first comments and a link to the rest.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db import models
from django.db.models import F, Q, Window
from django.db.models.functions import RowNumber
from django.http import Http404
from django.utils import timezone
from django_comments_xtd import get_form

from comments.discussion_outline import outline_of
from comments.models import Status, TribuneComment, reader_comment_types
from comments.moderation.facts import article_settings
from comments.moderation.rules import closed_reason
from comments.moderation.site_settings import ModerationSettings
from comments.moderation.types import PolicySnapshot
from comments.own_comments import own_comment_ids
from comments.shown_comments import ShownComment, shown
from comments.threads import CommentNode, build_tree

DEFAULT_THREADS_PER_PAGE = 50


@dataclass(frozen=True)
class Layout:
    """How a discussion is cut into pages: the site's setting or the article's override."""

    per_page: int = DEFAULT_THREADS_PER_PAGE
    newest_first: bool = False


@dataclass
class PageLink:
    number: int | None  # None: an ellipsis
    url: str = ""
    current: bool = False


@dataclass
class CommentPages:
    number: int = 1
    count: int = 1
    links: list[PageLink] = field(default_factory=list)
    prev_url: str = ""
    next_url: str = ""


@dataclass
class Discussion:
    target: models.Model
    threads: list[CommentNode]
    count: int
    form: object
    accepts_comments: bool
    pages: CommentPages = field(default_factory=CommentPages)
    # When comments close by date (the page changes then, with no write), else None.
    closes_at: datetime | None = None
    # Rendered for the shared (cached) copy: no CSRF token, no reader-specific content.
    shared: bool = False

    @property
    def heading(self) -> str:
        """'No comments yet', '1 Comment', '2 Comments' …"""
        if self.count == 0:
            return "No comments yet"
        return f"{self.count} Comment" if self.count == 1 else f"{self.count} Comments"


def site_settings_and_policy() -> tuple[ModerationSettings | None, PolicySnapshot]:
    """The site's moderation settings row (cached: comments.row_cache) and its policy."""
    from comments.moderation.site_settings import current_policy, default_site_settings

    row = default_site_settings()
    return row, (row.snapshot() if row is not None else current_policy())


def layout_for(target: models.Model, row: ModerationSettings | None) -> Layout:
    """Threads per page (the article's override, else the site's) and their order."""
    provider = getattr(target, "comment_page_size", None)
    override = provider() if provider is not None else None
    site_size = row.threads_per_page if row is not None else DEFAULT_THREADS_PER_PAGE
    return Layout(
        per_page=max(1, override or site_size),
        newest_first=bool(row is not None and row.newest_threads_first),
    )


def viewer_of(request) -> tuple[object, list[int]]:
    return getattr(request, "user", None), own_comment_ids(request)


def listed(user=None, own_ids=()) -> Q:
    """Comments that make their thread count as one to list: published ones, and the
    reader's own held ones (removed comments only stand in for their replies)."""
    own = Q(pk__in=list(own_ids))
    if user is not None and user.is_authenticated:
        own |= Q(user_id=user.pk)
    shown = Q(status=Status.APPROVED) | (Q(status__in=[Status.HELD, Status.SPAM]) & own)
    return shown & Q(comment_type__in=reader_comment_types())


def parse_page_number(raw) -> int:
    """The ?page= value: a positive integer, 1 when absent; anything else is not a page."""
    if raw in (None, ""):
        return 1
    if not str(raw).isdigit() or int(raw) < 1:
        raise Http404("No such page of comments.")
    return int(raw)


def discussion_for(target: models.Model, request=None, *, page=None) -> Discussion:
    """One page of an article's threads (newest or oldest first), and a blank comment form.

    Two queries whatever the discussion's size: its outline (comments.discussion_outline),
    then the page's comments.
    """
    from comments.cache import is_shared_request

    user, own_ids = viewer_of(request)
    row, policy = site_settings_and_policy()
    layout = layout_for(target, row)
    article = article_settings(target)
    number = parse_page_number(page)
    shared = request is not None and is_shared_request(request)
    outline = outline_of(
        target, user=user, own_ids=own_ids, listed=listed(user, own_ids), may_keep=shared
    )
    page_count = outline.page_count(layout.per_page)
    if number > page_count:
        raise Http404("No such page of comments.")
    page_threads = outline.page_threads(number, layout.per_page, layout.newest_first)
    rows = shown(_first_comments_of(target, page_threads, outline, user, own_ids, layout))
    threads = build_tree(rows, article.effective_depth(policy))
    _note_hidden_replies(threads, rows, outline)
    now = timezone.now()
    return Discussion(
        target=target,
        threads=threads,
        count=outline.approved,
        form=comment_form_for(target, user=user),
        accepts_comments=closed_reason(article, policy, now) is None,
        pages=page_links(number, page_count, lambda n: page_url(target, n)),
        closes_at=_closes_at(article, policy, now),
        shared=shared,
    )


def page_thread_ids(listed_comments, layout: Layout, number: int):
    """The threads on one page of a discussion, in page order (a subquery: permalinks)."""
    start = (number - 1) * layout.per_page
    return (
        listed_comments.order_by("-thread_id" if layout.newest_first else "thread_id")
        .values_list("thread_id", flat=True)
        .distinct()[start : start + layout.per_page]
    )


def _first_comments_of(target, thread_ids: list[int], outline, user, own_ids, layout: Layout):
    """The visible comments of the page's threads in page order, each thread's first ones
    within the page's budget (comments.page_budget)."""
    if not thread_ids:
        return TribuneComment.objects.none()
    shown = outline.shown_per_thread(thread_ids)
    comments = (
        TribuneComment.objects.for_target(target)
        .filter(thread_id__in=thread_ids)
        .visible_to(user, own_ids)
        .select_related(None)
    )
    if outline.is_cut(thread_ids, shown):
        # Numbering each thread's comments is only needed when some thread is cut short.
        comments = comments.annotate(
            position=Window(
                RowNumber(), partition_by=[F("thread_id")], order_by=[F("thread_path").asc()]
            )
        ).filter(position__lte=shown)
    return comments.order_by("-thread_id" if layout.newest_first else "thread_id", "thread_path")


def _note_hidden_replies(threads: list[CommentNode], rows: list[ShownComment], outline) -> None:
    shown: dict[int, int] = {}
    for row in rows:
        if row.status == Status.APPROVED or row.awaiting_moderation:
            shown[row.thread_id] = shown.get(row.thread_id, 0) + 1
    for node in threads:
        thread_id = node.comment.thread_id
        listed_in_thread = outline.listed.get(thread_id, 0)
        node.hidden_replies = max(0, listed_in_thread - shown.get(thread_id, 0))


def _closes_at(article, policy: PolicySnapshot, now: datetime) -> datetime | None:
    days = article.effective_close_days(policy)
    if not days or not article.first_published_at:
        return None
    moment = article.first_published_at + timedelta(days=days)
    return moment if moment > now else None


def page_url(target: models.Model, number: int) -> str:
    """The address of one page of a discussion (the article itself for the first)."""
    base = target.get_absolute_url()
    return base if number <= 1 else f"{base}?page={number}"


def page_links(number: int, count: int, url_of) -> CommentPages:
    """Links to the pages around page `number` of `count`; url_of(n) is page n's address."""
    links: list[PageLink] = []
    wanted = {1, count, *range(number - 2, number + 3)}
    for n in range(1, count + 1):
        if n in wanted:
            links.append(PageLink(n, url_of(n) + "#comments", n == number))
        elif links and links[-1].number is not None:
            links.append(PageLink(None))
    return CommentPages(
        number=number,
        count=count,
        links=links,
        prev_url=url_of(number - 1) + "#comments" if number > 1 else "",
        next_url=url_of(number + 1) + "#comments" if number < count else "",
    )


def comment_form_for(target: models.Model, user=None, **kwargs):
    """A comment form for the target, with a signed-in reader's name and email filled in."""
    initial = kwargs.pop("initial", {})
    if user is not None and user.is_authenticated:
        initial.setdefault("name", user.get_full_name() or user.get_username())
        initial.setdefault("email", user.email)
    return get_form()(target, initial=initial, **kwargs)

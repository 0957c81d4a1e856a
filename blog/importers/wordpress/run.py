"""One import run: read the export item by item and bring each in within its own transaction."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from django.conf import settings
from django.db import transaction
from wagtail.models import Site

from blog.importers.comments import IncomingComment, comment_type, import_comments
from blog.importers.mapping import Mapping
from blog.importers.media import MediaLibrary
from blog.importers.summary import Summary
from blog.importers.wordpress.articles import Context, import_page, import_post, where
from blog.importers.wordpress.authors import Authors
from blog.importers.wordpress.reader import WPItem, WPSite, read_export
from blog.models import BlogIndexPage
from comments.models import Status

COMMENT_STATUS = {
    "1": Status.APPROVED,
    "approve": Status.APPROVED,
    "0": Status.HELD,
    "hold": Status.HELD,
    "spam": Status.SPAM,
    "trash": Status.REMOVED,
    "post-trashed": Status.REMOVED,
}
SKIPPED_TYPES = {"attachment", "nav_menu_item", "revision", "custom_css", "wp_block"}


class ImportFailed(Exception):
    pass


def run_import(
    source,
    *,
    blog_index: str | None = None,
    media_dir: Path | None = None,
    pages: str = "skip",
    dry_run: bool = False,
    progress: Callable[[], None] | None = None,
    summary: Summary | None = None,
) -> Summary:
    """Import a WXR export; with dry_run everything is done and then rolled back."""
    summary = summary if summary is not None else Summary()
    if not dry_run:
        _run(source, blog_index, media_dir, pages, dry_run, summary, progress)
        return summary
    with transaction.atomic():
        try:
            _run(source, blog_index, media_dir, pages, dry_run, summary, progress)
        finally:
            transaction.set_rollback(True)
    return summary


def _run(source, blog_index, media_dir, pages, dry_run, summary, progress) -> None:
    ctx = None
    for entry in read_export(source, time_zone=settings.TIME_ZONE):
        if isinstance(entry, WPSite):
            ctx = _context(entry, blog_index, media_dir, pages, dry_run, summary)
            continue
        _import_item(entry, ctx)
        if progress:
            progress()


def _context(site: WPSite, blog_index, media_dir, pages, dry_run, summary) -> Context:
    wagtail_site = Site.objects.get(is_default_site=True)
    indexes = BlogIndexPage.objects.all()
    if blog_index:
        indexes = indexes.filter(slug=blog_index)
    index = indexes.first()
    if index is None:
        raise ImportFailed(
            f"No blog index page{f' with slug {blog_index!r}' if blog_index else ''}."
        )
    mapping = Mapping("wordpress", site.key)
    return Context(
        index=index,
        pages_parent=wagtail_site.root_page.specific if pages == "import" else None,
        site=wagtail_site,
        mapping=mapping,
        summary=summary,
        authors=Authors(site, mapping, summary),
        media=MediaLibrary(media_dir, mapping, summary, dry_run),
    )


def _import_item(item: WPItem, ctx: Context) -> None:
    summary = ctx.summary
    kind = {"post": "article", "page": "page"}.get(item.post_type, item.post_type)
    if item.post_type in SKIPPED_TYPES or kind not in ("article", "page"):
        summary.count(kind, "skipped")
        return
    if kind == "page" and ctx.pages_parent is None:
        summary.count("page", "skipped")
        if item.comments:
            summary.count("comment", "skipped", len(item.comments))
        return
    if not item.id:
        summary.count(kind, "failed")
        summary.warn("malformed_item", f"{where(item)}: no wp:post_id")
        return
    state = summary.checkpoint()
    try:
        with transaction.atomic():
            if kind == "article":
                page = import_post(item, ctx)
                import_comments(
                    target=page,
                    incoming=[_incoming(c, item, summary) for c in item.comments],
                    mapping=ctx.mapping,
                    summary=summary,
                    origin="WordPress",
                )
            else:
                import_page(item, ctx)
                if item.comments:
                    summary.count("comment", "skipped", len(item.comments))
                    summary.warn(
                        "comments_on_page",
                        f"{where(item)}: {len(item.comments)} comments left out "
                        "(content pages have no discussion)",
                    )
    except Exception as error:  # one bad item must not stop the run
        ctx.authors.cache.clear()
        summary.restore(state)
        summary.count(kind, "failed")
        summary.warn("failed", f"{where(item)}: {type(error).__name__}: {error}")


def _incoming(comment, item: WPItem, summary: Summary) -> IncomingComment:
    status = COMMENT_STATUS.get(comment.approved)
    if status is None:
        summary.warn(
            "unknown_comment_status",
            f"comment {comment.id} in {where(item)}: status {comment.approved!r} held",
        )
        status = Status.HELD
    return IncomingComment(
        source_id=comment.id,
        parent_id=comment.parent_id,
        name=comment.author,
        email=comment.email,
        url=comment.url,
        ip=comment.ip,
        date=comment.date,
        status=status,
        type=comment_type(comment.type),
        text=comment.content,
        where=f"{where(item)}, line {comment.line}",
    )

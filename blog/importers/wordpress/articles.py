"""Posts become articles (and pages plain content pages): fields, state, slug and redirects."""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import unquote, urlparse

from django.contrib.auth.models import Group
from django.utils import timezone
from django.utils.text import slugify
from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Page, PageViewRestriction, Site, Workflow, WorkflowState
from wagtail.search import index

from blog.importers.mapping import Mapping
from blog.importers.media import MediaLibrary
from blog.importers.summary import Summary
from blog.importers.wordpress.authors import Authors
from blog.importers.wordpress.content import convert
from blog.importers.wordpress.reader import WPItem
from blog.models import BlogIndexPage, BlogPage
from home.models import ContentPage

STAFF_GROUPS = ("Editors", "Moderators")
SKIPPED_CATEGORIES = {"Uncategorized"}


@dataclass
class Context:
    index: BlogIndexPage
    pages_parent: Page | None  # where WordPress pages go; None skips them
    site: Site
    mapping: Mapping
    summary: Summary
    authors: Authors
    media: MediaLibrary


def where(item: WPItem) -> str:
    return f"item {item.id or '?'} “{item.title[:60]}” (line {item.line})"


def import_post(item: WPItem, ctx: Context) -> BlogPage:
    """Create or update the article for a post; returns it (saved, in its state)."""
    page = ctx.mapping.get("post", item.id, BlogPage)
    created = page is None
    converted = convert(item.content, ctx.media.find)
    for kind, message in converted.warnings:
        ctx.summary.warn(kind, f"{where(item)}: {message}")
    if created:
        page = BlogPage(slug=_free_slug(item, ctx.index, ctx.summary))
    page.title = item.title or f"Untitled ({item.id})"
    page.standfirst = _plain(item.excerpt)
    page.author = ctx.authors.for_login(item.creator)
    moment = item.date or timezone.now()
    page.date = timezone.localdate(moment)
    if item.status in {"publish", "private", "future"}:
        page.first_published_at = moment
    page.body = converted.blocks
    if created:
        page.live = False
        page._defer_search_index = True  # indexed once complete, below or when published
        ctx.index.add_child(instance=page)
    labels = [c for c in item.categories if c not in SKIPPED_CATEGORIES] + item.tags
    page.tags.set([label[:100] for label in dict.fromkeys(labels)])
    published = _apply_status(page, item, ctx, validated=created)
    if created and not published:  # publishing indexes the published copy
        index.insert_or_update_object(page)
    ctx.mapping.remember("post", item.id, page)
    ctx.summary.count("article", "created" if created else "updated")
    _redirects(page, item, ctx)
    return page


def import_page(item: WPItem, ctx: Context) -> Page:
    """A WordPress page as a plain content page under the site's home page."""
    page = ctx.mapping.get("page", item.id, ContentPage)
    created = page is None
    if created:
        page = ContentPage(slug=_free_slug(item, ctx.pages_parent, ctx.summary))
    page.title = item.title or f"Untitled ({item.id})"
    blocks = convert(item.content, ctx.media.find).blocks
    page.body = "".join(v for kind, v in blocks if kind == "paragraph")
    if created:
        page.live = False
        ctx.pages_parent.add_child(instance=page)
    _apply_status(page, item, ctx)
    ctx.mapping.remember("page", item.id, page)
    ctx.summary.count("page", "created" if created else "updated")
    _redirects(page, item, ctx)
    return page


def _plain(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html or "")).strip()


def _free_slug(item: WPItem, parent: Page, summary: Summary) -> str:
    base = slugify(unquote(item.slug), allow_unicode=True) or slugify(
        item.title, allow_unicode=True
    )
    base = (base or f"post-{item.id}")[:240]
    slug, n = base, 1
    while not Page._slug_is_available(slug, parent):
        n += 1
        slug = f"{base}-{n}"
    if slug != base:
        summary.warn("slug_changed", f"{where(item)}: “{base}” is taken; slug is “{slug}”")
    return slug


def _apply_status(page: Page, item: WPItem, ctx: Context, validated: bool = False) -> bool:
    """publish → live; future → scheduled; draft → draft; pending → in moderation;
    private or password-protected → live but only for signed-in staff. True if published."""
    status = item.status
    if status not in {"publish", "future", "draft", "pending", "private", "auto-draft"}:
        ctx.summary.warn("unknown_status", f"{where(item)}: status {status!r} read as draft")
        status = "draft"
    page.go_live_at = item.date if status == "future" and item.date else None
    # A page just added was validated by add_child: checking it again costs queries per post.
    revision = page.save_revision(log_action=False, clean=not validated)
    if status in {"publish", "private", "future"}:
        revision.publish(log_action=False)
    elif status == "pending":
        _submit_for_moderation(page)
    restricted = status == "private" or bool(item.password)
    _restrict_to_staff(page, restricted)
    if item.password:
        ctx.summary.warn("password_protected", f"{where(item)}: imported as private to staff")
    return status in {"publish", "private"}  # a scheduled copy is not published yet


def _restrict_to_staff(page: Page, restricted: bool) -> None:
    existing = PageViewRestriction.objects.filter(page=page)
    if not restricted:
        existing.delete()
        return
    if existing.exists():
        return
    groups = list(Group.objects.filter(name__in=STAFF_GROUPS))
    kind = PageViewRestriction.GROUPS if groups else PageViewRestriction.LOGIN
    restriction = PageViewRestriction.objects.create(page=page, restriction_type=kind)
    restriction.groups.set(groups)


def _submit_for_moderation(page: Page) -> None:
    """Put the draft in the page's workflow without Wagtail's signals (they send email)."""
    workflow: Workflow | None = page.get_workflow()
    if (
        workflow is None
        or WorkflowState.objects.active()
        .filter(base_content_type=page.get_base_content_type(), object_id=str(page.pk))
        .exists()
    ):
        return
    state = WorkflowState.objects.create(
        content_type=page.get_content_type(),
        base_content_type=page.get_base_content_type(),
        object_id=str(page.pk),
        workflow=workflow,
        status=WorkflowState.STATUS_IN_PROGRESS,
    )
    task = workflow.tasks.filter(active=True).first()
    if task is not None:
        task = task.specific
        task_state = task.get_task_state_class()(
            workflow_state=state,
            status="in_progress",
            revision=page.get_latest_revision(),
            task=task,
        )
        task_state.save()
        state.current_task_state = task_state
        state.save(update_fields=["current_task_state"])


def _redirects(page: Page, item: WPItem, ctx: Context) -> None:
    """From the old permalink (and WordPress's ?p=<id> form) to the new page."""
    link = urlparse(item.link)
    targets = [link.path + (f"?{link.query}" if link.query else "")]
    if item.id:
        targets.append(f"/?p={item.id}" if item.post_type == "post" else f"/?page_id={item.id}")
    new_path = Redirect.normalise_path(page.url or "")
    for old in dict.fromkeys(t for t in targets if t and t != "/"):
        old_path = Redirect.normalise_path(old)
        if old_path == new_path:
            continue
        _, made = Redirect.objects.update_or_create(
            old_path=old_path,
            site=ctx.site,
            defaults={"redirect_page": page, "redirect_link": "", "is_permanent": True},
        )
        ctx.summary.count("redirect", "created" if made else "unchanged")

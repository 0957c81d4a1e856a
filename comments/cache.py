"""Article pages cached for anonymous readers, and never stale.

One shared copy per URL (each page of comments has its own) is kept in Django's cache (Redis
when REDIS_URL is set, local memory otherwise). A copy is stamped with version tokens: one for
the site's moderation settings and one per article; anything that changes what the page shows
replaces a token after its transaction commits, so every older copy stops matching at once:

- a comment's status changing (posted, confirmed, approved, held, removed, restored, spam),
  announced by comments.signals.discussion_changed;
- the article published, unpublished, moved or deleted (Wagtail's page signals);
- any page published, unpublished, moved or deleted (pages link to others; an article's address
  holds its ancestors' slugs), any site setting saved (Site links…), a page made private or
  public again, a site changed: these replace the site's token, so every copy stops matching;
- the site's moderation settings saved.

A copy also expires at the moment comments close by date (a change with no write). Readers
with a session (signed in) and guests who posted (they see their own held comments:
comments.own_comments) never get the shared copy; nor does anything but GET. If the cache is down, pages are rendered uncached.
"""

from __future__ import annotations

import hashlib
import logging
import time
import uuid
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils import timezone
from django.utils.cache import get_conditional_response
from django.utils.http import http_date
from wagtail.contrib.settings.models import BaseSiteSetting
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

from comments.signals import discussion_changed, shared_copy_rendering

logger = logging.getLogger(__name__)

SITE_VERSION_KEY = "tribune:v:site"
SKIPPED_PREFIXES = ("/admin/", "/django-admin/", "/comments/", "/static/", "/media/")


def _target_version_key(content_type_id: int, object_pk) -> str:
    return f"tribune:v:{content_type_id}:{object_pk}"


def _entry_key(request) -> str:
    digest = hashlib.blake2b(
        f"{request.scheme}\x1f{request.get_host()}\x1f{request.get_full_path()}".encode(),
        digest_size=16,
    ).hexdigest()
    return f"tribune:page:{digest}"


def is_shared_request(request) -> bool:
    """May this request get (and fill) the shared copy: an anonymous GET with no session and
    no comments of its own awaiting moderation (comments.own_comments)."""
    return (
        request.method == "GET"
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and settings.TRIBUNE_OWN_COMMENTS_COOKIE not in request.COOKIES
        and "HTTP_AUTHORIZATION" not in request.META
        and not getattr(request, "is_preview", False)
    )


def _versions(keys: list[str]) -> tuple[str, ...] | None:
    """The current token of each key (made up when missing); None when the cache is down."""
    try:
        found = cache.get_many(keys)
        for key in keys:
            if key not in found:
                cache.add(key, uuid.uuid4().hex, timeout=None)
                found[key] = cache.get(key)
        if any(found[key] is None for key in keys):
            return None
        return tuple(found[key] for key in keys)
    except Exception:  # the cache is an optimisation: never let it fail a page
        logger.warning("Page cache unavailable", exc_info=True)
        return None


def discussion_version(target) -> str | None:
    """The token of `target`'s discussion, replaced whenever its pages change (None when the
    cache is down): what is kept under it is never stale."""
    versions = _versions([_target_version_key(_content_type_id(target), target.pk)])
    return versions[0] if versions is not None else None


def outdate(target) -> None:
    """Replace `target`'s version token at once, as any change to its discussion does."""
    bump(_target_version_key(_content_type_id(target), target.pk))


def bump(*keys: str) -> None:
    """Replace version tokens: every copy stamped with the old ones stops matching."""
    try:
        cache.set_many({key: uuid.uuid4().hex for key in keys}, timeout=None)
    except Exception:
        logger.error("Page cache not invalidated (cache unavailable)", exc_info=True)


@dataclass(frozen=True)
class SharedCopy:
    keys: tuple[str, ...]
    versions: tuple[str, ...]
    timeout: int


def serve_shared(target, request, render):
    """Render a comment target's page, marked for the shared cache when the reader may share it."""
    if not is_shared_request(request):
        response = render()
        response["Cache-Control"] = "private, no-cache"
        return response
    # No session cookie: the reader is anonymous. Saying so up front keeps the session (and
    # its Vary: Cookie) untouched, so shared caches may serve the copy to everyone.
    request.user = AnonymousUser()
    keys = [SITE_VERSION_KEY, _target_version_key(_content_type_id(target), target.pk)]
    versions = _versions(keys)  # read before rendering: a change meanwhile outdates the copy
    shared_copy_rendering.send(sender=serve_shared)
    response = render()
    if hasattr(response, "render"):
        response.render()
    if response.status_code != 200:
        return response
    discussion = (getattr(response, "context_data", None) or {}).get("discussion")
    timeout = max(settings.TRIBUNE_PAGE_CACHE_SECONDS, settings.TRIBUNE_SHARED_CACHE_SECONDS)
    closes_at = getattr(discussion, "closes_at", None)
    if closes_at is not None:
        timeout = min(timeout, int((closes_at - timezone.now()).total_seconds()))
    if timeout <= 0:
        response["Cache-Control"] = "no-cache"
        return response
    shared_age = min(settings.TRIBUNE_SHARED_CACHE_SECONDS, timeout)
    response["Cache-Control"] = f"public, max-age=0, s-maxage={shared_age}, must-revalidate"
    response["ETag"] = f'"{hashlib.blake2b(response.content, digest_size=12).hexdigest()}"'
    response["Last-Modified"] = http_date(time.time())
    if versions is not None and settings.TRIBUNE_PAGE_CACHE_SECONDS > 0:
        response.tribune_shared_copy = SharedCopy(
            tuple(keys), versions, min(timeout, settings.TRIBUNE_PAGE_CACHE_SECONDS)
        )
    return response


def _content_type_id(target) -> int:
    from django.contrib.contenttypes.models import ContentType

    return ContentType.objects.get_for_model(target).pk


class PageCacheMiddleware:
    """Serve the shared copy of a page without running the view (no database query), and
    store the copies that serve_shared marks. Answers revalidations with 304."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not is_shared_request(request) or request.path.startswith(SKIPPED_PREFIXES):
            return self.get_response(request)
        key = _entry_key(request)
        hit = self._lookup(key)
        if hit is not None:
            return _conditional(request, hit)
        response = self.get_response(request)
        copy = getattr(response, "tribune_shared_copy", None)
        if copy is not None and not response.cookies and not _varies_on_cookie(response):
            self._store(key, copy, response)
        return _conditional(request, response)

    def _lookup(self, key: str):
        try:
            entry = cache.get(key)
            if entry is None:
                return None
            keys, versions, status, headers, content = entry
            if tuple(cache.get_many(keys).get(k) for k in keys) != versions:
                return None
        except Exception:
            logger.warning("Page cache unavailable", exc_info=True)
            return None
        from django.http import HttpResponse

        response = HttpResponse(content, status=status)
        for name, value in headers:
            response[name] = value
        return response

    def _store(self, key: str, copy: SharedCopy, response) -> None:
        headers = [
            (name, value) for name, value in response.items() if name.lower() != "set-cookie"
        ]
        entry = (copy.keys, copy.versions, response.status_code, headers, response.content)
        try:
            cache.set(key, entry, timeout=copy.timeout)
        except Exception:
            logger.warning("Page not cached (cache unavailable)", exc_info=True)


def _varies_on_cookie(response) -> bool:
    return "cookie" in response.get("Vary", "").lower()


def _conditional(request, response):
    if response.status_code != 200 or not response.has_header("ETag"):
        return response
    return get_conditional_response(
        request, etag=response["ETag"], last_modified=None, response=response
    )


# What outdates the shared copies.


@receiver(discussion_changed)
def _discussion_changed(sender, content_type_id, object_pk, **kwargs):
    bump(_target_version_key(content_type_id, object_pk))
    _purge_frontend(content_type_id, object_pk)


def _is_comment_target(model) -> bool:
    return model._meta.label_lower in settings.TRIBUNE_COMMENT_TARGETS


def _page_changed(sender, instance, **kwargs):
    if not isinstance(instance, Page):
        return
    # Every page shows others (the header's and footer's links, related articles, its
    # ancestors' slugs in its own address): any page published, unpublished, moved or deleted
    # outdates every copy.
    _outdate_site()
    page = instance.specific_deferred if hasattr(instance, "specific_deferred") else instance
    if _is_comment_target(type(page)):
        bump(_target_version_key(_content_type_id(page), page.pk))


def _outdate_site() -> None:
    """Replace the site's token now and again once the transaction commits (a reader who
    rendered the old state meanwhile cannot leave its copy valid)."""
    bump(SITE_VERSION_KEY)
    transaction.on_commit(lambda: bump(SITE_VERSION_KEY))


def _site_wide_change(sender, instance, created=False, **kwargs):
    # A site setting (Settings → Site links, feeds…), a page made private or public again, a
    # site's hostname or root: pages render differently, and a cached copy is served before
    # Wagtail's routing and its view-restriction check. A setting row created on first use
    # holds the defaults the pages were already rendered with.
    setting_changed = isinstance(instance, BaseSiteSetting) and not created
    if setting_changed or isinstance(instance, (PageViewRestriction, Site)):
        _outdate_site()


post_save.connect(_site_wide_change, dispatch_uid="tribune-cache-site-wide-saved")
post_delete.connect(_site_wide_change, dispatch_uid="tribune-cache-site-wide-deleted")


page_published.connect(_page_changed, dispatch_uid="tribune-cache-published")
page_unpublished.connect(_page_changed, dispatch_uid="tribune-cache-unpublished")
post_page_move.connect(_page_changed, dispatch_uid="tribune-cache-moved")
post_delete.connect(_page_changed, dispatch_uid="tribune-cache-deleted")


@receiver(post_save, sender="comments.ModerationSettings", dispatch_uid="tribune-cache-policy")
def _settings_changed(sender, created=False, **kwargs):
    # A row created on first use holds the defaults the pages were already rendered with.
    if not created:
        bump(SITE_VERSION_KEY)


def _purge_frontend(content_type_id: int, object_pk) -> None:
    """Tell a configured proxy or CDN (Wagtail's frontend cache) to drop the article's pages."""
    if not getattr(settings, "WAGTAILFRONTENDCACHE", None):
        return
    from django.contrib.contenttypes.models import ContentType
    from wagtail.contrib.frontend_cache.utils import purge_urls_from_cache

    from comments.discussion import layout_for, page_url, site_settings_and_policy
    from comments.models import TribuneComment

    model = ContentType.objects.get_for_id(content_type_id).model_class()
    target = model._default_manager.filter(pk=object_pk).first() if model else None
    if target is None:
        return
    row, _ = site_settings_and_policy()
    threads = TribuneComment.objects.for_target(target).values("thread_id").distinct().count()
    pages = max(1, -(-threads // layout_for(target, row).per_page))
    base = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
    purge_urls_from_cache([base + page_url(target, n) for n in range(1, pages + 1)])

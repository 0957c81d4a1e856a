"""Finding a request's site and page without walking the page tree on every request.

Wagtail asks the database for the request's site, then walks from the site's root page down
the address, two queries per level, then asks twice about view restrictions: seven queries
before an article starts rendering, a quarter of its render time. Here:

- the sites are read once and kept (comments.row_cache; forgotten when a site is saved or
  deleted), and matched to the request as Wagtail's get_site_for_hostname does;
- the page an address led to is remembered, and used again only after checking it still is
  what Wagtail would find there: the same live page, at the same place in the tree; the page
  itself is kept while the site's pages stay as they are (comments.site_kept: any page
  published, unpublished, moved or deleted replaces the token it is kept under), else read
  (one query);
- whether the site has any view restriction at all is kept, so pages skip the restriction
  queries while there is none (forgotten when a restriction is saved or deleted).

Anything else (a sub-route of a routable page, a new address, a restricted site) is left to
Wagtail, whose answer is then remembered when it is a page at its own address.
"""

from __future__ import annotations

import contextlib
import hashlib

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.http import Http404
from django.http.request import split_domain_port
from wagtail.models import Page, PageViewRestriction, Site

from comments.row_cache import ROW_CACHE_SECONDS, cached_row, forget_row
from comments.site_kept import kept_key, kept_while_site_unchanged

SITES_KEY = "tribune:sites"
RESTRICTIONS_KEY = "tribune:any-view-restriction"
SITE_FIELDS = ("id", "hostname", "port", "site_name", "root_page_id", "is_default_site")


def serve(request, path):
    """Wagtail's page view, with the site and the route found the cheap way when possible."""
    from wagtail import views as wagtail_views  # needs the models loaded; this module is not

    site_for_request(request)
    if not getattr(settings, "WAGTAIL_I18N_ENABLED", False):
        _route(request, path)
    return wagtail_views.serve(request, path)


def site_for_request(request) -> Site | None:
    """The request's site, as Site.find_for_request finds it, from the kept list of sites."""
    if not hasattr(request, "_wagtail_site"):
        hostname = split_domain_port(request._get_raw_host())[0]
        row = best_site(_site_rows(), hostname, request.get_port())
        request._wagtail_site = (
            Site.from_db("default", list(SITE_FIELDS), [row[f] for f in SITE_FIELDS])
            if row is not None
            else None
        )
    return request._wagtail_site


def best_site(rows: list[dict], hostname: str, port) -> dict | None:
    """Wagtail's choice (wagtail.models.sites.get_site_for_hostname) among the sites' rows:
    hostname and port, then hostname on the default site, then the default site unless
    exactly one other site has the hostname."""
    try:
        port = int(port)
    except (TypeError, ValueError):
        port = None
    ranked = []
    for row in rows:
        if row["hostname"] == hostname and row["port"] == port:
            rank = 0
        elif row["hostname"] == hostname and row["is_default_site"]:
            rank = 1
        elif row["is_default_site"]:
            rank = 2
        elif row["hostname"] == hostname:
            rank = 3
        else:
            continue
        ranked.append((rank, row))
    ranked.sort(key=lambda pair: pair[0])
    if not ranked:
        return None
    if len(ranked) == 1 or ranked[0][0] in (0, 1):
        return ranked[0][1]
    if ranked[0][0] == 2:
        return ranked[len(ranked) == 2][1]
    return None


def _site_rows() -> list[dict]:
    return cached_row(SITES_KEY, lambda: list(Site.objects.order_by("pk").values(*SITE_FIELDS)))


def any_view_restriction() -> bool:
    """Whether any page of any site is private (password, groups or login)."""
    return cached_row(RESTRICTIONS_KEY, lambda: PageViewRestriction.objects.exists())


class FewerRestrictionQueries:
    """Page mixin: no restriction queries while the site has no view restriction at all."""

    def get_view_restrictions(self):
        if not any_view_restriction():
            return PageViewRestriction.objects.none()
        return super().get_view_restrictions()


def _route_key(site_id: int, path: str) -> str:
    digest = hashlib.blake2b(path.encode(), digest_size=16).hexdigest()
    return f"tribune:route:{site_id}:{digest}"


def _route(request, path: str) -> None:
    """Set Wagtail's per-request route from the remembered page, or remember Wagtail's."""
    site = request._wagtail_site
    if site is None or hasattr(request, "_wagtail_route_for_request"):
        return
    root = _root_path(site.pk)
    if root is None:
        return
    key = _route_key(site.pk, path)
    try:
        remembered = cache.get(key)
    except Exception:  # the cache is an optimisation: Wagtail routes as usual
        return
    if remembered is not None:
        page_id, content_type_id = remembered
        page = _page(page_id, content_type_id)
        if page is not None and page.live and page.url_path == root + path:
            try:
                request._wagtail_route_for_request = page.route(request, [])
            except Http404:
                request._wagtail_route_for_request = None
            return
    found = Page.route_for_request(request, path)
    if found is not None and found[0].url_path == root + path:
        page = found[0]
        with contextlib.suppress(Exception):  # not remembered: routed in full next time
            cache.set(key, (page.pk, page.content_type_id), timeout=ROW_CACHE_SECONDS)


def _root_path(site_id: int) -> str | None:
    for root in Site.get_site_root_paths():
        if root.site_id == site_id:
            return root.root_path
    return None


def _page(page_id: int, content_type_id: int):
    return kept_while_site_unchanged(
        kept_key("page", content_type_id, page_id),
        lambda: _load_page(page_id, content_type_id),
        keep=lambda page: page is not None,
    )


def _load_page(page_id: int, content_type_id: int):
    model = ContentType.objects.get_for_id(content_type_id).model_class()
    if model is None or not issubclass(model, Page):
        return None
    return model.objects.filter(pk=page_id).first()


def _forget_sites(sender, **kwargs):
    forget_row(SITES_KEY)


def _forget_restrictions(sender, **kwargs):
    forget_row(RESTRICTIONS_KEY)


post_save.connect(_forget_sites, sender=Site, dispatch_uid="tribune-sites-saved")
post_delete.connect(_forget_sites, sender=Site, dispatch_uid="tribune-sites-deleted")
post_save.connect(_forget_restrictions, sender=PageViewRestriction, dispatch_uid="tribune-pvr-s")
post_delete.connect(_forget_restrictions, sender=PageViewRestriction, dispatch_uid="tribune-pvr-d")

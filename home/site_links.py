"""Settings → Site links as the footer and the comment form read them, from the row cache.

Reading the setting through Wagtail's `settings` context processor cost a query on every page
(the row with its three pages). The templates need only each page's address and title: those
are kept in comments.row_cache (a shared cache) and forgotten exactly when they can change:
the setting is saved or deleted, a site changes (addresses depend on the sites), or a linked
page, or a page above it, is saved (slug, title, move, unpublish) or deleted.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q
from django.db.models.signals import post_delete, post_save, pre_delete
from django.dispatch import receiver
from django.utils.functional import SimpleLazyObject
from wagtail.models import Page, Site

from comments.row_cache import cached_row, forget_row
from home.models import SiteLinks

LINK_FIELDS = ("about_page", "privacy_page", "comment_policy_page")


@dataclass(frozen=True)
class LinkedPage:
    """What a template shows of a linked page: `{{ link.url }}` and `{{ link.title }}`."""

    url: str | None
    title: str


@dataclass(frozen=True)
class SiteLinkPages:
    """A site's linked pages, named as SiteLinks names them; None where none is chosen."""

    about_page: LinkedPage | None = None
    privacy_page: LinkedPage | None = None
    comment_policy_page: LinkedPage | None = None


def _row_key(site_id: int) -> str:
    return f"tribune:row:site-links:{site_id}"


def _linked_pages(row: SiteLinks) -> SiteLinkPages:
    pages = {name: getattr(row, name) for name in LINK_FIELDS}
    return SiteLinkPages(
        **{
            name: LinkedPage(url=page.url, title=page.title) if page is not None else None
            for name, page in pages.items()
        }
    )


def site_links_for_site(site: Site) -> SiteLinkPages:
    """The site's linked pages (the setting's row is created on first use, as Wagtail does)."""
    return cached_row(_row_key(site.pk), lambda: _linked_pages(SiteLinks.for_site(site)))


def site_links(request) -> dict:
    """Context processor: `site_links`, read (from the cache) only by a template that uses it."""

    def load() -> SiteLinkPages:
        site = Site.find_for_request(request)
        return site_links_for_site(site) if site is not None else SiteLinkPages()

    return {"site_links": SimpleLazyObject(load)}


def _forget_sites_linking_under(page: Page) -> None:
    # The page itself and every page below it (whose address follows from its slug and place).
    under = Q()
    for name in LINK_FIELDS:
        under |= Q(**{f"{name}__path__startswith": page.path})
    site_ids = SiteLinks.objects.filter(under).values_list("site_id", flat=True)
    keys = [_row_key(site_id) for site_id in site_ids]
    if keys:
        forget_row(*keys)


@receiver(post_save, sender=SiteLinks, dispatch_uid="tribune-row-site-links")
@receiver(post_delete, sender=SiteLinks, dispatch_uid="tribune-row-site-links-gone")
def _forget_setting(sender, instance: SiteLinks, **kwargs) -> None:
    forget_row(_row_key(instance.site_id))


@receiver(post_save, sender=Site, dispatch_uid="tribune-row-site-links-site")
@receiver(post_delete, sender=Site, dispatch_uid="tribune-row-site-links-site-gone")
def _forget_every_site(sender, instance: Site, **kwargs) -> None:
    # A page's address is relative with one site and absolute with several: every site's links.
    site_ids = {instance.pk, *Site.objects.values_list("pk", flat=True)}
    forget_row(*(_row_key(site_id) for site_id in site_ids))


# Any model: a page is saved as its own specific class (ContentPage, BlogPage…).
@receiver(post_save, dispatch_uid="tribune-row-site-links-page")
def _forget_on_page_save(sender, instance, **kwargs) -> None:
    if isinstance(instance, Page):
        _forget_sites_linking_under(instance)


# Before the delete: the setting's foreign keys still point at the page (then set to NULL).
@receiver(pre_delete, dispatch_uid="tribune-row-site-links-page-gone")
def _forget_on_page_delete(sender, instance, **kwargs) -> None:
    if isinstance(instance, Page):
        _forget_sites_linking_under(instance)

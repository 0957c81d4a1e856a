"""Load the site pages (about, comment policy, privacy) from home/demo/ and point the footer's
links at them; like the articles' demo, it only creates what is missing."""

from __future__ import annotations

import json
from pathlib import Path

from django.db import transaction
from wagtail.models import Site

from home.models import ContentPage, SiteLinks

SITE_PAGES_FILE = Path(__file__).resolve().parent / "demo" / "site_pages.json"


@transaction.atomic
def load_site_pages(path: Path = SITE_PAGES_FILE) -> list[str]:
    """Create the site pages that are missing and fill empty site links; return what was made."""
    data = json.loads(path.read_text(encoding="utf-8"))
    created: list[str] = []
    site = Site.objects.get(is_default_site=True)
    home = site.root_page.specific
    pages = {p["role"]: _content_page(home, p, created) for p in data["pages"]}
    _site_links(site, pages, created)
    return created


def _content_page(home, data: dict, created: list[str]):
    page = ContentPage.objects.child_of(home).filter(slug=data["slug"]).first()
    if page is None:
        page = ContentPage(title=data["title"], slug=data["slug"], body=data["body"])
        home.add_child(instance=page)
        page.save_revision().publish()
        created.append(f"page “{page.title}”")
    return page


def _site_links(site, pages: dict, created: list[str]) -> None:
    """Point the footer's links at the demo pages, unless an editor already chose some."""
    links = SiteLinks.for_site(site)
    changed = False
    for role, page in pages.items():
        field = f"{role}_page"
        if getattr(links, f"{field}_id") is None:
            setattr(links, field, page)
            changed = True
    if changed:
        links.save()
        created.append("site links")

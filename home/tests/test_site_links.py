"""Settings → Site links, read from the row cache (home.site_links): no query per page, and
forgotten exactly when what the footer and the comment form show of them can change."""

import html5lib
import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page, Site

from blog.tests.factories import BlogPageFactory
from home.models import ContentPage, SiteLinks
from home.site_links import _row_key

pytestmark = pytest.mark.django_db


def _content_page(parent, title: str, slug: str) -> ContentPage:
    page = ContentPage(title=title, slug=slug, body="<p>Text.</p>")
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


@pytest.fixture
def site():
    return Site.objects.get(is_default_site=True)


@pytest.fixture
def about(site):
    return _content_page(site.root_page, "About us", "about")


@pytest.fixture
def linked(site, about):
    """The site's links with an About page and a comment policy, both under the home page."""
    links = SiteLinks.for_site(site)
    links.about_page = about
    links.comment_policy_page = _content_page(site.root_page, "House rules", "rules")
    links.save()
    return links


def footer_links(client, url: str) -> list[tuple[str, str]]:
    document = html5lib.parse(client.get(url).content.decode(), namespaceHTMLElements=False)
    footer = document.find(".//footer[@class='site-footer']")
    return [(a.get("href"), a.text) for a in footer.iter("a")]


def test_a_page_after_the_first_reads_the_site_links_without_a_query(client, linked, article):
    client.get(article.url)
    with CaptureQueriesContext(connection) as queries:
        client.get(article.url)
    assert not [q for q in queries.captured_queries if "home_sitelinks" in q["sql"]]


def test_the_footer_and_the_comment_form_show_the_linked_pages(client, linked, article):
    page = client.get(article.url).content.decode()
    assert footer_links(client, article.url)[:2] == [
        ("/about/", "About us"),
        ("/rules/", "House rules"),
    ]
    assert 'read <a href="/rules/">our comment policy</a>.</p>' in page


def test_saving_the_site_links_shows_the_new_choice_at_once(client, linked, article, site):
    footer_links(client, article.url)  # cached
    linked.about_page = None
    linked.save()
    assert footer_links(client, article.url)[0] == ("/rules/", "House rules")


def test_renaming_a_linked_page_shows_its_new_title(client, linked, article, about):
    footer_links(client, article.url)
    about.title = "Who we are"
    about.save_revision().publish()
    assert footer_links(client, article.url)[0] == ("/about/", "Who we are")


def test_a_new_slug_for_a_linked_page_changes_its_link(client, linked, article, about):
    footer_links(client, article.url)
    about.slug = "who"
    about.save_revision().publish()
    assert footer_links(client, article.url)[0] == ("/who/", "About us")


def test_a_new_slug_above_a_linked_page_changes_its_link(client, site, article):
    section = _content_page(site.root_page, "Help", "help")
    links = SiteLinks.for_site(site)
    links.about_page = _content_page(section, "About us", "about")
    links.save()
    footer_links(client, article.url)
    section.slug = "support"
    section.save_revision().publish()
    assert footer_links(client, article.url)[0] == ("/support/about/", "About us")


def test_moving_a_linked_page_changes_its_link(client, linked, article, about, site):
    section = _content_page(site.root_page, "Help", "help")
    footer_links(client, article.url)
    about.move(section, pos="last-child")
    assert footer_links(client, article.url)[0] == ("/help/about/", "About us")


def test_deleting_a_linked_page_removes_its_link(client, linked, article, about):
    footer_links(client, article.url)
    about.delete()
    assert footer_links(client, article.url)[0] == ("/rules/", "House rules")


def test_unpublishing_a_linked_page_forgets_the_cached_links(client, linked, article, about):
    client.get(article.url)
    assert cache.get(_row_key(linked.site_id)) is not None
    about.unpublish()
    assert cache.get(_row_key(linked.site_id)) is None


def test_saving_a_page_that_is_not_linked_keeps_the_cached_links(client, linked, article):
    client.get(article.url)
    article.title = "Another title"
    article.save_revision().publish()
    BlogPageFactory()
    assert cache.get(_row_key(linked.site_id)) is not None


def test_a_second_site_makes_the_links_absolute(client, linked, article, site):
    footer_links(client, article.url)
    Site.objects.create(hostname="other.example", root_page=Page.objects.get(depth=1))
    assert footer_links(client, article.url)[0] == ("http://localhost/about/", "About us")


def test_a_site_links_change_reaches_a_cached_article_page(settings, client):
    """A cached copy is served before any view runs: the setting outdates it (comments.cache)."""
    settings.TRIBUNE_PAGE_CACHE_SECONDS = 3600
    home = Page.objects.get(depth=2)
    privacy = _content_page(home, "Privacy", "privacy-notice")
    links = SiteLinks.for_site(Site.objects.get(is_default_site=True))
    links.privacy_page = privacy
    links.save()
    article = BlogPageFactory()
    assert "/privacy-notice/" in client.get(article.url).content.decode()
    links.privacy_page = None
    links.save()
    assert "/privacy-notice/" not in client.get(article.url).content.decode()

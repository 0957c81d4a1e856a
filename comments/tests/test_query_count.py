"""The article page costs the same number of SQL queries whatever the size of its discussion."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from blog.tests.factories import BlogPageFactory
from comments.models import TribuneComment
from comments.seeding import seed_comments
from comments.tests.factories import CommentFactory

pytestmark = pytest.mark.django_db


def _warm(client, url: str) -> None:
    """Visit until the caches hold what every later visit reads: site root paths and content
    types at once, the route on the first visit, the page kept on the second
    (config.routing, comments.site_kept)."""
    for _ in range(2):
        client.get(url)


def _queries_for_page(client, article) -> int:
    _warm(client, article.url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(article.url)
    assert response.status_code == 200
    return len(queries)


def test_page_queries_do_not_grow_with_comments(client):
    small = BlogPageFactory()
    CommentFactory(content_object=small)
    large = BlogPageFactory()
    seed_comments(large, 300, seed=7)

    shown = TribuneComment.objects.for_target(large).published().count()
    html = client.get(large.url).content.decode()
    assert f"{shown} Comments" in html
    assert TribuneComment.objects.for_target(large).filter(level__gt=0).exists()
    assert _queries_for_page(client, small) == _queries_for_page(client, large)


def test_later_pages_cost_what_the_first_costs(client):
    article = BlogPageFactory()
    seed_comments(article, 400, seed=9)
    first = _queries_for_page(client, article)
    article_url = article.url
    _warm(client, f"{article_url}?page=2")
    with CaptureQueriesContext(connection) as queries:
        assert client.get(f"{article_url}?page=2").status_code == 200
    assert len(queries) == first


def test_an_article_page_costs_five_queries_once_the_site_is_warm(client):
    """At most the page (config.routing; kept once warm), its tags, its parent, the
    discussion's outline and its comments: no site, view-restriction, settings or site-links
    query (kept in the row cache)."""
    article = BlogPageFactory()
    seed_comments(article, 30, seed=3)
    assert _queries_for_page(client, article) <= 5

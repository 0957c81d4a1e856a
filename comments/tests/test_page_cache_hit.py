"""A cache hit is answered before sessions, CSRF, authentication and Wagtail's routing, with
exactly the headers the first answer had (comments.cache.PageCacheMiddleware, issue 17)."""

from unittest import mock

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from blog.tests.factories import BlogPageFactory
from comments.tests.factories import CommentFactory

pytestmark = pytest.mark.django_db

# Per response, not per page: the request's own id.
FRESH_EACH_TIME = {"X-Request-ID"}


@pytest.fixture(autouse=True)
def page_cache(settings):
    settings.TRIBUNE_PAGE_CACHE_SECONDS = 3600
    cache.clear()


def test_a_hit_has_the_same_headers_as_the_answer_it_copies():
    article = BlogPageFactory()
    CommentFactory(content_object=article)
    first = Client().get(article.url)
    hit = Client().get(article.url)
    assert hit.content == first.content
    headers = {k: v for k, v in first.items() if k not in FRESH_EACH_TIME}
    assert {k: v for k, v in hit.items() if k not in FRESH_EACH_TIME} == headers
    for name in ("Content-Security-Policy", "X-Frame-Options", "X-Content-Type-Options", "ETag"):
        assert hit.has_header(name), name
    assert hit["X-Request-ID"] != first["X-Request-ID"]
    assert not hit.cookies and "cookie" not in hit.get("Vary", "").lower()


def test_a_hit_runs_no_query_and_never_touches_sessions_or_csrf():
    article = BlogPageFactory()
    Client().get(article.url)
    middleware = "django.contrib.sessions.middleware.SessionMiddleware.process_request"
    with (
        CaptureQueriesContext(connection) as queries,
        mock.patch(middleware) as sessions,
        mock.patch("django.middleware.csrf.CsrfViewMiddleware.process_request") as csrf,
    ):
        response = Client().get(article.url)
    assert response.status_code == 200 and len(queries) == 0
    assert not sessions.called and not csrf.called


def test_a_revalidation_of_a_hit_is_answered_304_without_the_page():
    article = BlogPageFactory()
    etag = Client().get(article.url)["ETag"]
    response = Client().get(article.url, HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 304 and not response.content
    assert response["ETag"] == etag

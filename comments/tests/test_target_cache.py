"""A comment POST's article is kept under the site's version token (comments.targets): read
without a query while nothing changed, never used once a page change replaced the token."""

import contextlib

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from comments.cache import SITE_VERSION_KEY, discussion_version
from comments.targets import TargetRejected, kept_key, resolve_target

pytestmark = pytest.mark.django_db


def _resolve(article):
    return resolve_target("blog.blogpage", str(article.pk))


@pytest.fixture
def token(article):
    """The site's token exists once any article page was rendered (comments.cache)."""
    discussion_version(article)
    cache.add(SITE_VERSION_KEY, "first")
    return cache.get(SITE_VERSION_KEY)


def test_a_kept_article_is_read_without_a_query(article, token):
    _resolve(article)
    with CaptureQueriesContext(connection) as queries:
        kept = _resolve(article)
    assert kept.pk == article.pk and kept.accepts_comments()
    assert len(queries) == 0


def test_the_article_is_not_kept_without_a_site_token(article):
    cache.delete(SITE_VERSION_KEY)
    _resolve(article)
    with CaptureQueriesContext(connection) as queries:
        _resolve(article)
    assert len(queries) >= 1


def test_an_unpublished_article_refuses_the_next_post(article, token):
    _resolve(article)
    article.unpublish()
    with pytest.raises(TargetRejected, match="closed"):
        _resolve(article)


def test_an_article_made_private_above_refuses_the_next_post(article, token):
    _resolve(article)
    PageViewRestriction.objects.create(
        page=article.get_parent(), restriction_type=PageViewRestriction.LOGIN
    )
    with pytest.raises(TargetRejected, match="closed"):
        _resolve(article)


def test_a_published_change_is_what_the_next_post_reads(article, token):
    _resolve(article)
    article.title = "A new title"
    article.save_revision().publish()
    assert _resolve(article).title == "A new title"


def test_a_deleted_article_refuses_the_next_post(article, token):
    _resolve(article)
    article.delete()
    with pytest.raises(TargetRejected, match="does not exist"):
        _resolve(article)


def test_a_made_up_key_is_never_kept(article, token):
    with pytest.raises(TargetRejected):
        resolve_target("blog.blogpage", "987654321")
    assert cache.get(kept_key("blog.blogpage", "987654321")) is None


@pytest.mark.parametrize("spelling", ["0{pk}", " {pk}", "{pk} ", "+{pk}"])
def test_another_spelling_of_an_article_is_never_kept(article, token, spelling):
    """Each spelling would otherwise hold its own copy of the page in the cache."""
    posted = spelling.format(pk=article.pk)
    with contextlib.suppress(TargetRejected):  # a spelling the key's field refuses is as good
        resolve_target("blog.blogpage", posted)
    assert cache.get(kept_key("blog.blogpage", posted)) is None

"""The article a comment form names, loaded with its public check in one query
(blog.comment_target), answers as BlogPage.accepts_comments does on its own."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from blog.comment_target import load_article
from blog.models import BlogPage
from blog.tests.factories import BlogIndexPageFactory, BlogPageFactory

pytestmark = pytest.mark.django_db


def _both_answers(page) -> tuple[bool, bool]:
    """(the one-query load's answer, accepts_comments' own on a freshly read page)."""
    loaded = load_article(BlogPage, str(page.pk))
    return loaded.accepts_comments(), BlogPage.objects.get(pk=page.pk).accepts_comments()


def _restrict(page) -> None:
    PageViewRestriction.objects.create(page=page, restriction_type="password", password="x")


def test_a_public_article_accepts_comments_either_way(article):
    assert _both_answers(article) == (True, True)


def test_a_restricted_article_is_refused_either_way(article):
    _restrict(article)
    assert _both_answers(article) == (False, False)


def test_an_article_under_a_restricted_section_is_refused_either_way(article):
    _restrict(article.get_parent())
    assert _both_answers(article) == (False, False)


def test_a_restriction_elsewhere_in_the_tree_does_not_count(article):
    _restrict(BlogPageFactory(parent=BlogIndexPageFactory()))
    assert _both_answers(article) == (True, True)


def test_an_article_under_an_alias_of_a_restricted_section_is_refused_either_way(article):
    section = article.get_parent().specific
    mirror = section.create_alias(update_slug="mirror", recursive=True)
    _restrict(section)
    mirrored = BlogPage.objects.child_of(mirror).get()
    assert _both_answers(mirrored) == (False, False)


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the one-query load is PostgreSQL's; see below"
)
def test_the_article_and_its_check_cost_one_query(article):
    with CaptureQueriesContext(connection) as queries:
        loaded = load_article(BlogPage, str(article.pk))
        assert loaded.accepts_comments()
        assert loaded.comment_settings().accepting
    assert [q["sql"].split()[0] for q in queries if "discussion" not in q["sql"]] == ["SELECT"]


def test_the_loaded_article_has_every_field_the_orm_gives(article):
    loaded = load_article(BlogPage, str(article.pk))
    fresh = BlogPage.objects.get(pk=article.pk)
    for field in BlogPage._meta.concrete_fields:
        assert getattr(loaded, field.attname) == getattr(fresh, field.attname), field.name


@pytest.mark.parametrize("object_pk", ["0", "-1", "99999999999999999999", "٣٣٣٣٣٣٣"])
def test_a_key_that_names_no_article_is_not_found(article, object_pk):
    with pytest.raises(BlogPage.DoesNotExist):
        load_article(BlogPage, object_pk)


@pytest.mark.parametrize("object_pk", ["abc", "1.0", "1;DROP TABLE blog_blogpage"])
def test_a_key_that_is_no_number_is_refused_before_any_query(article, object_pk):
    with CaptureQueriesContext(connection) as queries, pytest.raises((ValueError, ValidationError)):
        load_article(BlogPage, object_pk)
    assert len(queries) == 0


@pytest.mark.parametrize("restricted", [False, True])
def test_without_postgresql_the_article_comes_alone_and_still_answers(
    article, monkeypatch, restricted
):
    """SQLite (the zero-config default) has no generate_series: the page is read by the ORM
    and accepts_comments asks for itself."""
    if restricted:
        _restrict(article)
    monkeypatch.setattr(connection, "vendor", "sqlite")
    loaded = load_article(BlogPage, str(article.pk))
    assert not hasattr(loaded, "_accepts_comments_for")
    assert loaded.accepts_comments() is not restricted

"""Home page and blog index listings."""

import datetime

import pytest

from blog.models import ARTICLES_PER_PAGE
from blog.tests.factories import BlogIndexPageFactory, BlogPageFactory

pytestmark = pytest.mark.django_db


def test_home_page_links_to_the_blog_and_latest_article(client):
    index = BlogIndexPageFactory(slug="blog")
    BlogPageFactory(parent=index, title="Fresh argument")
    html = client.get("/").content.decode()
    assert 'href="/blog/"' in html
    assert "Fresh argument" in html


def test_blog_index_lists_newest_first(client):
    index = BlogIndexPageFactory(slug="blog")
    BlogPageFactory(parent=index, title="Older piece", date=datetime.date(2020, 1, 1))
    BlogPageFactory(parent=index, title="Newer piece", date=datetime.date(2021, 1, 1))
    html = client.get("/blog/").content.decode()
    assert html.index("Newer piece") < html.index("Older piece")


def test_blog_index_paginates(client):
    index = BlogIndexPageFactory(slug="blog")
    for day in range(ARTICLES_PER_PAGE + 1):
        BlogPageFactory(
            parent=index, title=f"Piece {day:02d}", date=datetime.date(2020, 1, day + 1)
        )
    first = client.get("/blog/").content.decode()
    second = client.get("/blog/?page=2").content.decode()
    assert "Piece 00" not in first
    assert "Piece 00" in second
    assert 'rel="next"' in first


def test_blog_index_hides_unpublished_articles(client):
    index = BlogIndexPageFactory(slug="blog")
    draft = BlogPageFactory(parent=index, title="Draft piece")
    draft.unpublish()
    assert "Draft piece" not in client.get("/blog/").content.decode()

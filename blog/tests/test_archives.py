"""The blog index, tag, author and monthly archives, and related articles."""

import datetime
import re
from itertools import pairwise

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from blog.listings import ARTICLES_PER_PAGE
from blog.models import BlogPage
from blog.tests.factories import AuthorFactory, BlogIndexPageFactory, BlogPageFactory
from comments.models import Status
from comments.tests.factories import CommentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def blog():
    return BlogIndexPageFactory(slug="blog")


def tagged(blog, title, *tags, **fields):
    article = BlogPageFactory(parent=blog, title=title, **fields)
    article.tags.add(*tags)
    article.save_revision().publish()
    return article


def titles(html: str) -> list[str]:
    return re.findall(r'class="article-summary-title"><a href="[^"]+">([^<]+)</a>', html)


def test_tag_page_lists_only_tagged_articles(client, blog):
    tagged(blog, "On Syria", "Syria")
    tagged(blog, "On trains", "Transport")
    html = client.get("/blog/tag/syria/").content.decode()
    assert titles(html) == ["On Syria"]
    assert "<h1>Articles tagged “Syria”</h1>" in html


def test_tag_query_parameter_leads_to_the_tag_page(client, blog):
    tagged(blog, "On Syria", "Syria")
    for value in ("syria", "Syria"):
        response = client.get(f"/blog/?tag={value}")
        assert response.status_code == 302
        assert response["Location"] == "/blog/tag/syria/"


def test_unknown_tag_is_404(client, blog):
    assert client.get("/blog/tag/nothing/").status_code == 404
    assert client.get("/blog/?tag=nothing").status_code == 404


def test_article_tags_link_to_tag_pages(client, blog):
    article = tagged(blog, "On Syria", "Syria", "Foreign policy")
    html = client.get(article.url).content.decode()
    assert '<a class="tag" href="/blog/tag/syria/" rel="tag">Syria</a>' in html
    assert 'href="/blog/tag/foreign-policy/"' in html


def test_author_page_lists_only_their_articles(client, blog):
    ada = AuthorFactory(name="Ada Writer", bio="Writes about trains.")
    BlogPageFactory(parent=blog, title="By Ada", author=ada)
    BlogPageFactory(parent=blog, title="By Bob", author=AuthorFactory(name="Bob"))
    html = client.get(f"/blog/author/{ada.slug}/").content.decode()
    assert titles(html) == ["By Ada"]
    assert "<h1>Articles by Ada Writer</h1>" in html
    assert "Writes about trains." in html


def test_author_slug_is_made_from_the_name_and_kept_unique():
    first = AuthorFactory(name="Tomás Ferreira", slug="")
    second = AuthorFactory(name="Tomás Ferreira", slug="")
    assert first.slug == "tomas-ferreira"
    assert second.slug == "tomas-ferreira-2"


def test_monthly_archive_lists_that_month(client, blog):
    BlogPageFactory(parent=blog, title="October", date=datetime.date(2016, 10, 21))
    BlogPageFactory(parent=blog, title="November", date=datetime.date(2016, 11, 1))
    html = client.get("/blog/2016/10/").content.decode()
    assert titles(html) == ["October"]
    assert "<h1>Articles from October 2016</h1>" in html


@pytest.mark.parametrize("url", ["/blog/2016/13/", "/blog/2016/00/", "/blog/1999/10/"])
def test_impossible_or_empty_month_is_404(client, blog, url):
    BlogPageFactory(parent=blog, date=datetime.date(2016, 10, 21))
    assert client.get(url).status_code == 404


def test_index_links_to_monthly_archives(client, blog):
    BlogPageFactory(parent=blog, date=datetime.date(2016, 10, 21))
    html = client.get("/blog/").content.decode()
    assert '<a href="/blog/2016/10/">October 2016</a>' in html


@pytest.mark.parametrize("page", ["999", "abc", "0", "-1", "2", "1.5", ""])
def test_page_number_that_does_not_exist_is_404(client, blog, page):
    BlogPageFactory(parent=blog)
    assert client.get(f"/blog/?page={page}").status_code == 404


def test_page_number_that_does_not_exist_is_404_on_archives_too(client, blog):
    tagged(blog, "On Syria", "Syria")
    assert client.get("/blog/tag/syria/?page=2").status_code == 404


def test_second_page_continues_where_the_first_stopped(client, blog):
    for day in range(ARTICLES_PER_PAGE + 1):
        BlogPageFactory(parent=blog, title=f"Piece {day:02d}", date=datetime.date(2020, 1, day + 1))
    first = titles(client.get("/blog/").content.decode())
    second = titles(client.get("/blog/?page=2").content.decode())
    assert len(first) == ARTICLES_PER_PAGE and second == ["Piece 00"]


def test_index_shows_excerpt_author_date_and_comment_count(client, blog):
    ada = AuthorFactory(name="Ada Writer")
    article = BlogPageFactory(
        parent=blog,
        standfirst="",
        author=ada,
        date=datetime.date(2016, 10, 21),
        body=[("paragraph", "<p>The opening argument of the piece.</p>")],
    )
    CommentFactory(content_object=article)
    CommentFactory(content_object=article)
    CommentFactory(content_object=article, status=Status.HELD)
    html = client.get("/blog/").content.decode()
    assert "The opening argument of the piece." in html
    assert f'<a href="/blog/author/{ada.slug}/">Ada Writer</a>' in html
    assert '<time datetime="2016-10-21">October 21, 2016</time>' in html
    assert f'<a href="{article.url}#comments">2 comments</a>' in html


def test_index_counts_comments_without_a_query_per_article(client, blog):
    def queries_for_index() -> int:
        # Warm the caches: the site, content types, and the page kept under the site's token
        # (comments.site_kept), which the first render may create only after loading it.
        client.get("/blog/")
        client.get("/blog/")
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/blog/").status_code == 200
        return len(queries)

    for _ in range(2):
        CommentFactory(content_object=BlogPageFactory(parent=blog))
    few = queries_for_index()
    for _ in range(4):
        CommentFactory(content_object=BlogPageFactory(parent=blog))
    assert queries_for_index() == few


def test_index_headings_go_from_h1_to_h2(client, blog):
    BlogPageFactory(parent=blog)
    html = client.get("/blog/").content.decode()
    main = html[html.index("<main") :]
    levels = [int(level) for level in re.findall(r"<h([1-6])", main)]
    assert levels[0] == 1
    assert all(b - a <= 1 for a, b in pairwise(levels))


def test_related_articles_share_tags_most_shared_first(client, blog):
    article = tagged(blog, "Main piece", "Syria", "Europe")
    tagged(blog, "Shares one", "Syria", date=datetime.date(2021, 1, 1))
    tagged(blog, "Shares two", "Syria", "Europe", date=datetime.date(2020, 1, 1))
    tagged(blog, "Shares none", "Transport")
    html = client.get(article.url).content.decode()
    related = html[html.index('id="related-heading"') : html.index('id="comments"')]
    assert titles(related) == ["Shares two", "Shares one"]


def test_article_without_tags_has_no_related_section(client, blog):
    article = BlogPageFactory(parent=blog)
    BlogPageFactory(parent=blog)
    assert "Related articles" not in client.get(article.url).content.decode()


def test_article_cannot_take_the_feeds_address(blog):
    with pytest.raises(ValidationError) as refused:
        blog.add_child(instance=BlogPage(title="Feed", slug="feed"))
    assert "slug" in refused.value.message_dict

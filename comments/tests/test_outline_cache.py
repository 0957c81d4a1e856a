"""An article's kept outline (comments.discussion_outline) is never stale.

The page cache's staleness tests run again here with the page cache off and the outline cache
on: every change that must reach the next anonymous reader reaches them through the outline.
"""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from blog.tests.factories import BlogPageFactory
from comments.tests.factories import CommentFactory
from comments.tests.helpers import post_comment

# The staleness tests, collected again under this module's settings.
from comments.tests.test_page_cache import (  # noqa: F401
    moderator,
    test_closing_comments_on_the_article_is_seen_by_the_next_anonymous_get,
    test_comment_posted_by_another_reader_is_seen_by_the_next_anonymous_get,
    test_flagged_comment_leaves_the_next_anonymous_get,
    test_moderators_action_is_seen_by_the_next_anonymous_get,
    test_staff_reply_is_seen_by_the_next_anonymous_get,
    test_unpublished_article_is_not_served_from_the_cache,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def outline_cache(settings, no_email_confirmation):
    settings.TRIBUNE_PAGE_CACHE_SECONDS = 0
    settings.TRIBUNE_OUTLINE_CACHE = True
    cache.clear()
    yield
    cache.clear()


def _outline_queries(url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert Client().get(url).status_code == 200
    return sum("GROUP BY" in q["sql"] and "thread_id" in q["sql"] for q in queries)


def test_a_second_anonymous_render_does_not_count_the_discussion_again():
    article = BlogPageFactory()
    CommentFactory(content_object=article)
    assert _outline_queries(article.url) == 1
    assert _outline_queries(article.url) == 0


def test_a_signed_in_reader_sees_their_own_held_comment_in_the_count_of_threads(
    django_user_model, trusting_policy
):
    article = BlogPageFactory()
    CommentFactory(content_object=article, comment="Someone else's")
    Client().get(article.url)  # keeps the anonymous outline
    reader = django_user_model.objects.create_user("own", "own@example.com", "pw")
    client = Client()
    client.force_login(reader)
    CommentFactory(content_object=article, comment="Mine, held", user=reader, status="held")
    html = client.get(article.url).content.decode()
    assert "Mine, held" in html and "awaiting moderation" in html


def test_a_comment_posted_in_the_same_browser_shows_while_it_is_held(committing):
    article = BlogPageFactory()
    browser = Client()
    browser.get(article.url)
    with committing():
        post_comment(browser, article, comment="My first words")
    assert "My first words" in browser.get(article.url).content.decode()


def test_an_outline_counted_outside_a_shared_render_is_not_kept():
    """A HEAD (or a request with credentials) may read a lagging replica: its count is used,
    never kept under the current token for the shared renders that follow."""
    article = BlogPageFactory()
    CommentFactory(content_object=article)
    assert Client().head(article.url).status_code == 200
    assert _outline_queries(article.url) == 1

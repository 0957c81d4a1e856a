"""Anonymous readers share one cached copy of an article page, and it is never stale."""

import datetime

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from blog.tests.factories import BlogPageFactory
from comments import services
from comments.discussion_settings import discussion_settings_update
from comments.models import Status
from comments.tests.factories import CommentFactory
from comments.tests.helpers import moderate, post_comment, set_policy

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache(settings, no_email_confirmation):
    settings.TRIBUNE_PAGE_CACHE_SECONDS = 3600
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def moderator(django_user_model):
    return django_user_model.objects.create_user("mod", "mod@example.com", "pw", is_staff=True)


def _html(url: str) -> str:
    response = Client().get(url)
    assert response.status_code == 200
    return response.content.decode()


def _queries(url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert Client().get(url).status_code == 200
    return len(queries)


def test_anonymous_article_get_sets_no_cookie_and_is_shareable():
    article = BlogPageFactory()
    CommentFactory(content_object=article)
    response = Client().get(article.url)
    assert response.status_code == 200
    assert not response.cookies
    assert "cookie" not in response.get("Vary", "").lower()
    assert "public" in response["Cache-Control"]
    assert "s-maxage=" in response["Cache-Control"]
    assert response["ETag"] and response["Last-Modified"]
    assert 'name="csrfmiddlewaretoken" value=""' in response.content.decode()


def test_second_anonymous_get_is_served_without_a_query():
    article = BlogPageFactory()
    CommentFactory(content_object=article)
    assert _queries(article.url) > 0
    assert _queries(article.url) == 0


def test_revalidation_with_the_etag_answers_304():
    article = BlogPageFactory()
    first = Client().get(article.url)
    again = Client().get(article.url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    assert not again.content


def test_signed_in_reader_gets_a_private_page(django_user_model):
    article = BlogPageFactory()
    _html(article.url)
    user = django_user_model.objects.create_user("ann", "ann@example.com", "pw")
    client = Client()
    client.force_login(user)
    response = client.get(article.url)
    assert "private" in response["Cache-Control"]
    assert "Logged in as <strong><bdi>ann</bdi></strong>" in response.content.decode()


def test_a_held_comment_shows_to_its_author_and_not_in_the_shared_copy(trusting_policy):
    set_policy(default_policy="premoderate")
    article = BlogPageFactory()
    _html(article.url)
    author = Client()
    post_comment(author, article, comment="Held for now")
    assert "Held for now" in author.get(article.url).content.decode()
    assert "Held for now" not in _html(article.url)


def test_comment_posted_by_another_reader_is_seen_by_the_next_anonymous_get(
    committing, trusting_policy
):
    article = BlogPageFactory()
    assert "No comments yet" in _html(article.url)
    with committing():
        response = post_comment(Client(), article, comment="Fresh words")
    assert response.status_code == 302
    html = _html(article.url)
    assert "Fresh words" in html and "1 Comment" in html


@pytest.mark.parametrize(
    ("start", "action", "shown_after"),
    [
        (Status.HELD, "approve", True),
        (Status.APPROVED, "remove", False),
        (Status.APPROVED, "spam", False),
        (Status.REMOVED, "restore", True),
        (Status.SPAM, "restore", True),
    ],
)
def test_moderators_action_is_seen_by_the_next_anonymous_get(
    committing, moderator, start, action, shown_after
):
    article = BlogPageFactory()
    CommentFactory(content_object=article, comment="Keeps the page non-empty")
    comment = CommentFactory(content_object=article, comment="Under review", status=start)
    assert ("Under review" in _html(article.url)) is (start == Status.APPROVED)
    with committing():
        moderate(comment, action, actor=moderator)
    assert ("Under review" in _html(article.url)) is shown_after


def test_staff_reply_is_seen_by_the_next_anonymous_get(committing, moderator):
    article = BlogPageFactory()
    parent = CommentFactory(content_object=article)
    _html(article.url)
    with committing():
        services.comment_reply_as_staff(parent=parent, user=moderator, text="From the newsroom")
    assert "From the newsroom" in _html(article.url)


def test_flagged_comment_leaves_the_next_anonymous_get(committing, django_user_model):
    set_policy(flag_threshold=1)
    article = BlogPageFactory()
    comment = CommentFactory(content_object=article, comment="Flag me")
    assert "Flag me" in _html(article.url)
    reader = django_user_model.objects.create_user("flagger", "f@example.com", "pw")
    with committing():
        assert services.comment_flag(comment=comment, user=reader)
    assert "Flag me" not in _html(article.url)


def test_publishing_an_edit_is_seen_by_the_next_anonymous_get():
    article = BlogPageFactory(title="First title")
    assert "First title" in _html(article.url)
    article.title = "Second title"
    article.save_revision().publish()
    assert "Second title" in _html(article.url)


def test_unpublished_article_is_not_served_from_the_cache():
    article = BlogPageFactory()
    url = article.url
    _html(url)
    article.unpublish()
    assert Client().get(url).status_code == 404


def test_closing_comments_on_the_article_is_seen_by_the_next_anonymous_get(committing):
    article = BlogPageFactory()
    assert "Leave a Comment" in _html(article.url)
    # A discussion setting, not a page field: no revision is published, the cache hears of it.
    with committing():
        discussion_settings_update(target=article, policy="closed")
    assert "Comments are closed" in _html(article.url)


def test_site_settings_change_is_seen_by_the_next_anonymous_get():
    article = BlogPageFactory()
    CommentFactory(content_object=article)
    assert "comment-reply-link" in _html(article.url)
    set_policy(max_thread_depth=0)
    assert "comment-reply-link" not in _html(article.url)


def test_a_page_made_private_is_not_served_from_the_cache():
    from wagtail.models import PageViewRestriction

    article = BlogPageFactory(title="Soon private")
    assert "Soon private" in _html(article.url)
    PageViewRestriction.objects.create(
        page=article, restriction_type=PageViewRestriction.PASSWORD, password="secret"
    )
    assert 'name="password"' in _html(article.url)


def test_a_new_slug_above_an_article_outdates_its_cached_address():
    article = BlogPageFactory()
    old_url = article.url
    _html(old_url)
    blog = article.get_parent().specific
    blog.slug = "journal"
    blog.save_revision().publish()
    assert Client().get(old_url).status_code in (301, 302, 404)


def test_copy_cached_before_the_auto_close_moment_is_not_served_after_it(monkeypatch):
    set_policy(close_after_days=10)
    article = BlogPageFactory()
    opened = timezone.now()
    type(article).objects.filter(pk=article.pk).update(
        first_published_at=opened - datetime.timedelta(days=10) + datetime.timedelta(minutes=5)
    )
    response = Client().get(article.url)
    assert "Leave a Comment" in response.content.decode()
    assert int(response["Cache-Control"].split("s-maxage=")[1].split(",")[0]) <= 300
    later = opened + datetime.timedelta(minutes=6)
    monkeypatch.setattr(timezone, "now", lambda: later)
    monkeypatch.setattr("django.core.cache.backends.locmem.time.time", lambda: later.timestamp())
    assert "Comments are closed" in _html(article.url)


def test_pages_render_uncached_when_the_cache_is_down(settings):
    article = BlogPageFactory()
    CommentFactory(content_object=article, comment="Still here")
    settings.CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": "redis://127.0.0.1:9/0",
            # As in production (config/settings/base.py): errors are not raised to Wagtail.
            "OPTIONS": {
                "IGNORE_EXCEPTIONS": True,
                "SOCKET_CONNECT_TIMEOUT": 0.2,
                "SOCKET_TIMEOUT": 0.2,
            },
        }
    }
    assert "Still here" in _html(article.url)
    assert "Still here" in _html(article.url)


def test_csrf_endpoint_hands_out_a_token_with_its_cookie():
    response = Client().get("/comments/csrf/")
    assert response.json()["token"]
    assert "csrftoken" in response.cookies
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]


def test_form_posted_with_an_on_demand_token_is_accepted(
    trusting_policy, django_capture_on_commit_callbacks
):
    article = BlogPageFactory()
    client = Client(enforce_csrf_checks=True)
    committing = django_capture_on_commit_callbacks
    assert 'value=""' in client.get(article.url).content.decode()
    token = client.get("/comments/csrf/").json()["token"]
    from comments.tests.helpers import comment_form_data

    data = comment_form_data(article, comment="With a fetched token", csrfmiddlewaretoken=token)
    with committing(execute=True):
        response = client.post("/comments/post/", data, HTTP_USER_AGENT="Mozilla/5.0 (test)")
    assert response.status_code == 302
    assert "With a fetched token" in client.get(article.url).content.decode()

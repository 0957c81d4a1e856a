"""Posts that name something that cannot be commented on, or replied to: another model, a
missing, draft, private or closed article, a comment that is gone. A 4xx in plain words, the
reader's text kept, nothing stored. See comments/tests/malformed.py."""

import pytest
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from wagtail.models import Page, PageViewRestriction

from blog.models import BlogIndexPage, BlogPage
from blog.tests.factories import BlogIndexPageFactory, BlogPageFactory
from comments.discussion_settings import discussion_settings_update
from comments.models import Status, TribuneComment
from comments.tests.factories import CommentFactory
from comments.tests.helpers import set_policy
from comments.tests.malformed import (
    CLOSED,
    EXPIRED,
    KEPT,
    NO_ARTICLE,
    NO_PARENT,
    TOO_DEEP,
    WRONG_KIND,
    assert_refused,
    form,
    send,
)

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.usefixtures("trusting_policy", "no_email_confirmation"),
]


# reply_to.


@pytest.fixture
def comments(article):
    other = BlogPageFactory()
    top = CommentFactory(content_object=article)
    return {
        "top": top,
        "reply": CommentFactory(parent=top),
        "held": CommentFactory(content_object=article, status=Status.HELD),
        "removed": CommentFactory(content_object=article, status=Status.REMOVED),
        "spam": CommentFactory(content_object=article, status=Status.SPAM),
        "unconfirmed": CommentFactory(content_object=article, status=Status.UNCONFIRMED),
        "other-article": CommentFactory(content_object=other),
    }


@pytest.mark.parametrize(
    "parent", ["missing", "held", "removed", "spam", "unconfirmed", "other-article"]
)
def test_reply_to_a_comment_that_cannot_be_replied_to_is_refused(client, article, comments, parent):
    parent_id = 999_999 if parent == "missing" else comments[parent].pk
    before = TribuneComment.objects.count()
    response = send(client, form(article, reply_to=parent_id))
    assert response.status_code == 400
    body = response.content.decode()
    assert NO_PARENT in body and KEPT in body
    assert TribuneComment.objects.count() == before


@pytest.mark.parametrize(
    ("reply_to", "message"),
    [
        ("abc", "Enter a whole number."),
        ("1e9", "Enter a whole number."),
        ("1.5", "Enter a whole number."),
        ("", "This field is required."),
        ("-1", NO_PARENT),
        pytest.param("99999999999999999999", NO_PARENT),
        pytest.param("9" * 400, NO_PARENT),
    ],
    ids=["word", "exponent", "fraction", "empty", "negative", "over-64-bit", "400-digits"],
)
def test_non_integer_or_impossible_reply_to_is_refused(
    client, article, comments, reply_to, message
):
    before = TribuneComment.objects.count()
    response = send(client, form(article, reply_to=reply_to))
    assert response.status_code == 400
    body = response.content.decode()
    assert message in body and KEPT in body
    assert TribuneComment.objects.count() == before


def test_reply_beyond_the_depth_limit_is_refused(client, article, comments):
    set_policy(max_thread_depth=1)
    before = TribuneComment.objects.count()
    response = send(client, form(article, reply_to=comments["reply"].pk))
    assert response.status_code == 400
    body = response.content.decode()
    assert TOO_DEEP in body and KEPT in body
    assert TribuneComment.objects.count() == before


def test_reply_within_the_depth_limit_is_stored(client, article, comments):
    set_policy(max_thread_depth=1, flood_max_comments=0)
    before = TribuneComment.objects.count()
    response = send(client, form(article, reply_to=comments["top"].pk))
    assert response.status_code == 302
    assert TribuneComment.objects.count() == before + 1


# What the form says it comments on.


def _target_of(kind: str, article, django_user_model) -> tuple[str, str]:
    if kind == "auth.user":
        return kind, str(django_user_model.objects.create_user("someone").pk)
    if kind == "wagtailcore.page":
        return kind, str(Page.objects.get(depth=1).pk)
    if kind == "wagtailcore.page-of-the-article":
        return "wagtailcore.page", str(article.pk)
    if kind == "blog.blogindexpage":
        return kind, str(BlogIndexPage.objects.get().pk)
    if kind == "comments.tribunecomment":
        return kind, str(CommentFactory(content_object=article).pk)
    if kind == "contenttypes.contenttype":
        return kind, str(ContentType.objects.get_for_model(BlogPage).pk)
    return kind, str(article.pk)


@pytest.mark.parametrize(
    "kind",
    [
        "auth.user",
        "wagtailimages.image",
        "wagtailcore.page",
        "wagtailcore.page-of-the-article",
        "blog.blogindexpage",
        "comments.tribunecomment",
        "contenttypes.contenttype",
        "nope.nothing",
        "blog",
        "blog.",
        ".blogpage",
        "blog.blogpage.extra",
        "blog.blogpage ",
        "blog.blog_page",
    ],
)
def test_target_that_takes_no_comments_is_refused(client, article, django_user_model, kind):
    content_type, object_pk = _target_of(kind, article, django_user_model)
    before = TribuneComment.objects.count()
    data = form(article, content_type=content_type, object_pk=object_pk)
    response = send(client, data)
    assert response.status_code == 400
    body = response.content.decode()
    assert WRONG_KIND in body and KEPT in body
    assert TribuneComment.objects.count() == before


@pytest.mark.parametrize(
    "content_type",
    [
        pytest.param("Blog.BlogPage"),
        pytest.param("BLOG.BLOGPAGE"),
        "blog.BlogPage",
    ],
)
def test_target_named_in_another_letter_case_is_not_a_server_error(client, article, content_type):
    """Model labels are case-insensitive to the allowlist, but the app label is not to
    Django's app registry: the post must still be answered in plain words."""
    response = send(client, form(article, content_type=content_type))
    assert response.status_code == 400
    body = response.content.decode()
    assert EXPIRED in body or WRONG_KIND in body
    assert KEPT in body
    assert not TribuneComment.objects.exists()


@pytest.mark.parametrize(
    "object_pk",
    [
        "abc",
        "1;DROP TABLE blog_blogpage",
        "1.0",
        "-1",
        "0",
        pytest.param("99999999999999999999"),
        pytest.param("-99999999999999999999"),
        "1e3",
        "٣٣٣٣٣٣٣",  # Arabic-Indic digits, which int() reads as 3333333
    ],
)
def test_object_pk_that_names_no_article_is_refused(client, article, object_pk):
    assert_refused(send(client, form(article, object_pk=object_pk)), 400, NO_ARTICLE)


def test_page_that_is_not_an_article_is_refused(client, article):
    index = BlogIndexPage.objects.get()
    assert_refused(send(client, form(article, object_pk=index.pk)), 400, NO_ARTICLE)


def test_deleted_article_is_refused(client, article):
    data = form(article)
    article.delete()
    assert_refused(send(client, data), 400, NO_ARTICLE)


def test_never_published_draft_is_refused(client):
    index = BlogIndexPageFactory()
    draft = index.add_child(instance=BlogPage(title="Draft", slug="draft", live=False))
    assert_refused(send(client, form(draft)), 400, CLOSED)


def test_unpublished_article_is_refused(client, article):
    data = form(article)
    article.unpublish()
    assert_refused(send(client, data), 400, CLOSED)


@pytest.mark.parametrize("restriction", ["password", "login", "groups"])
def test_private_article_is_refused(client, article, restriction):
    restricted = PageViewRestriction.objects.create(
        page=article, restriction_type=restriction, password="x"
    )
    if restriction == "groups":
        restricted.groups.add(Group.objects.create(name="Subscribers"))
    assert_refused(send(client, form(article)), 400, CLOSED)


def test_article_under_a_private_section_is_refused(client, article):
    PageViewRestriction.objects.create(
        page=article.get_parent(), restriction_type="password", password="x"
    )
    assert_refused(send(client, form(article)), 400, CLOSED)


def test_article_with_comments_closed_is_refused(client, article):
    discussion_settings_update(target=article, policy="closed")
    assert_refused(send(client, form(article)), 403, "Comments are closed")


def test_site_with_comments_closed_is_refused(client, article):
    set_policy(default_policy="closed")
    assert_refused(send(client, form(article)), 403, "Comments are closed")


def test_article_past_its_closing_day_is_refused(client, article):
    discussion_settings_update(target=article, close_after_days=1)
    BlogPage.objects.filter(pk=article.pk).update(first_published_at="2000-01-01T00:00Z")
    assert_refused(send(client, form(article)), 403, "Comments are closed")

"""Bad input on the comment form: a clear 4xx message, the reader's text kept, nothing stored."""

import pytest
from django.test import Client
from django.urls import reverse

from blog.tests.factories import BlogPageFactory
from comments.models import TribuneComment
from comments.tests.helpers import comment_form_data, post_comment

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("trusting_policy")]

KEPT_TEXT = "My carefully argued point"


@pytest.fixture
def article():
    return BlogPageFactory()


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"comment": ""}, "Please write a comment."),
        ({"comment": "   \n  "}, "Please write a comment."),
        ({"comment": "<script></script>"}, "it is empty once markup is removed"),
        ({"name": "", "comment": KEPT_TEXT}, "Please enter your name."),
        ({"email": "", "comment": KEPT_TEXT}, "Please enter your email address."),
        ({"email": "not-an-email", "comment": KEPT_TEXT}, "Please enter a valid email address."),
        ({"url": "javascript:alert(1)", "comment": KEPT_TEXT}, "Enter a valid URL."),
        ({"name": "n" * 51, "comment": KEPT_TEXT}, "at most 50 characters"),
    ],
    ids=[
        "empty",
        "blank",
        "only-markup",
        "no-name",
        "no-email",
        "bad-email",
        "bad-url",
        "long-name",
    ],
)
def test_invalid_field_gets_400_with_message(client, article, fields, message):
    response = post_comment(client, article, **fields)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not TribuneComment.objects.exists()


def test_invalid_post_keeps_the_readers_text(client, article):
    response = post_comment(client, article, email="not-an-email", comment=KEPT_TEXT)
    assert f"{KEPT_TEXT}</textarea>" in response.content.decode()


def test_over_long_comment_is_refused_with_its_length(client, article, settings):
    text = "x" * (settings.TRIBUNE_COMMENT_MAX_LENGTH + 1)
    response = post_comment(client, article, comment=text)
    assert response.status_code == 400
    body = response.content.decode()
    assert f"{settings.TRIBUNE_COMMENT_MAX_LENGTH + 1} characters" in body
    assert text in body
    assert not TribuneComment.objects.exists()


def test_tampered_security_hash_offers_a_fresh_form_with_the_text(client, article):
    data = comment_form_data(article, comment=KEPT_TEXT)
    data["security_hash"] = "0" * 40
    response = client.post(reverse("comments-post"), data)
    assert response.status_code == 400
    body = response.content.decode()
    assert "expired or was changed" in body
    assert KEPT_TEXT in body
    assert not TribuneComment.objects.exists()


def test_missing_target_fields_are_refused_with_the_text(client):
    response = client.post(reverse("comments-post"), {"comment": KEPT_TEXT})
    assert response.status_code == 400
    assert KEPT_TEXT in response.content.decode()


def test_target_that_takes_no_comments_is_refused(client, article, django_user_model):
    user = django_user_model.objects.create_user("someone")
    data = comment_form_data(article)
    data.update(content_type="auth.user", object_pk=str(user.pk))
    response = client.post(reverse("comments-post"), data)
    assert response.status_code == 400
    assert "cannot be posted on this kind of page" in response.content.decode()


def test_unpublished_article_takes_no_comments(client, article):
    article.unpublish()
    response = post_comment(client, article)
    assert response.status_code == 400
    assert "Comments are closed" in response.content.decode()
    assert not TribuneComment.objects.exists()


def test_get_on_post_endpoint_says_how_to_comment(client):
    response = client.get(reverse("comments-post"))
    assert response.status_code == 405
    assert "form on the article page" in response.content.decode()


def test_missing_csrf_token_is_refused(article):
    csrf_client = Client(enforce_csrf_checks=True)
    response = post_comment(csrf_client, article)
    assert response.status_code == 403
    assert not TribuneComment.objects.exists()

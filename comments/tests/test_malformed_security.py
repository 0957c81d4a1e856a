"""The form's security fields tampered with (hash, timestamp, CSRF token): a 4xx that offers a
fresh form with the reader's text, nothing stored. See comments/tests/malformed.py."""

import time

import pytest
from django.test import Client

from blog.tests.factories import BlogPageFactory
from comments.models import TribuneComment
from comments.tests.helpers import security_hash
from comments.tests.malformed import EXPIRED, KEPT, assert_refused, form, send

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.usefixtures("trusting_policy", "no_email_confirmation"),
]


@pytest.mark.parametrize(
    "tamper",
    [
        lambda h: "0" * 40,
        lambda h: h.upper(),
        lambda h: h[:-1],
        lambda h: h + "0",
        lambda h: h[::-1],
        lambda h: "x" * 40,
    ],
    ids=["zeros", "uppercase", "too-short", "too-long", "reversed", "not-hex"],
)
def test_tampered_security_hash_is_refused(client, article, tamper):
    data = form(article)
    data["security_hash"] = tamper(data["security_hash"])
    assert_refused(send(client, data), 400, EXPIRED)


def test_form_moved_to_another_article_is_refused(client, article):
    other = BlogPageFactory()
    assert_refused(send(client, form(article, object_pk=other.pk)), 400, EXPIRED)


def test_expired_timestamp_with_a_correct_hash_is_refused(client, article, settings):
    rendered = int(time.time()) - settings.COMMENTS_TIMEOUT - 60
    data = form(article, timestamp=rendered, security_hash=security_hash(article, rendered))
    assert_refused(send(client, data), 400, EXPIRED)


@pytest.mark.parametrize(
    "timestamp",
    [
        str(int(time.time()) + 3600),
        str(int(time.time()) + 10 * 365 * 24 * 3600),
        "abc",
        "1e10",
        "1.5",
        "-1",
        "0",
        "9" * 30,
        "١٢٣",
    ],
    ids=["hour-ahead", "decade-ahead", "word", "exponent", "fraction", "negative", "zero",
         "huge", "arabic-digits"],
)  # fmt: skip
def test_future_or_garbage_timestamp_is_refused(client, article, timestamp):
    assert_refused(send(client, form(article, timestamp=timestamp)), 400, EXPIRED)


def test_future_timestamp_with_a_correct_hash_is_not_published(client, article):
    """Only a server can sign a timestamp, so this is clock skew or a stolen key: the
    comment must not be published at once (the too-fast rule treats it as spam)."""
    ahead = int(time.time()) + 3600
    response = send(
        client, form(article, timestamp=ahead, security_hash=security_hash(article, ahead))
    )
    assert response.status_code < 500
    assert not TribuneComment.objects.published().exists()


@pytest.mark.parametrize(
    "cookie_token, form_token",
    [(None, None), ("A" * 32, None), ("A" * 32, "B" * 32)],
    ids=["no-cookie-no-token", "cookie-without-token", "token-mismatch"],
)
def test_missing_or_wrong_csrf_token_is_refused(article, cookie_token, form_token):
    csrf_client = Client(enforce_csrf_checks=True)
    if cookie_token:
        csrf_client.cookies["csrftoken"] = cookie_token
    data = form(article)
    if form_token:
        data["csrfmiddlewaretoken"] = form_token
    assert_refused(send(csrf_client, data), 403, "CSRF verification failed", kept=None)


def test_csrf_refusal_hands_back_the_readers_text(article):
    response = send(Client(enforce_csrf_checks=True), form(article))
    assert response.status_code == 403
    assert KEPT in response.content.decode()

"""Bytes a misbehaving browser may send: null characters, invalid UTF-8, lone surrogates.
Each case is pinned to what it gets today: refused with a message, or stored as valid UTF-8
on a page that still renders. See comments/tests/malformed.py."""

import pytest

from comments.models import TribuneComment
from comments.tests.malformed import KEPT, assert_refused, form, send, send_raw, send_with_tail

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.usefixtures("trusting_policy", "no_email_confirmation"),
]


# Null characters: Django's form fields refuse them in every field.


@pytest.mark.parametrize(
    "fields",
    [
        {"name": "Rea\x00der"},
        {"comment": "Before\x00after"},
        {"url": "https://example.com/\x00"},
        {"email": "reader\x00@example.com"},
        {"name": "\x00"},
        {"comment": "\x00\x00\x00"},
    ],
    ids=["name", "comment", "url", "email", "name-only-nul", "comment-only-nul"],
)
def test_null_characters_are_refused(client, article, fields):
    response = send(client, form(article, **fields))
    kept = None if "comment" in fields else KEPT
    assert_refused(response, 400, "Null characters are not allowed.", kept=kept)


# Bytes that are not UTF-8: Django decodes a body with replacement characters, so the
# comment is stored; only the email field then fails its own validation.

STORED, REFUSED = 302, 400


def _assert_outcome(client, article, response, expected: int):
    """`expected` is REFUSED (a message, nothing stored) or STORED (valid UTF-8, on a page
    that still renders); returns the stored comment."""
    body = response.content.decode()
    assert response.status_code == expected, body[:2000]
    comments = list(TribuneComment.objects.all())
    if expected == REFUSED:
        assert 'role="alert"' in body
        assert comments == []
        return None
    (comment,) = comments
    for value in (comment.user_name, comment.user_url, comment.comment, comment.comment_html):
        value.encode("utf-8")  # no lone surrogates survived
    assert client.get(article.url).status_code == 200
    return comment


@pytest.mark.parametrize(
    ("tail", "expected"),
    [
        (b"comment=%FF%FE%ED%A0%80", STORED),
        (b"comment=ok%C0%AF%E0%80%80%F8%88%80%80%80", STORED),
        (b"name=%FF%FE", STORED),
        (b"name=Rea%ED%B0%80der", STORED),
        (b"email=reader%FF@example.com", REFUSED),
    ],
    ids=["comment", "overlong-sequences", "name", "name-surrogate", "email"],
)
def test_invalid_utf8_is_replaced_or_refused(client, article, tail, expected):
    response = send_with_tail(client, article, tail)
    comment = _assert_outcome(client, article, response, expected)
    if comment is not None:
        assert "\ufffd" in comment.comment + comment.user_name


def test_unescaped_bytes_in_a_form_body_are_read_as_latin_1(client, article):
    """A body that is not even URL-encoded is read as ISO-8859-1 by Django (a misbehaving
    user agent): mojibake, but stored clean."""
    response = send_with_tail(client, article, b"comment=\xff\xfe ok")
    comment = _assert_outcome(client, article, response, STORED)
    assert comment.comment == "\xff\xfe ok"


@pytest.mark.parametrize(
    "tail",
    [
        b"comment=lone%ED%A0%80high",
        b"comment=lone%ED%B0%80low",
        b"comment=%ED%A0%BD%ED%B8%80",  # a surrogate pair in CESU-8, not UTF-8
        b"name=%ED%A0%80",
        b"url=https://example.com/%ED%A0%80",
    ],
    ids=["high", "low", "cesu-pair", "name", "url"],
)
def test_lone_surrogates_are_replaced(client, article, tail):
    _assert_outcome(client, article, send_with_tail(client, article, tail), STORED)


def test_lone_surrogates_in_a_multipart_body_are_replaced(client, article):
    data = form(article)
    data["comment"] = "lone \ud800 surrogate"
    data["name"] = "Rea\udc00der"
    boundary = "BoUnDaRy"
    body = (
        b"".join(
            (
                f'--{boundary}\r\nContent-Disposition: form-data; name="{key}"\r\n\r\n{value}\r\n'
            ).encode("utf-8", "surrogatepass")
            for key, value in data.items()
        )
        + f"--{boundary}--\r\n".encode()
    )
    response = send_raw(client, body, f"multipart/form-data; boundary={boundary}")
    _assert_outcome(client, article, response, STORED)

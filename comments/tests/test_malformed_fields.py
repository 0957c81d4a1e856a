"""Malformed reader fields (missing, empty, invalid, too long): a 400 that says what is wrong,
the reader's text handed back, nothing stored. See comments/tests/malformed.py."""

import pytest

from comments.models import TribuneComment
from comments.tests.malformed import (
    BAD_EMAIL,
    EXPIRED,
    INCOMPLETE,
    KEPT,
    assert_refused,
    form,
    send,
)

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.usefixtures("trusting_policy", "no_email_confirmation"),
]


def _url_of_length(length: int) -> str:
    head = "https://example.com/"
    return head + "p" * (length - len(head))


def _email_of_length(length: int) -> str:
    """A syntactically valid address of exactly `length` characters (local part <= 64,
    DNS labels <= 63)."""
    local = "r" * 64
    labels, remaining = [], length - len(local) - 1 - len(".com")
    while remaining > 0:
        size = min(63, remaining) if remaining != 64 else 62
        labels.append("d" * size)
        remaining -= size + 1
    address = f"{local}@{'.'.join(labels)}.com"
    assert len(address) == length, (len(address), length)
    return address


# The baseline every refusal below differs from by one thing.


def test_the_unchanged_form_is_stored(client, article):
    response = send(client, form(article))
    assert response.status_code == 302
    assert TribuneComment.objects.get().comment == KEPT


# Missing and empty fields.

FIELD_MESSAGES = {
    "name": "Please enter your name.",
    "email": "Please enter your email address.",
    "comment": "Please write a comment.",
    "content_type": INCOMPLETE,
    "object_pk": INCOMPLETE,
    "timestamp": EXPIRED,
    "security_hash": EXPIRED,
}


@pytest.mark.parametrize(("field", "message"), FIELD_MESSAGES.items(), ids=FIELD_MESSAGES)
def test_missing_field_is_refused(client, article, field, message):
    response = send(client, form(article, without=[field]))
    assert_refused(response, 400, message, kept=None if field == "comment" else KEPT)


@pytest.mark.parametrize(("field", "message"), FIELD_MESSAGES.items(), ids=FIELD_MESSAGES)
def test_empty_field_is_refused(client, article, field, message):
    response = send(client, form(article, **{field: ""}))
    assert_refused(response, 400, message, kept=None if field == "comment" else KEPT)


def test_body_with_only_a_comment_is_refused_with_the_text(client):
    """Not the form at all, only the reader's text: the text still comes back."""
    response = send(client, {"comment": KEPT})
    assert response.status_code == 400
    assert KEPT in response.content.decode()


@pytest.mark.parametrize(
    "comment",
    ["   \n  ", "<script></script>"],
    ids=["blank", "only-markup"],
)
def test_comment_with_nothing_to_show_is_refused(client, article, comment):
    response = send(client, form(article, comment=comment))
    message = (
        "Please write a comment." if comment.isspace() else "it is empty once markup is removed"
    )
    assert_refused(response, 400, message, kept=None)


def test_refused_post_hands_the_text_back_in_the_form(client, article):
    response = send(client, form(article, email="not-an-email"))
    assert f"{KEPT}</textarea>" in response.content.decode()


# Field contents.


@pytest.mark.parametrize(
    "email",
    [
        "not-an-email",
        "reader@",
        "@example.com",
        "reader.example.com",
        "reader@@example.com",
        "reader@exam ple.com",
        "reader@example..com",
        "reader@-example.com",
        "read er@example.com",
        "reader@example.com\nBcc: victim@example.com",
    ],
)
def test_invalid_email_is_refused(client, article, email):
    assert_refused(send(client, form(article, email=email)), 400, BAD_EMAIL)


def test_website_that_is_not_a_web_address_is_refused(client, article):
    assert_refused(
        send(client, form(article, url="javascript:alert(1)")), 400, "Enter a valid URL."
    )


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"name": "n" * 51}, "Ensure this value has at most 50 characters (it has 51)."),
        ({"url": _url_of_length(201)}, "This is too long: 201 characters, where the limit is 200."),
        ({"url": _url_of_length(500)}, "This is too long: 500 characters, where the limit is 200."),
        ({"email": _email_of_length(255)}, "This is too long: 255 characters, where the limit is 254."),
        ({"email": _email_of_length(300)}, "This is too long: 300 characters, where the limit is 254."),
        ({"email": _email_of_length(320)}, "This is too long: 320 characters, where the limit is 254."),
    ],
    ids=["name-51", "url-201", "url-500", "email-255", "email-300", "email-320"],
)  # fmt: skip
def test_over_long_field_is_refused_with_its_limit(client, article, fields, message):
    assert_refused(send(client, form(article, **fields)), 400, message)


@pytest.mark.parametrize("length", [321, 400])
def test_email_longer_than_any_address_names_one_limit(client, article, length):
    """Past 320 characters Django's own checks also fail; the reader is still told the
    site's limit, not a second, contradicting one."""
    email = "r" * 64 + "@" + "d" * (length - 64 - 1 - 4) + ".com"
    response = send(client, form(article, email=email))
    assert_refused(response, 400, "where the limit is 254.")
    assert "the limit is 320" not in response.content.decode()


def test_boundary_lengths_are_accepted(client, article):
    """The limits above are exact: 50, 200 and 254 characters go through."""
    response = send(
        client,
        form(article, name="n" * 50, url=_url_of_length(200), email=_email_of_length(254)),
    )
    assert response.status_code == 302
    assert TribuneComment.objects.count() == 1


def test_comment_just_over_the_limit_is_refused(client, article, settings):
    limit = settings.TRIBUNE_COMMENT_MAX_LENGTH
    text = "word " * (limit // 5) + "x"
    response = send(client, form(article, comment=text))
    assert_refused(
        response, 400, f"Your comment is too long: {limit + 1} characters", kept=text.strip()
    )

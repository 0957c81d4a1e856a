"""Bodies the form never sends: other methods, JSON, huge or over-full bodies, tags nested ten
thousand deep. Refused with a message, or stored flat; never a server error.
See comments/tests/malformed.py."""

import re
from urllib.parse import urlencode

import pytest
from django.test.client import MULTIPART_CONTENT, encode_multipart

from comments.models import TribuneComment
from comments.tests.html_safety import parse_fragment
from comments.tests.malformed import (
    INCOMPLETE,
    POST_URL,
    assert_no_stack_trace,
    assert_refused,
    form,
    send,
    send_raw,
)

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.usefixtures("trusting_policy", "no_email_confirmation"),
]


@pytest.mark.parametrize("method", ["get", "put", "patch", "delete"])
def test_other_methods_are_refused(client, method):
    response = getattr(client, method)(POST_URL)
    assert response.status_code == 405
    assert response["Allow"] == "POST"
    assert "Comments are posted with the form on the article page." in response.content.decode()


def test_json_body_is_refused_with_a_message(client, article):
    response = client.post(POST_URL, form(article), content_type="application/json")
    assert_refused(response, 400, INCOMPLETE, kept=None)


def test_multipart_body_with_a_one_megabyte_comment_is_refused(client, article):
    text = "a" * (1024 * 1024)
    body = encode_multipart("BoUnDaRy", form(article, comment=text))
    response = send_raw(client, body, "multipart/form-data; boundary=BoUnDaRy")
    assert_refused(response, 400, f"Your comment is too long: {len(text)} characters", kept=None)


def assert_says_too_much(response, status: int = 400):
    """Refused before any view runs; the page must still say why."""
    assert response.status_code == status
    body = response.content.decode()
    assert re.search(r"too (long|large|big|many)", body, re.IGNORECASE), body[:2000]
    assert_no_stack_trace(body)
    assert not TribuneComment.objects.exists()


def test_body_over_the_upload_limit_is_refused_with_a_message(client, article, settings):
    """A body over DATA_UPLOAD_MAX_MEMORY_SIZE never reaches the form; the reader must
    still learn what went wrong."""
    text = "a" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1)
    response = client.post(POST_URL, form(article, comment=text), content_type=MULTIPART_CONTENT)
    assert_says_too_much(response, status=413)


def test_too_many_fields_are_refused_with_a_message(client, article, settings):
    data = form(article)
    data.update({f"extra{i}": "x" for i in range(settings.DATA_UPLOAD_MAX_NUMBER_FIELDS + 1)})
    response = send_raw(client, urlencode(data).encode(), "application/x-www-form-urlencoded")
    assert_says_too_much(response)


# Hostile text: stored (clean) or refused, never a server error.


def _max_depth(element, depth: int = 0) -> int:
    children = list(element)
    return depth if not children else max(_max_depth(child, depth + 1) for child in children)


@pytest.mark.parametrize("tag", ["<b>", "<div>", "<blockquote>", "<a href='https://x'>"])
def test_ten_thousand_nested_tags_over_the_length_limit_are_refused(client, article, tag):
    text = tag * 10_000
    response = send(client, form(article, comment=text))
    assert_refused(response, 400, "Your comment is too long", kept=None)


@pytest.mark.parametrize(
    ("tag", "expected"),
    [
        ("<b>", 302),
        ("<div>", 302),
        # 10,000 copies of these are longer than the raised limit too: refused as too long.
        ("<blockquote>", 400),
        ("<a href='https://x'>", 400),
    ],
)
def test_ten_thousand_nested_tags_within_the_limit_are_stored_flat(
    client, article, settings, tag, expected
):
    settings.TRIBUNE_COMMENT_MAX_LENGTH = 100_000
    text = "deep " + tag * 10_000 + " end"
    response = send(client, form(article, comment=text))
    if expected == 400:
        assert_refused(response, 400, "Your comment is too long", kept=None)
        return
    assert response.status_code == 302
    comment = TribuneComment.objects.get()
    fragment = parse_fragment(comment.comment_html)
    assert _max_depth(fragment) <= 3, "the stored HTML nests the submitted tags"
    page = client.get(article.url)
    assert page.status_code == 200

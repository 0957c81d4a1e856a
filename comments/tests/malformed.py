"""What the test_malformed_*.py files share: the reader's text, the messages a reader reads,
and what a refusal must look like.

Each of those files posts the real form with one thing wrong: the post is refused with a 4xx
and a message a reader can act on (never a stack trace), and nothing is stored. Inputs that a
browser can legitimately send (null bytes, invalid UTF-8, bidi controls, homoglyphs, emoji)
may instead be stored, but then they must be stored clean and rendered safely.
"""

from urllib.parse import urlencode

from comments.models import TribuneComment
from comments.tests.helpers import comment_form_data

POST_URL = "/comments/post/"
USER_AGENT = "Mozilla/5.0 (test)"
KEPT = "My carefully argued point"

# Messages, as the reader reads them.
INCOMPLETE = "This comment form is incomplete. Please reload the article and try again."
WRONG_KIND = "Comments cannot be posted on this kind of page."
NO_ARTICLE = "The article you are commenting on does not exist."
CLOSED = "Comments are closed on this article."
EXPIRED = "This comment form has expired or was changed."
NO_PARENT = "The comment you are replying to does not exist on this article any more."
TOO_DEEP = "This thread is as deep as it can go; reply to an earlier comment instead."
BAD_EMAIL = "Please enter a valid email address."

# What a server error page or a debug page would show; a refusal never does.
STACK_TRACE_MARKERS = ("Traceback", "Server Error", 'File "/', "Exception Value")


def form(article, **fields) -> dict:
    """The article's rendered form with the reader's text (KEPT), `fields` changed; pass
    without=[...] to leave fields out."""
    return comment_form_data(article, **{"comment": KEPT, **fields})


def send(client, data: dict):
    return client.post(POST_URL, data, HTTP_USER_AGENT=USER_AGENT)


def send_raw(client, body: bytes, content_type: str):
    """POST bytes as they are: the test client's own encoding would refuse some of them."""
    return client.generic(
        "POST", POST_URL, body, content_type=content_type, HTTP_USER_AGENT=USER_AGENT
    )


def send_with_tail(client, article, tail: bytes, **fields):
    """POST the article's form as raw bytes, with `tail` appended (it can hold bytes that
    are not UTF-8). The appended field comes last, so it is the value the form reads."""
    body = urlencode(form(article, **fields)).encode("ascii") + b"&" + tail
    return send_raw(client, body, "application/x-www-form-urlencoded")


def assert_refused(response, status: int, message: str, *, kept: str | None = KEPT):
    """A 4xx that says `message` in plain words (and hands back the reader's text); no row."""
    body = response.content.decode()
    assert response.status_code == status, body[:2000]
    assert message in body, body[:2000]
    assert_no_stack_trace(body)
    if kept is not None:
        assert kept in body, "the reader's text is not handed back"
    assert TribuneComment.objects.count() == 0


def assert_no_stack_trace(body: str) -> None:
    for marker in STACK_TRACE_MARKERS:
        assert marker not in body

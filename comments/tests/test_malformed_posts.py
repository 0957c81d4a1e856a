"""Malformed posts to the comment endpoint, one behaviour per test: each is refused with a
4xx and a message a reader can act on (never a stack trace), and nothing is stored.

Inputs that a browser can legitimately send (null bytes, invalid UTF-8, bidi controls,
homoglyphs, emoji) may instead be stored, but then they must be stored clean and rendered
safely. test_bad_input.py holds the first few of these cases; this file covers the rest.
"""

import re
import time
from urllib.parse import urlencode, urlsplit

import html5lib
import pytest
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.test.client import MULTIPART_CONTENT, encode_multipart
from wagtail.models import Page, PageViewRestriction

from blog.models import BlogIndexPage, BlogPage
from blog.tests.factories import BlogIndexPageFactory, BlogPageFactory
from comments.forms import TribuneCommentForm
from comments.models import Status, TribuneComment
from comments.tests.factories import CommentFactory
from comments.tests.helpers import comment_form_data, set_policy

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("trusting_policy")]

POST_URL = "/comments/post/"
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


@pytest.fixture(autouse=True)
def _published_at_once(settings):
    """No email confirmation: a post that gets through is stored (and shown) at once."""
    settings.COMMENTS_XTD_CONFIRM_EMAIL = False


@pytest.fixture
def article():
    return BlogPageFactory()


@pytest.fixture
def client():
    return Client(HTTP_USER_AGENT="Mozilla/5.0 (test)")


def _send(client, data: dict):
    return client.post(POST_URL, data)


def _form(article, *, drop=(), **fields) -> dict:
    """The article's valid form body, with `fields` changed and the `drop` keys left out."""
    data = comment_form_data(article, **{"comment": KEPT, **fields})
    for key in drop:
        data.pop(key)
    return data


def assert_refused(response, status: int, message: str, *, kept: str | None = KEPT):
    """A 4xx that says `message` in plain words (and hands back the reader's text); no row."""
    body = response.content.decode()
    assert response.status_code == status, body[:2000]
    assert message in body, body[:2000]
    for marker in STACK_TRACE_MARKERS:
        assert marker not in body
    if kept is not None:
        assert kept in body, "the reader's text is not handed back"
    assert TribuneComment.objects.count() == 0


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
    response = _send(client, _form(article))
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
    response = _send(client, _form(article, drop=[field]))
    assert_refused(response, 400, message, kept=None if field == "comment" else KEPT)


@pytest.mark.parametrize(("field", "message"), FIELD_MESSAGES.items(), ids=FIELD_MESSAGES)
def test_empty_field_is_refused(client, article, field, message):
    response = _send(client, _form(article, **{field: ""}))
    assert_refused(response, 400, message, kept=None if field == "comment" else KEPT)


# Field contents.


@pytest.mark.parametrize(
    "email",
    [
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
    assert_refused(_send(client, _form(article, email=email)), 400, BAD_EMAIL)


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
    assert_refused(_send(client, _form(article, **fields)), 400, message)


@pytest.mark.parametrize("length", [321, 400])
def test_email_longer_than_any_address_names_one_limit(client, article, length):
    """Past 320 characters Django's own checks also fail; the reader is still told the
    site's limit, not a second, contradicting one."""
    email = "r" * 64 + "@" + "d" * (length - 64 - 1 - 4) + ".com"
    response = _send(client, _form(article, email=email))
    assert_refused(response, 400, "where the limit is 254.")
    assert "the limit is 320" not in response.content.decode()


def test_boundary_lengths_are_accepted(client, article):
    """The limits above are exact: 50, 200 and 254 characters go through."""
    response = _send(
        client,
        _form(article, name="n" * 50, url=_url_of_length(200), email=_email_of_length(254)),
    )
    assert response.status_code == 302
    assert TribuneComment.objects.count() == 1


def test_comment_just_over_the_limit_is_refused(client, article, settings):
    limit = settings.TRIBUNE_COMMENT_MAX_LENGTH
    text = "word " * (limit // 5) + "x"
    response = _send(client, _form(article, comment=text))
    assert_refused(
        response, 400, f"Your comment is too long: {limit + 1} characters", kept=text.strip()
    )


# The security fields: hash, timestamp, CSRF.


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
    data = _form(article)
    data["security_hash"] = tamper(data["security_hash"])
    assert_refused(_send(client, data), 400, EXPIRED)


def test_form_moved_to_another_article_is_refused(client, article):
    other = BlogPageFactory()
    data = _form(article, object_pk=other.pk)
    assert_refused(_send(client, data), 400, EXPIRED)


def test_expired_timestamp_with_a_correct_hash_is_refused(client, article, settings):
    rendered = int(time.time()) - settings.COMMENTS_TIMEOUT - 60
    data = _form(article)
    data["timestamp"] = str(rendered)
    data["security_hash"] = TribuneCommentForm(article).initial_security_hash(rendered)
    assert_refused(_send(client, data), 400, EXPIRED)


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
    data = _form(article)
    data["timestamp"] = timestamp
    assert_refused(_send(client, data), 400, EXPIRED)


def test_future_timestamp_with_a_correct_hash_is_not_published(client, article):
    """Only a server can sign a timestamp, so this is clock skew or a stolen key: the
    comment must not be published at once (the too-fast rule treats it as spam)."""
    ahead = int(time.time()) + 3600
    data = _form(article)
    data["timestamp"] = str(ahead)
    data["security_hash"] = TribuneCommentForm(article).initial_security_hash(ahead)
    response = _send(client, data)
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
    data = _form(article)
    if form_token:
        data["csrfmiddlewaretoken"] = form_token
    response = _send(csrf_client, data)
    assert_refused(response, 403, "CSRF verification failed", kept=None)


def test_csrf_refusal_hands_back_the_readers_text(article):
    response = _send(Client(enforce_csrf_checks=True), _form(article))
    assert response.status_code == 403
    assert KEPT in response.content.decode()


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
    response = _send(client, _form(article, reply_to=parent_id))
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
    response = _send(client, _form(article, reply_to=reply_to))
    assert response.status_code == 400
    body = response.content.decode()
    assert message in body and KEPT in body
    assert TribuneComment.objects.count() == before


def test_reply_beyond_the_depth_limit_is_refused(client, article, comments):
    set_policy(max_thread_depth=1)
    before = TribuneComment.objects.count()
    response = _send(client, _form(article, reply_to=comments["reply"].pk))
    assert response.status_code == 400
    body = response.content.decode()
    assert TOO_DEEP in body and KEPT in body
    assert TribuneComment.objects.count() == before


def test_reply_within_the_depth_limit_is_stored(client, article, comments):
    set_policy(max_thread_depth=1, flood_max_comments=0)
    before = TribuneComment.objects.count()
    response = _send(client, _form(article, reply_to=comments["top"].pk))
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
    data = _form(article, content_type=content_type, object_pk=object_pk)
    response = _send(client, data)
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
    response = _send(client, _form(article, content_type=content_type))
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
    assert_refused(_send(client, _form(article, object_pk=object_pk)), 400, NO_ARTICLE)


def test_page_that_is_not_an_article_is_refused(client, article):
    index = BlogIndexPage.objects.get()
    assert_refused(_send(client, _form(article, object_pk=index.pk)), 400, NO_ARTICLE)


def test_deleted_article_is_refused(client, article):
    data = _form(article)
    article.delete()
    assert_refused(_send(client, data), 400, NO_ARTICLE)


def test_never_published_draft_is_refused(client):
    index = BlogIndexPageFactory()
    draft = index.add_child(instance=BlogPage(title="Draft", slug="draft", live=False))
    assert_refused(_send(client, _form(draft)), 400, CLOSED)


def test_unpublished_article_is_refused(client, article):
    data = _form(article)
    article.unpublish()
    assert_refused(_send(client, data), 400, CLOSED)


@pytest.mark.parametrize("restriction", ["password", "login", "groups"])
def test_private_article_is_refused(client, article, restriction):
    restricted = PageViewRestriction.objects.create(
        page=article, restriction_type=restriction, password="x"
    )
    if restriction == "groups":
        restricted.groups.add(Group.objects.create(name="Subscribers"))
    assert_refused(_send(client, _form(article)), 400, CLOSED)


def test_article_under_a_private_section_is_refused(client, article):
    PageViewRestriction.objects.create(
        page=article.get_parent(), restriction_type="password", password="x"
    )
    assert_refused(_send(client, _form(article)), 400, CLOSED)


def test_article_with_comments_closed_is_refused(client, article):
    article.comment_policy = "closed"
    article.save_revision().publish()
    assert_refused(_send(client, _form(article)), 403, "Comments are closed")


def test_site_with_comments_closed_is_refused(client, article):
    set_policy(default_policy="closed")
    assert_refused(_send(client, _form(article)), 403, "Comments are closed")


def test_article_past_its_closing_day_is_refused(client, article):
    article.comments_close_after_days = 1
    article.save_revision().publish()
    BlogPage.objects.filter(pk=article.pk).update(first_published_at="2000-01-01T00:00Z")
    assert_refused(_send(client, _form(article)), 403, "Comments are closed")


# Methods and bodies.


@pytest.mark.parametrize("method", ["get", "put", "patch", "delete"])
def test_other_methods_are_refused(client, method):
    response = getattr(client, method)(POST_URL)
    assert response.status_code == 405
    assert response["Allow"] == "POST"
    assert "Comments are posted with the form on the article page." in response.content.decode()


def test_json_body_is_refused_with_a_message(client, article):
    response = client.post(POST_URL, _form(article), content_type="application/json")
    assert_refused(response, 400, INCOMPLETE, kept=None)


def test_multipart_body_with_a_one_megabyte_comment_is_refused(client, article):
    text = "a" * (1024 * 1024)
    body = encode_multipart("BoUnDaRy", _form(article, comment=text))
    response = client.generic(
        "POST", POST_URL, body, content_type="multipart/form-data; boundary=BoUnDaRy"
    )
    assert_refused(response, 400, f"Your comment is too long: {len(text)} characters", kept=None)


def assert_says_too_much(response, status: int = 400):
    """Refused before any view runs; the page must still say why."""
    assert response.status_code == status
    body = response.content.decode()
    assert re.search(r"too (long|large|big|many)", body, re.IGNORECASE), body[:2000]
    for marker in STACK_TRACE_MARKERS:
        assert marker not in body
    assert not TribuneComment.objects.exists()


def test_body_over_the_upload_limit_is_refused_with_a_message(client, article, settings):
    """A body over DATA_UPLOAD_MAX_MEMORY_SIZE never reaches the form; the reader must
    still learn what went wrong."""
    text = "a" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1)
    response = client.post(POST_URL, _form(article, comment=text), content_type=MULTIPART_CONTENT)
    assert_says_too_much(response, status=413)


def test_too_many_fields_are_refused_with_a_message(client, article, settings):
    data = _form(article)
    data.update({f"extra{i}": "x" for i in range(settings.DATA_UPLOAD_MAX_NUMBER_FIELDS + 1)})
    response = client.generic(
        "POST", POST_URL, urlencode(data), content_type="application/x-www-form-urlencoded"
    )
    assert_says_too_much(response)


# Hostile text: stored (clean) or refused, never a server error.


def _max_depth(element, depth: int = 0) -> int:
    children = list(element)
    return depth if not children else max(_max_depth(child, depth + 1) for child in children)


@pytest.mark.parametrize("tag", ["<b>", "<div>", "<blockquote>", "<a href='https://x'>"])
def test_ten_thousand_nested_tags_over_the_length_limit_are_refused(client, article, tag):
    text = tag * 10_000
    response = _send(client, _form(article, comment=text))
    assert_refused(response, 400, "Your comment is too long", kept=None)


@pytest.mark.parametrize("tag", ["<b>", "<div>", "<blockquote>", "<a href='https://x'>"])
def test_ten_thousand_nested_tags_within_the_limit_are_stored_flat(client, article, settings, tag):
    settings.TRIBUNE_COMMENT_MAX_LENGTH = 100_000
    text = "deep " + tag * 10_000 + " end"
    response = _send(client, _form(article, comment=text))
    assert 300 <= response.status_code < 500
    comment = TribuneComment.objects.first()
    if response.status_code >= 400:
        assert comment is None
        return
    fragment = html5lib.parseFragment(
        comment.comment_html, treebuilder="etree", namespaceHTMLElements=False
    )
    assert _max_depth(fragment) <= 3, "the stored HTML nests the submitted tags"
    page = client.get(article.url)
    assert page.status_code == 200


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
def test_null_bytes_are_refused_or_removed(client, article, fields):
    response = _send(client, _form(article, **fields))
    assert response.status_code in {302, 400}
    if response.status_code == 400:
        kept = None if "comment" in fields else KEPT
        assert_refused(response, 400, "Null characters are not allowed.", kept=kept)
    else:
        comment = TribuneComment.objects.get()
        for value in (comment.user_name, comment.user_email, comment.user_url, comment.comment):
            assert "\x00" not in value


def _raw_post(client, article, tail: bytes, **fields):
    """POST the article's form as raw bytes, with `tail` appended (it can hold bytes that
    are not UTF-8, which the test client would otherwise refuse to send)."""
    data = _form(article, **fields)
    body = urlencode(data).encode("ascii") + b"&" + tail
    return client.generic("POST", POST_URL, body, content_type="application/x-www-form-urlencoded")


def _assert_stored_clean_or_refused(client, article, response):
    """Refused with a message, or stored as valid UTF-8 on a page that still renders."""
    body = response.content.decode()
    assert response.status_code in {302, 400}, body[:2000]
    comments = list(TribuneComment.objects.all())
    if response.status_code == 400:
        assert 'role="alert"' in body
        assert comments == []
        return None
    (comment,) = comments
    for value in (comment.user_name, comment.user_url, comment.comment, comment.comment_html):
        value.encode("utf-8")  # no lone surrogates survived
    assert client.get(article.url).status_code == 200
    return comment


@pytest.mark.parametrize(
    "tail",
    [
        b"comment=%FF%FE%ED%A0%80",
        b"comment=ok%C0%AF%E0%80%80%F8%88%80%80%80",
        b"name=%FF%FE",
        b"name=Rea%ED%B0%80der",
        b"email=reader%FF@example.com",
    ],
    ids=["comment", "overlong-sequences", "name", "name-surrogate", "email"],
)
def test_invalid_utf8_is_refused_or_replaced(client, article, tail):
    # The appended field comes last, so it is the value the form reads.
    comment = _assert_stored_clean_or_refused(client, article, _raw_post(client, article, tail))
    if comment is not None:
        assert "\ufffd" in comment.comment + comment.user_name


def test_unescaped_bytes_in_a_form_body_are_read_as_latin_1(client, article):
    """A body that is not even URL-encoded is read as ISO-8859-1 by Django (a misbehaving
    user agent): mojibake, but stored clean."""
    response = _raw_post(client, article, b"comment=\xff\xfe ok")
    comment = _assert_stored_clean_or_refused(client, article, response)
    assert comment is None or comment.comment == "\xff\xfe ok"


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
def test_lone_surrogates_are_refused_or_replaced(client, article, tail):
    _assert_stored_clean_or_refused(client, article, _raw_post(client, article, tail))


def test_lone_surrogates_in_a_multipart_body_are_refused_or_replaced(client, article):
    data = _form(article)
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
    response = client.generic(
        "POST", POST_URL, body, content_type=f"multipart/form-data; boundary={boundary}"
    )
    _assert_stored_clean_or_refused(client, article, response)


# Names and links that look like something else: stored and shown safely, or refused.

BIDI_CONTROLS = set("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f")
ZERO_WIDTH = set("\u200b\u200c\u200d\u2060\ufeff")


def _without(text: str, characters: set) -> str:
    return "".join(ch for ch in text if ch not in characters)


def _document(client, article):
    page = client.get(article.url)
    assert page.status_code == 200
    return html5lib.parse(page.content, treebuilder="etree", namespaceHTMLElements=False)


def _authors(document):
    return [
        node
        for node in document.iter("span")
        if "comment-author" in (node.get("class") or "").split()
    ]


def _text(node) -> str:
    return "".join(node.itertext())


def _isolated(node, parents: dict) -> bool:
    """Inside a <bdi> or an element with a dir attribute, a bidi control cannot reorder
    the text around it (HTML gives those unicode-bidi: isolate)."""
    while node is not None:
        if node.tag == "bdi" or node.get("dir"):
            return True
        node = parents.get(node)
    return False


def _post_name(client, article, name: str, **fields):
    response = _send(client, _form(article, name=name, **fields))
    assert response.status_code in {302, 400}, response.content.decode()[:2000]
    if response.status_code == 400:
        assert "Please enter your name." in response.content.decode()
        assert not TribuneComment.objects.exists()
        return None
    return TribuneComment.objects.get()


@pytest.mark.parametrize(
    "name",
    ["Reader\u202e", "\u202eredaeR", "Admin\u202e\u2066", "Reader\u2067"],
    ids=["trailing-rlo", "leading-rlo", "rlo-and-isolate", "unclosed-isolate"],
)
def test_right_to_left_override_in_a_name_cannot_reorder_the_page(client, article, name):
    comment = _post_name(client, article, name)
    if comment is None:
        return
    document = _document(client, article)
    parents = {child: parent for parent in document.iter() for child in parent}
    (author,) = _authors(document)
    assert list(author) == [], "the name is not plain text"
    shown = _text(author)
    assert _without(shown, BIDI_CONTROLS) == _without(name, BIDI_CONTROLS)
    leaks = BIDI_CONTROLS.intersection(shown)
    assert not leaks or _isolated(author, parents), (
        f"the name {shown!r} carries bidi controls into the comment's byline unisolated"
    )


@pytest.mark.parametrize(
    "name",
    ["Rea\u200bder", "Re\u200dader\ufeff", "\u2060Reader"],
    ids=["zero-width-space", "zero-width-joiner-and-bom", "word-joiner"],
)
def test_zero_width_characters_inside_a_name_are_stored_and_escaped(client, article, name):
    comment = _post_name(client, article, name)
    if comment is None:
        return
    (author,) = _authors(_document(client, article))
    assert list(author) == []
    assert _text(author) in {name, _without(name, ZERO_WIDTH)}


@pytest.mark.parametrize(
    "name",
    ["\u200b", "\u200b\u200c\u200d\u2060\ufeff", "\u202e", "\u00ad\u180e"],
    ids=["zero-width-space", "zero-width-mix", "bidi-override", "soft-hyphen"],
)
def test_name_made_only_of_invisible_characters_is_refused(client, article, name):
    """A name nobody can see is no name: it reads as an anonymous comment."""
    response = _send(client, _form(article, name=name))
    assert_refused(response, 400, "Please enter your name.")


@pytest.mark.parametrize(
    "text", ["\u200b", "\u200b\u200c\u200d\u2060\ufeff", "\u202e\u202c"],
    ids=["zero-width-space", "zero-width-mix", "bidi-controls"],
)  # fmt: skip
def test_comment_made_only_of_invisible_characters_is_refused(client, article, text):
    response = _send(client, _form(article, comment=text))
    assert_refused(response, 400, "Please write a comment", kept=None)


def _punycoded(url: str) -> str:
    parts = urlsplit(url)
    return parts._replace(netloc=parts.hostname.encode("idna").decode("ascii")).geturl()


@pytest.mark.parametrize(
    "url",
    ["https://\u0430pple.com", "https://xn--pple-43d.com/", "https://p\u0430ypal.com/login"],
    ids=["cyrillic-a", "punycode", "cyrillic-a-with-path"],
)
def test_homoglyph_website_is_stored_and_linked_safely(client, article, url):
    response = _send(client, _form(article, url=url))
    assert response.status_code in {302, 400}
    if response.status_code == 400:
        assert "Website" in response.content.decode()
        assert not TribuneComment.objects.exists()
        return
    (author,) = _authors(_document(client, article))
    (link,) = author.iter("a")
    assert link.get("href") in {url, _punycoded(url)}
    assert "nofollow" in link.get("rel").split()
    assert _text(link) == "Reader"


def test_emoji_in_name_and_text_are_stored_and_shown(client, article):
    name = "Zoë 🦊👩🏽‍💻"
    text = "Great piece 👍🏿 🇫🇷 — 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 & more"
    response = _send(client, _form(article, name=name, comment=text))
    assert response.status_code == 302
    comment = TribuneComment.objects.get()
    assert (comment.user_name, comment.comment) == (name, text)
    document = _document(client, article)
    (author,) = _authors(document)
    assert _text(author) == name
    contents = [
        _text(node)
        for node in document.iter()
        if "comment-content" in (node.get("class") or "").split()
    ]
    assert contents == [text]


def test_name_with_markup_is_shown_as_text(client, article):
    name = '<b onclick="x">R</b>&amp;'
    comment = _post_name(client, article, name)
    assert comment is not None
    (author,) = _authors(_document(client, article))
    assert _text(author) == name
    assert list(author) == []

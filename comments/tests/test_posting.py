"""Posting through the real comment endpoint: anonymous with confirmation, signed in, replies."""

import re
import zlib

import pytest
from django.contrib.auth import get_user_model
from django.core import mail, signing
from django.test import Client

from comments.models import Status, TribuneComment
from comments.tests.factories import CommentFactory
from comments.tests.helpers import comment_form_data, post_comment, set_policy

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("trusting_policy")]


@pytest.fixture
def client():
    return Client(enforce_csrf_checks=False)


def _confirmation_path(message) -> str:
    return re.search(r"http://testserver(/comments/confirm/\S+/)", message.body).group(1)


def test_anonymous_comment_waits_for_email_confirmation(
    client, article, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = post_comment(client, article, comment="First!")
    assert response.status_code == 302
    assert response["Location"].startswith("/comments/posted/")
    comment = TribuneComment.objects.get()
    assert comment.status == Status.UNCONFIRMED and not comment.is_public
    assert "First!" not in client.get(article.url).content.decode()
    assert mail.outbox[0].to == ["reader@example.com"]


def test_posted_page_asks_reader_to_check_email(client, article):
    response = post_comment(client, article)
    page = client.get(response["Location"])
    assert "please confirm your comment" in page.content.decode()


def test_confirmation_link_publishes_comment(client, article, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        post_comment(client, article, comment="Confirmed words")
    response = client.post(_confirmation_path(mail.outbox[0]))
    comment = TribuneComment.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"{article.url}#c{comment.pk}"
    assert "Confirmed words" in client.get(article.url).content.decode()


def test_confirmation_link_twice_publishes_once(
    client, article, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        post_comment(client, article)
    path = _confirmation_path(mail.outbox[0])
    client.post(path)
    second = client.post(path)
    assert second.status_code == 302
    assert TribuneComment.objects.published().count() == 1


def test_tampered_confirmation_link_is_refused(client, article, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        post_comment(client, article)
    path = _confirmation_path(mail.outbox[0])
    response = client.get(path[:-3] + "xx/")
    assert response.status_code == 400
    assert "not valid" in response.content.decode()
    assert not TribuneComment.objects.published().exists()


def test_expired_confirmation_link_is_refused(
    client, article, settings, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        post_comment(client, article)
    settings.TRIBUNE_CONFIRMATION_MAX_AGE = -1
    response = client.post(_confirmation_path(mail.outbox[0]))
    assert response.status_code == 400
    assert "expired" in response.content.decode()


@pytest.mark.usefixtures("no_email_confirmation")
def test_without_confirmation_setting_anonymous_comment_publishes(client, article):
    response = post_comment(client, article, comment="Straight in")
    comment = TribuneComment.objects.get()
    assert response["Location"] == f"/c/{comment.pk}/"
    assert client.get(response["Location"])["Location"] == f"{article.url}#c{comment.pk}"
    assert comment.is_public


def test_signed_in_reader_posts_directly(client, article):
    user = get_user_model().objects.create_user("ada", "ada@example.com", "pw", first_name="Ada")
    client.force_login(user)
    post_comment(client, article, name="", email="", comment="Signed in words")
    comment = TribuneComment.objects.get()
    assert comment.is_public and comment.user == user
    assert comment.user_name == "Ada" and comment.user_email == "ada@example.com"
    assert "Signed in words" in client.get(article.url).content.decode()


@pytest.mark.usefixtures("no_email_confirmation")
def test_comment_stores_raw_text_and_sanitized_html(client, article):
    post_comment(client, article, comment="Hi <script>x()</script>\nsee https://example.org")
    comment = TribuneComment.objects.get()
    assert comment.comment == "Hi <script>x()</script>\nsee https://example.org"
    assert "<script" not in comment.comment_html
    assert 'href="https://example.org" rel="nofollow ugc noopener"' in comment.comment_html


@pytest.mark.usefixtures("no_email_confirmation")
def test_reply_nests_under_parent(client, article):
    urs = CommentFactory(content_object=article, user_name="Urs")
    post_comment(client, article, reply_to=urs.pk, comment="A reply to Urs")
    reply = TribuneComment.objects.exclude(pk=urs.pk).get()
    assert (reply.parent_id, reply.thread_id, reply.level) == (urs.pk, urs.pk, 1)
    html = client.get(article.url).content.decode()
    urs_item = html[html.index(f'id="c{urs.pk}"') :]
    assert urs_item.index('<ol class="children">') < urs_item.index("A reply to Urs")
    assert "2 Comments" in html


def test_replies_keep_thread_order(article):
    first = CommentFactory(content_object=article)
    second = CommentFactory(content_object=article)
    reply_to_first = CommentFactory(parent=first)
    reply_to_reply = CommentFactory(parent=reply_to_first)
    late_reply_to_first = CommentFactory(parent=first)
    ordered = list(TribuneComment.objects.for_target(article).in_thread_order())
    assert ordered == [first, reply_to_first, reply_to_reply, late_reply_to_first, second]
    first.refresh_from_db()
    assert first.nested_count == 3


@pytest.mark.usefixtures("no_email_confirmation")
def test_reply_beyond_depth_limit_is_refused(client, article):
    set_policy(max_thread_depth=2)
    deepest = CommentFactory(parent=CommentFactory(parent=CommentFactory(content_object=article)))
    response = post_comment(client, article, reply_to=deepest.pk, comment="Too deep")
    assert response.status_code == 400
    assert "as deep as it can go" in response.content.decode()
    assert not TribuneComment.objects.filter(comment="Too deep").exists()


def test_reply_link_hidden_at_depth_limit(client, article, settings):
    set_policy(max_thread_depth=1)
    top = CommentFactory(content_object=article)
    reply = CommentFactory(parent=top)
    html = client.get(article.url).content.decode()
    assert f'href="/comments/reply/{top.pk}/"' in html
    assert f'href="/comments/reply/{reply.pk}/"' not in html


@pytest.mark.usefixtures("no_email_confirmation")
def test_reply_to_comment_of_another_article_is_refused(client, article):
    elsewhere = CommentFactory()
    response = post_comment(client, article, reply_to=elsewhere.pk)
    assert response.status_code == 400
    assert "does not exist on this article" in response.content.decode()
    assert TribuneComment.objects.count() == 1


def test_reply_page_without_javascript_shows_parent_and_form(client, article):
    urs = CommentFactory(content_object=article, user_name="Urs", comment="Original point")
    html = client.get(f"/comments/reply/{urs.pk}/").content.decode()
    assert "Reply to Urs" in html
    assert "Original point" in html
    assert f'name="reply_to" value="{urs.pk}"' in html


def test_heading_counts(client, article):
    assert "No comments yet" in client.get(article.url).content.decode()
    CommentFactory(content_object=article)
    CommentFactory(content_object=article)
    assert "2 Comments" in client.get(article.url).content.decode()


@pytest.mark.usefixtures("no_email_confirmation")
def test_followers_are_notified_of_a_new_public_comment(
    client, article, django_capture_on_commit_callbacks
):
    CommentFactory(content_object=article, user_email="follower@example.com", followup=True)
    CommentFactory(content_object=article, user_email="quiet@example.com", followup=False)
    with django_capture_on_commit_callbacks(execute=True):
        post_comment(client, article, comment="News for followers")
    assert [m.to for m in mail.outbox] == [["follower@example.com"]]
    assert "News for followers" in mail.outbox[0].body


@pytest.mark.usefixtures("no_email_confirmation")
def test_mute_link_stops_followup_emails(client, article, django_capture_on_commit_callbacks):
    CommentFactory(content_object=article, user_email="follower@example.com", followup=True)
    with django_capture_on_commit_callbacks(execute=True):
        post_comment(client, article)
    mute_path = re.search(r"http://testserver(/comments/mute/\S+/)", mail.outbox[0].body).group(1)
    assert client.post(mute_path).status_code == 200
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        post_comment(client, article, comment="Another one")
    assert mail.outbox == []


def test_failing_mail_server_loses_no_comment(
    client, article, settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "comments.tests.broken_mail.BrokenBackend"
    with django_capture_on_commit_callbacks(execute=True):
        response = post_comment(client, article, comment="Kept despite mail")
    assert response.status_code == 302
    assert TribuneComment.objects.filter(comment="Kept despite mail").exists()


def test_form_data_helper_is_valid_as_is(article):
    from comments.forms import TribuneCommentForm

    assert TribuneCommentForm(article, data=comment_form_data(article)).is_valid()


def test_confirmation_link_of_a_deleted_article_says_so(
    client, article, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        post_comment(client, article)
    path = _confirmation_path(mail.outbox[0])
    article.delete()
    response = client.post(path)
    assert response.status_code == 400
    assert "no longer exists" in response.content.decode()


def test_xtd_rest_api_is_not_mounted(client):
    assert client.post("/comments/api/comment/", {"comment": "x"}).status_code == 404


def test_opening_a_confirmation_link_only_asks_and_publishes_nothing(
    client, article, django_capture_on_commit_callbacks
):
    """Mail scanners open links: a GET shows a Confirm button and changes nothing."""
    with django_capture_on_commit_callbacks(execute=True):
        post_comment(client, article)
    response = Client().get(_confirmation_path(mail.outbox[0]))
    assert response.status_code == 200
    assert "Confirm my comment" in response.content.decode()
    assert TribuneComment.objects.get().status == Status.UNCONFIRMED


def test_mute_link_does_not_carry_the_address_in_readable_form(
    client, article, django_capture_on_commit_callbacks
):
    follower = CommentFactory(content_object=article, user_email="follower@example.com")
    follower.followup = True
    follower.save()
    with django_capture_on_commit_callbacks(execute=True):
        post_comment(client, article, email="someone@example.com")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(_confirmation_path(mail.outbox[0]))
    followup = next(m for m in mail.outbox if "follower@example.com" in m.to)
    token = re.search(r"/comments/mute/(\S+)/", followup.body).group(1)
    payload = token.split(":")[0]
    data = signing.b64_decode(payload.lstrip(".").encode())
    if payload.startswith("."):  # signing's compressed form
        data = zlib.decompress(data)
    assert b"follower" not in data


def test_mute_link_expires(client, article, settings):
    from comments import tokens

    settings.TRIBUNE_MUTE_LINK_MAX_AGE = -1
    token = tokens.make_mute_token(1, str(article.pk), "a@example.com")
    response = client.post(f"/comments/mute/{token}/")
    assert response.status_code == 400
    assert "expired" in response.content.decode()

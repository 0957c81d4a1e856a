"""Reader accounts: sign up with a verified address (through the outbox), sign in and out,
the comment form's identity line, and never a way into the admin."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.test import Client

from comments.models import OutgoingEmail, TribuneComment
from comments.tests.factories import CommentFactory
from comments.tests.helpers import post_comment, set_policy

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    """allauth's rate limits (one verification email per address per 3 minutes) live in the
    cache, which outlives a test."""
    cache.clear()


def confirm_link() -> str:
    """The comment confirmation link of the last email queued in the outbox."""
    body = OutgoingEmail.objects.order_by("-pk").first().body
    return re.search(r"http://testserver(/comments/confirm/\S+/)", body).group(1)


CONFIRM = re.compile(r"http://testserver(/accounts/confirm-email/\S+/)")


def sign_up(client, email="new@example.com", username="newreader"):
    return client.post(
        "/accounts/signup/",
        {
            "email": email,
            "username": username,
            "password1": "a long passphrase 42",
            "password2": "a long passphrase 42",
        },
    )


def test_sign_up_sends_the_verification_through_the_outbox(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = sign_up(client)
    assert response.status_code == 302
    queued = OutgoingEmail.objects.get(to="new@example.com")
    assert CONFIRM.search(queued.body)
    assert queued.state == OutgoingEmail.State.SENT
    assert mailoutbox[0].to == ["new@example.com"]


def test_an_unverified_account_cannot_sign_in(client):
    sign_up(client)
    client.logout()
    client.post("/accounts/login/", {"login": "newreader", "password": "a long passphrase 42"})
    assert client.get("/comments/me/").json()["signed_in"] is False


def test_verifying_signs_in_and_the_account_has_no_admin_access(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        sign_up(client)
    path = CONFIRM.search(OutgoingEmail.objects.get().body).group(1)
    client.post(path)
    assert client.get("/comments/me/").json()["signed_in"] is True
    user = get_user_model().objects.get(username="newreader")
    assert not user.is_staff and not user.is_superuser and not user.groups.exists()
    admin = client.get("/admin/")
    assert admin.status_code == 302
    assert "/admin/login/" in admin["Location"]


def test_account_pages_use_the_public_layout(client):
    body = client.get("/accounts/login/").content.decode()
    assert 'class="site-header"' in body
    assert "/static/css/site.css" in body
    assert "wagtail" not in body.lower().replace("wagtailuserbar", "")


def test_a_guest_sees_sign_in_or_comment_as_a_guest(client, article):
    body = client.get(article.url).content.decode()
    assert "or comment as a guest." in body
    assert "/accounts/login/?next=" in body
    assert "Save my name and email in this browser for the next time I comment." in body


def test_a_signed_in_reader_sees_logged_in_as(client, article, reader):
    client.force_login(reader)
    body = client.get(article.url).content.decode()
    assert "Logged in as <strong><bdi>reader</bdi></strong>" in body
    assert 'action="/accounts/logout/"' in body
    assert "or comment as a guest" not in body


def test_a_signed_in_reader_comments_as_the_account(client, article, reader):
    set_policy(premoderate_new_commenters=False, min_seconds_to_submit=0)
    client.force_login(reader)
    post_comment(client, article, name="Someone Else", email="else@example.com")
    comment = TribuneComment.objects.get()
    assert (comment.user, comment.user_email, comment.email_confirmed) == (
        reader,
        "reader@example.com",
        True,
    )


def test_password_reset_mail_goes_through_the_outbox(
    client, reader, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/accounts/password/reset/", {"email": reader.email})
    assert OutgoingEmail.objects.filter(to=reader.email).exists()


def test_no_public_link_leads_to_the_admin_login(article):
    """Follow every link on an article (with a comment) and the reader pages, as a guest."""
    CommentFactory(content_object=article)
    client = Client()
    pages = [article.url, "/accounts/login/", "/accounts/signup/", "/comments/your-data/"]
    seen = set()
    for page in pages:
        html = client.get(page).content.decode()
        for href in re.findall(r'href="(/[^"]*)"', html):
            href = href.replace("&amp;", "&")
            if href in seen or href.startswith(("/static/", "/admin/")):
                continue
            seen.add(href)
            response = client.get(href, follow=True)
            final = response.redirect_chain[-1][0] if response.redirect_chain else href
            assert "/admin/login" not in final, f"{href} leads to the admin login"
    assert any(h.startswith("/comments/flag/") for h in seen)


def test_the_report_link_of_a_guest_is_the_report_form(client, article):
    comment = CommentFactory(content_object=article)
    response = client.get(f"/comments/flag/{comment.pk}/")
    assert response.status_code == 200


def test_a_confirmed_address_is_not_asked_to_confirm_again_from_this_browser(client, article):
    set_policy(premoderate_new_commenters=False, min_seconds_to_submit=0)
    post_comment(client, article, comment="First time")
    client.post(confirm_link())
    assert "tribune_confirmed" in client.cookies
    post_comment(client, article, comment="Second time")
    second = TribuneComment.objects.get(comment="Second time")
    assert second.email_confirmed and second.status == "approved"
    assert OutgoingEmail.objects.count() == 1


def test_another_browser_with_the_same_address_must_confirm(client, article):
    set_policy(premoderate_new_commenters=False, min_seconds_to_submit=0)
    post_comment(client, article, comment="First time")
    client.post(confirm_link())
    post_comment(Client(), article, comment="From elsewhere")
    assert TribuneComment.objects.get(comment="From elsewhere").status == "unconfirmed"


def test_a_remembered_address_that_is_blocked_is_not_taken_on_its_word(client, article):
    set_policy(premoderate_new_commenters=False, min_seconds_to_submit=0)
    post_comment(client, article, comment="First time")
    client.post(confirm_link())
    set_policy(
        premoderate_new_commenters=False, min_seconds_to_submit=0, blocklist="reader@example.com"
    )
    post_comment(client, article, comment="After the block")
    stored = TribuneComment.objects.filter(comment="After the block").first()
    assert stored is None or not stored.email_confirmed


def test_a_changed_email_address_counts_only_once_verified(
    client, reader, django_capture_on_commit_callbacks
):
    from allauth.account.models import EmailAddress

    EmailAddress.objects.create(user=reader, email=reader.email, verified=True, primary=True)
    client.force_login(reader)
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/accounts/email/", {"action_add": "", "email": "new@example.com"})
    reader.refresh_from_db()
    assert reader.email == "reader@example.com"
    body = OutgoingEmail.objects.get(to="new@example.com").body
    client.post(CONFIRM.search(body).group(1))
    reader.refresh_from_db()
    assert reader.email == "new@example.com"


def test_account_emails_name_the_publication(client, settings):
    sign_up(client)
    body = OutgoingEmail.objects.get(to="new@example.com").body
    assert f"from {settings.WAGTAIL_SITE_NAME}" in body
    assert "from !" not in body and "example.com!" not in body


LONG = "x" * 60_000


@pytest.mark.parametrize(
    ("path", "data"),
    [
        ("/accounts/login/", {"login": LONG, "password": "wrong"}),
        ("/accounts/login/", {"login": f"{LONG}@example.com", "password": LONG}),
        (
            "/accounts/signup/",
            {
                "email": f"{LONG}@example.com",
                "username": LONG,
                "password1": LONG,
                "password2": LONG,
            },
        ),
        ("/accounts/password/reset/", {"email": f"{LONG}@example.com"}),
        ("/accounts/password/reset/", {"email": LONG}),
    ],
)
def test_very_long_account_form_fields_get_a_form_error_not_a_server_error(
    client, reader, path, data
):
    # With an account to compare against: SQLite only evaluates a LIKE pattern on a row.
    response = client.post(path, data)
    assert response.status_code in (200, 400)
    assert "form" in response.content.decode()


@pytest.mark.parametrize("path", ["/comments/me/", "/comments/csrf/"])
def test_the_page_scripts_endpoints_answer_get_only(client, path):
    assert client.post(path).status_code == 405

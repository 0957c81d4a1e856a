"""Regressions from the outside review: identity, private articles, deleted articles, the desk's
scope, garbage ids, large bodies and file parts, moderators' notes."""

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from wagtail.models import PageViewRestriction, Site

from blog.tests.factories import BlogPageFactory
from comments.models import Status, TribuneComment
from comments.moderation.site_settings import ModerationSettings
from comments.tests.desk_roles import make_roles
from comments.tests.factories import CommentFactory
from comments.tests.helpers import comment_form_data, post_comment

pytestmark = pytest.mark.django_db


@pytest.fixture
def roles(django_user_model):
    article, other = BlogPageFactory(), BlogPageFactory()
    roles = make_roles(django_user_model, article, other)
    roles.article, roles.other = article, other
    return roles


@pytest.mark.parametrize("typed_email", ["victim@example.com", "VICTIM@example.com", ""])
def test_signed_in_reader_comments_as_their_account_whatever_the_form_says(
    client, django_user_model, trusting_policy, typed_email
):
    article = BlogPageFactory()
    CommentFactory(content_object=article, user_email="victim@example.com")
    account = django_user_model.objects.create_user("fresh", "fresh@example.com", "pw")
    client.force_login(account)
    post_comment(client, article, name="Victim", email=typed_email, followup="on")
    stored = TribuneComment.objects.exclude(user_email="victim@example.com").get()
    assert (stored.user_email, stored.user_name, stored.user_id) == (
        "fresh@example.com",
        "fresh",
        account.pk,
    )


@pytest.mark.usefixtures("no_email_confirmation")  # nobody confirms: nobody is followed
def test_unconfirmed_address_gets_no_follow_up_emails(client, trusting_policy):
    article = BlogPageFactory()
    CommentFactory(
        content_object=article, user_email="typed@example.com", followup=True, email_confirmed=False
    )
    post_comment(Client(), article, email="other@example.com")
    assert not [m for m in mail.outbox if "typed@example.com" in m.to]


@pytest.mark.parametrize("hide", ["unpublish", "private"])
@pytest.mark.parametrize(
    "url_name", ["comments-reply", "comments-flag", "comments-permalink", "comments-thread"]
)
def test_comment_pages_of_a_hidden_article_are_404_and_name_nothing(
    client, django_user_model, hide, url_name
):
    article = BlogPageFactory(title="Secret plans")
    comment = CommentFactory(content_object=article)
    if hide == "unpublish":
        article.unpublish()
    else:
        PageViewRestriction.objects.create(page=article, restriction_type="login")
    client.force_login(django_user_model.objects.create_user("reader"))
    response = client.get(reverse(url_name, args=[comment.pk]))
    assert response.status_code == 404
    assert "Secret plans" not in response.content.decode()
    assert article.slug not in response.get("Location", "")


def test_approving_a_comment_whose_article_was_deleted_works(roles, client):
    comment = CommentFactory(content_object=roles.article, status=Status.HELD)
    CommentFactory(content_object=roles.article, followup=True)
    roles.article.delete()
    client.force_login(roles.moderator)
    response = client.post(reverse("comment_desk:action", args=[comment.pk, "approve"]))
    assert response.status_code == 302
    comment.refresh_from_db()
    assert comment.status == Status.APPROVED
    assert client.get(reverse("comment_desk:inspect", args=[comment.pk])).status_code == 200


def test_editor_sees_no_history_or_titles_from_articles_they_do_not_edit(roles, client):
    CommentFactory(
        content_object=roles.other, user_email="a@example.com", comment="Elsewhere words"
    )
    mine = CommentFactory(content_object=roles.article, user_email="a@example.com")
    roles.other.title = "Other desk title"
    roles.other.save_revision().publish()
    client.force_login(roles.article_editor)
    detail = client.get(reverse("comment_desk:inspect", args=[mine.pk])).content.decode()
    assert "Elsewhere words" not in detail
    listing = client.get(reverse("comment_desk:index")).content.decode()
    assert "Other desk title" not in listing


def test_only_moderators_block_site_wide(roles, client):
    comment = CommentFactory(content_object=roles.article, ip_address="203.0.113.9")
    client.force_login(roles.article_editor)
    assert (
        "whole site"
        not in client.get(reverse("comment_desk:inspect", args=[comment.pk])).content.decode()
    )
    client.post(reverse("comment_desk:block", args=[comment.pk, "ip"]))
    assert "203.0.113.9" not in ModerationSettings.for_site(Site.objects.get()).blocklist


@pytest.mark.parametrize("bad_id", ["abc", "1.5", "0x1", "-1", "١", "9" * 40, ""])
def test_bulk_action_with_a_garbage_id_is_a_400(roles, client, bad_id):
    client.force_login(roles.moderator)
    url = reverse("wagtail_bulk_action", args=["comments", "tribunecomment", "approve"])
    assert client.get(url, {"id": bad_id}).status_code == 400


def test_moderator_note_over_the_limit_is_refused_with_a_message(roles, client):
    comment = CommentFactory(content_object=roles.article, status=Status.HELD)
    client.force_login(roles.moderator)
    response = client.post(
        reverse("comment_desk:action", args=[comment.pk, "approve"]),
        {"note": "x" * 1001},
        follow=True,
    )
    assert "Nothing was done" in response.content.decode()
    comment.refresh_from_db()
    assert comment.status == Status.HELD


def test_file_part_on_the_comment_endpoint_is_refused(client):
    article = BlogPageFactory()
    data = comment_form_data(article)
    data["attachment"] = SimpleUploadedFile("a.bin", b"x" * 1000)
    response = client.post(reverse("comments-post"), data)
    assert response.status_code == 415
    assert not TribuneComment.objects.exists()


@pytest.mark.parametrize(
    "content_type", ["multipart/form-data; boundary=x", "application/x-www-form-urlencoded"]
)
def test_oversized_body_on_a_public_endpoint_is_refused_before_parsing(client, content_type):
    body = b"comment=" + b"a" * (3 * 1024 * 1024)
    response = client.generic("POST", reverse("comments-post"), body, content_type=content_type)
    assert response.status_code == 413


@pytest.mark.parametrize("confirm", [True, False])
def test_repeating_someone_elses_held_comment_reveals_nothing(settings, confirm):
    settings.COMMENTS_XTD_CONFIRM_EMAIL = confirm
    article = BlogPageFactory()
    victim = Client()
    victim.cookies["csrftoken"] = "v" * 32
    post_comment(victim, article, email="victim@example.com", comment="My private words")
    held = TribuneComment.objects.get()
    assert held.status in {Status.HELD, Status.UNCONFIRMED}
    attacker = Client()
    attacker.cookies["csrftoken"] = "a" * 32
    response = post_comment(
        attacker, article, email="victim@example.com", comment="My private words"
    )
    assert response.status_code == 302
    assert f"c{held.pk}" not in response["Location"]
    page = attacker.get(article.url).content.decode()
    assert "My private words" not in page
    assert TribuneComment.objects.count() == 1


@pytest.mark.usefixtures("no_email_confirmation")
def test_the_same_browser_sending_again_is_led_to_its_comment(trusting_policy):
    article = BlogPageFactory()
    reader = Client()
    reader.cookies["csrftoken"] = "r" * 32
    first = post_comment(reader, article, comment="Said once")
    reader.cookies.pop("tribune_own", None)  # even without the cookie that remembers it
    second = post_comment(reader, article, comment="Said once")
    assert second["Location"] == first["Location"]


def test_signed_in_reader_sees_who_they_comment_as_not_name_and_email_fields(
    client, django_user_model
):
    article = BlogPageFactory()
    client.force_login(django_user_model.objects.create_user("ada", "ada@example.com", "pw"))
    html = client.get(article.url).content.decode()
    assert "Logged in as <strong><bdi>ada</bdi></strong>" in html
    assert 'name="email"' not in html and 'name="name"' not in html


@pytest.mark.parametrize(
    ("website", "shown_host"),
    [("http://p\u0430ypal.com/", "xn--pypal-4ve.com"), ("http://Ex\u0430mple.COM/a", "xn--exmple")],
)
def test_website_link_goes_out_in_punycode(client, website, shown_host):
    article = BlogPageFactory()
    CommentFactory(content_object=article, user_url=website)
    html = client.get(article.url).content.decode()
    assert f'href="http://{shown_host}' in html


def test_signed_in_reader_with_a_long_full_name_comments_under_it_whole(
    client, django_user_model, trusting_policy
):
    article = BlogPageFactory()
    account = django_user_model.objects.create_user("long", "long@example.com", "pw")
    account.first_name, account.last_name = "Maximiliane-Théodora " * 4, "Ζωγράφου " * 6
    account.save()
    client.force_login(account)
    response = post_comment(client, article)
    assert response.status_code in (200, 302)
    stored = TribuneComment.objects.get()
    assert stored.display_name == account.get_full_name()
    assert len(stored.user_name) == 50

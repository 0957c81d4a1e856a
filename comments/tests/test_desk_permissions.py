"""Every desk URL and bulk action, for each role: moderator, the article's editor, another
article's editor, a reader and an anonymous visitor."""

import pytest
from django.urls import reverse

from blog.tests.factories import BlogPageFactory
from comments.models import ModerationDecision, Status, TribuneComment
from comments.tests.desk_roles import make_roles
from comments.tests.factories import CommentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def setting(django_user_model, article):
    other = BlogPageFactory()
    comment = CommentFactory(content_object=article, status=Status.HELD)
    return make_roles(django_user_model, article, other), comment


def _get_urls(comment):
    return [
        reverse("comment_desk:index"),
        reverse("comment_desk:index_results"),
        reverse("comment_desk:inspect", args=[comment.pk]),
    ]


def _post_urls(comment):
    return [
        reverse("comment_desk:action", args=[comment.pk, "approve"]),
        reverse("comment_desk:action", args=[comment.pk, "spam"]),
        reverse("comment_desk:action", args=[comment.pk, "remove"]),
        reverse("comment_desk:action", args=[comment.pk, "restore"]),
        reverse("comment_desk:block", args=[comment.pk, "email"]),
        reverse("comment_desk:reply", args=[comment.pk]),
    ]


BULK = ["approve", "spam", "remove", "restore"]


def _bulk_url(action, comment):
    return f"/admin/bulk/comments/tribunecomment/{action}/?next=/admin/moderation/&id={comment.pk}"


def _login(client, user):
    if user is not None:
        client.force_login(user)
    return client


def _unchanged(comment):
    stored = TribuneComment.objects.get(pk=comment.pk)
    return (
        stored.status == Status.HELD
        and not ModerationDecision.objects.filter(comment=comment).exists()
    )


@pytest.mark.parametrize("role", ["moderator", "article_editor"])
def test_allowed_roles_open_every_page(client, setting, role):
    roles, comment = setting
    _login(client, getattr(roles, role))
    for url in _get_urls(comment):
        assert client.get(url).status_code == 200, url


@pytest.mark.parametrize("role", ["other_editor", "reader", None])
def test_other_roles_cannot_open_any_page(client, setting, role):
    roles, comment = setting
    _login(client, getattr(roles, role) if role else None)
    for url in _get_urls(comment)[2:]:
        # Wagtail redirects: to the login page, or to the admin home with a message.
        assert client.get(url).status_code == 302, url
    if role == "other_editor":
        listing = client.get(reverse("comment_desk:index"), {"queue": "pending"})
        assert listing.status_code == 200
        assert comment.comment[:40] not in listing.content.decode()
    else:
        assert client.get(reverse("comment_desk:index")).status_code == 302


@pytest.mark.parametrize("role", ["other_editor", "reader", None])
def test_other_roles_cannot_act(client, setting, role):
    roles, comment = setting
    _login(client, getattr(roles, role) if role else None)
    for url in _post_urls(comment):
        response = client.post(url, {"note": "x", "text": "staff words"})
        assert response.status_code == 302, url
        assert "/login/" in response["Location"] or response["Location"] == "/admin/", url
    assert _unchanged(comment)


@pytest.mark.parametrize("role", ["other_editor", "reader", None])
@pytest.mark.parametrize("action", BULK)
def test_other_roles_cannot_bulk_act(client, setting, role, action):
    roles, comment = setting
    _login(client, getattr(roles, role) if role else None)
    response = client.post(_bulk_url(action, comment), {"note": "x"})
    assert response.status_code == 302
    assert _unchanged(comment)


@pytest.mark.parametrize("role", ["moderator", "article_editor"])
@pytest.mark.parametrize(
    ("action", "status"),
    [("approve", Status.APPROVED), ("spam", Status.SPAM), ("remove", Status.REMOVED)],
)
def test_allowed_roles_bulk_act(client, setting, role, action, status):
    roles, comment = setting
    _login(client, getattr(roles, role))
    assert client.post(_bulk_url(action, comment), {"note": "bulk"}).status_code == 302
    assert TribuneComment.objects.get(pk=comment.pk).status == status


@pytest.mark.parametrize("role", ["moderator", "article_editor"])
def test_allowed_roles_act_one_at_a_time(client, setting, role):
    roles, comment = setting
    _login(client, getattr(roles, role))
    client.post(reverse("comment_desk:action", args=[comment.pk, "approve"]), {"note": "fine"})
    decision = ModerationDecision.objects.get(comment=comment)
    assert (decision.actor, decision.note) == (getattr(roles, role), "fine")


def test_moderators_cannot_edit_pages(client, setting):
    roles, comment = setting
    _login(client, roles.moderator)
    response = client.get(reverse("wagtailadmin_pages:edit", args=[comment.object_pk]))
    assert response.status_code == 302


def test_menu_badge_counts_pending_for_moderator(client, setting):
    roles, _ = setting
    _login(client, roles.moderator)
    html = client.get("/admin/").content.decode()
    assert "data-pending-comments" in html
    assert "Reader comments, 1 awaiting moderation" in html

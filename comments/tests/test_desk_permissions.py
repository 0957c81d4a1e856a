"""Every desk URL and bulk action, for each role: moderator, the article's editor, another
article's editor, a reader and an anonymous visitor."""

import pytest
from django.urls import reverse

from blog.tests.factories import BlogPageFactory
from comments.models import (
    AccountSanction,
    CommentRevision,
    DiscussionSettings,
    ModerationDecision,
    Status,
    TribuneComment,
)
from comments.tests.desk_roles import make_roles
from comments.tests.factories import CommentFactory
from comments.tests.helpers import moderate

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
    queue = "?queue=pending"
    return [
        reverse("comment_desk:action", args=[comment.pk, "approve"]),
        reverse("comment_desk:action", args=[comment.pk, "spam"]),
        reverse("comment_desk:action", args=[comment.pk, "remove"]),
        reverse("comment_desk:action", args=[comment.pk, "restore"]),
        # From a queue row, and "Approve and next".
        reverse("comment_desk:action", args=[comment.pk, "approve"]) + queue,
        reverse("comment_desk:undo", args=[comment.pk]),
        reverse("comment_desk:redact", args=[comment.pk]),
        reverse("comment_desk:discussion", args=[comment.content_type_id, comment.object_pk]),
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
        and stored.comment == comment.comment
        and stored.redacted_at is None
        and not ModerationDecision.objects.filter(comment=comment).exists()
        and not CommentRevision.objects.exists()
        and not DiscussionSettings.objects.exists()
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
        data = {"note": "x", "text": "staff words", "then": "next", "policy": "closed"}
        response = client.post(url, data)
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


def test_undo_of_someone_elses_action_is_refused(client, setting):
    """Undo only takes back this session's own last action, never another moderator's."""
    roles, comment = setting
    moderate(comment, "approve", actor=roles.moderator)
    _login(client, roles.article_editor)
    response = client.post(reverse("comment_desk:undo", args=[comment.pk]))
    assert response.status_code == 302
    assert TribuneComment.objects.get(pk=comment.pk).status == Status.APPROVED
    assert ModerationDecision.objects.filter(comment=comment, reasons=["undone"]).count() == 0


@pytest.mark.parametrize("role", ["article_editor", "other_editor", "reader", None])
def test_only_moderators_open_or_sanction_an_account(client, setting, role):
    roles, comment = setting
    author = roles.reader
    TribuneComment.objects.filter(pk=comment.pk).update(user=author)
    _login(client, getattr(roles, role) if role else None)
    url = reverse("comment_desk:account", args=[author.pk])
    assert client.get(url).status_code == 302
    response = client.post(url, {"kind": "ban", "message": "no"})
    assert response.status_code == 302
    assert not AccountSanction.objects.exists()


def test_editor_may_change_only_their_articles_discussion_settings(client, setting, article):
    roles, comment = setting
    _login(client, roles.article_editor)
    url = reverse("comment_desk:discussion", args=[comment.content_type_id, article.pk])
    assert client.post(url, {"policy": "closed"}).status_code == 302
    assert DiscussionSettings.objects.get().policy == "closed"


@pytest.mark.parametrize("action", ["approve", "spam", "remove"])
def test_row_actions_from_a_queue_refuse_what_the_status_does_not_allow(client, setting, action):
    """A removed comment offers only Restore; a forged approve/spam/remove post changes nothing."""
    roles, comment = setting
    moderate(comment, "remove", actor=roles.moderator)
    _login(client, roles.moderator)
    url = reverse("comment_desk:action", args=[comment.pk, action]) + "?queue=removed"
    response = client.post(url, {"then": "queue"}, follow=True)
    assert TribuneComment.objects.get(pk=comment.pk).status == Status.REMOVED
    if action != "remove":
        assert "cannot be" in response.content.decode()

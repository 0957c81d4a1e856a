"""Each desk action's effect on the comment, the public page, the record and the emails."""

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from wagtail.test.utils.form_data import querydict_from_html

from blog.tests.factories import AuthorFactory, BlogPageFactory
from comments.desk.alerts import send_digests
from comments.models import (
    ModerationDecision,
    NotificationPreference,
    OutgoingEmail,
    Status,
    TribuneComment,
)
from comments.moderation.site_settings import ModerationSettings
from comments.moderation.types import Verdict
from comments.tests.desk_roles import make_roles
from comments.tests.factories import CommentFactory
from comments.tests.helpers import moderate, post_comment
from comments.transitions import TransitionRefused

pytestmark = pytest.mark.django_db


@pytest.fixture
def roles(django_user_model, article):
    return make_roles(django_user_model, article, BlogPageFactory())


@pytest.fixture
def desk(client, roles, django_capture_on_commit_callbacks):
    client.force_login(roles.moderator)
    client.committing = lambda: django_capture_on_commit_callbacks(execute=True)
    return client


def _act(desk, comment, action, note=""):
    with desk.committing():
        return desk.post(reverse("comment_desk:action", args=[comment.pk, action]), {"note": note})


def _public_html(article) -> str:
    return Client().get(article.url).content.decode()


@pytest.mark.parametrize(
    ("start", "action", "end", "verdict", "public"),
    [
        (Status.HELD, "approve", Status.APPROVED, Verdict.APPROVE, True),
        (Status.HELD, "spam", Status.SPAM, Verdict.SPAM, False),
        (Status.APPROVED, "remove", Status.REMOVED, Verdict.REMOVE, False),
        (Status.REMOVED, "restore", Status.APPROVED, Verdict.RESTORE, True),
        (Status.SPAM, "restore", Status.APPROVED, Verdict.RESTORE, True),
    ],
)
def test_action_changes_comment_page_and_record(
    desk, roles, article, start, action, end, verdict, public
):
    comment = CommentFactory(content_object=article, status=start, comment="Words under review")
    response = _act(desk, comment, action, note="checked")
    assert response.status_code == 302
    comment.refresh_from_db()
    assert comment.status == end
    assert comment.is_public == (end == Status.APPROVED)
    assert ("Words under review" in _public_html(article)) == public
    record = ModerationDecision.objects.get(comment=comment)
    assert (record.verdict, record.actor, record.note, record.stage) == (
        verdict,
        roles.moderator,
        "checked",
        "moderation",
    )


def test_actions_add_records_and_never_overwrite(desk, article):
    comment = CommentFactory(content_object=article, status=Status.HELD)
    for action in ("approve", "remove", "restore"):
        _act(desk, comment, action)
    verdicts = list(
        ModerationDecision.objects.for_comment(comment).values_list("verdict", flat=True)
    )
    assert verdicts == [Verdict.APPROVE, Verdict.REMOVE, Verdict.RESTORE]


def test_approving_notifies_followers_once(desk, article):
    CommentFactory(content_object=article, user_email="follower@example.com", followup=True)
    comment = CommentFactory(content_object=article, status=Status.HELD, comment="Approved words")
    _act(desk, comment, "approve")
    _act(desk, comment, "remove")
    _act(desk, comment, "restore")
    assert [m.to for m in mail.outbox] == [["follower@example.com"]]


def test_commenter_who_asked_hears_of_approval(desk, article):
    comment = CommentFactory(
        content_object=article,
        status=Status.HELD,
        user_email="poster@example.com",
        notify_decision=True,
    )
    _act(desk, comment, "approve")
    (message,) = [m for m in mail.outbox if m.to == ["poster@example.com"]]
    assert "has been published" in message.body
    assert f"#c{comment.pk}" in message.body


def test_commenter_who_asked_hears_why_not_published(desk, article):
    comment = CommentFactory(
        content_object=article,
        status=Status.HELD,
        user_email="poster@example.com",
        notify_decision=True,
        comment="My text",
    )
    _act(desk, comment, "remove", note="it attacks another reader")
    (message,) = [m for m in mail.outbox if m.to == ["poster@example.com"]]
    assert "was not published: it attacks another reader" in message.body
    assert "My text" in message.body


def test_commenter_who_did_not_ask_hears_nothing(desk, article):
    comment = CommentFactory(
        content_object=article, status=Status.HELD, user_email="poster@example.com"
    )
    _act(desk, comment, "spam")
    assert not [m for m in mail.outbox if m.to == ["poster@example.com"]]


def test_block_email_adds_it_to_the_policy(desk, article):
    comment = CommentFactory(content_object=article, user_email="troll@example.com")
    desk.post(reverse("comment_desk:block", args=[comment.pk, "email"]))
    desk.post(reverse("comment_desk:block", args=[comment.pk, "email"]))
    assert ModerationSettings.objects.get().blocklist.splitlines() == ["troll@example.com"]


@pytest.mark.usefixtures("no_email_confirmation")
def test_block_ip_then_new_comment_from_it_is_spam(desk, article):
    comment = CommentFactory(content_object=article, ip_address="127.0.0.1")
    desk.post(reverse("comment_desk:block", args=[comment.pk, "ip"]))
    post_comment(Client(), article, comment="from a blocked address")
    assert TribuneComment.objects.get(comment="from a blocked address").status == Status.SPAM


def test_staff_reply_is_marked_and_published_at_once(desk, roles, article):
    parent = CommentFactory(content_object=article)
    desk.post(
        reverse("comment_desk:reply", args=[parent.pk]),
        {"text": "Thank you, we have corrected the figure."},
    )
    reply = TribuneComment.objects.get(is_staff_reply=True)
    assert (reply.parent_id, reply.status, reply.user) == (
        parent.pk,
        Status.APPROVED,
        roles.moderator,
    )
    html = _public_html(article)
    assert "we have corrected the figure" in html
    assert '<span class="staff-badge">Staff</span>' in html
    assert ModerationDecision.objects.get(comment=reply).reasons == ["staff_reply"]


@pytest.mark.usefixtures("no_email_confirmation")
def test_detail_shows_renderings_trace_thread_and_history(desk, article):
    CommentFactory(
        content_object=article, user_email="reader@example.com", comment="An earlier comment"
    )
    parent = CommentFactory(content_object=article, comment="The parent comment")
    post_comment(
        Client(), article, reply_to=parent.pk, comment="Hello <script>evil()</script> world"
    )
    comment = TribuneComment.objects.get(comment__startswith="Hello")
    html = desk.get(reverse("comment_desk:inspect", args=[comment.pk])).content.decode()
    assert "<mark>&lt;script&gt;evil()&lt;/script&gt;</mark>" in html
    assert "&lt;script&gt; element" in html
    assert "Markup removed" in html and "New commenter" in html
    assert "The parent comment" in html
    assert "An earlier comment" in html


@pytest.mark.usefixtures("no_email_confirmation")
def test_held_comment_alerts_moderators_and_article_author(
    article, roles, django_user_model, committing
):
    writer = django_user_model.objects.create_user("writer", "writer@example.com", "pw")
    article.author = AuthorFactory(user=writer)
    article.save_revision().publish()
    NotificationPreference.objects.create(
        user=roles.moderator, frequency=NotificationPreference.Frequency.IMMEDIATE
    )
    with committing():
        post_comment(Client(), article, email="newcomer@example.com", comment="Held words")
    alerts = {m.to[0]: m for m in mail.outbox if "awaiting moderation" in m.subject}
    assert set(alerts) == {"moderator@example.com", "writer@example.com"}
    body = alerts["moderator@example.com"].body
    assert "Held words" in body and "First comment from this author." in body
    comment = TribuneComment.objects.get(comment="Held words")
    assert f"/admin/moderation/{comment.pk}/" in body


@pytest.mark.parametrize(
    "frequency", [NotificationPreference.Frequency.DAILY, NotificationPreference.Frequency.OFF]
)
@pytest.mark.usefixtures("no_email_confirmation")
def test_preference_silences_immediate_alerts(
    article, roles, frequency, committing, django_user_model
):
    colleague = django_user_model.objects.create_user("colleague", "colleague@example.com", "pw")
    colleague.groups.add(*roles.moderator.groups.all())
    NotificationPreference.objects.create(user=roles.moderator, frequency=frequency)
    with committing():
        post_comment(Client(), article, email="newcomer@example.com")
    recipients = [m.to[0] for m in mail.outbox if "awaiting moderation" in m.subject]
    assert recipients == ["colleague@example.com"]
    assert not [m for m in mail.outbox if m.to == ["moderator@example.com"]]


def test_daily_digest_lists_held_comments_once(article, roles, committing):
    NotificationPreference.objects.create(
        user=roles.moderator, frequency=NotificationPreference.Frequency.DAILY
    )
    CommentFactory(content_object=article, status=Status.HELD, comment="Digest me")
    with committing():
        assert send_digests() == 1
    (digest,) = [m for m in mail.outbox if m.to == ["moderator@example.com"]]
    assert "Digest me" in digest.body
    assert send_digests() == 0


def test_account_settings_offer_the_preference(desk, roles):
    roles.moderator.first_name, roles.moderator.last_name = "Mo", "Derator"
    roles.moderator.save()
    html = desk.get(reverse("wagtailadmin_account")).content.decode()
    assert "Comment moderation emails" in html
    form = querydict_from_html(html, form_index=0)
    form["comment_notifications-frequency"] = "daily"
    response = desk.post(reverse("wagtailadmin_account"), form)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert NotificationPreference.objects.get(user=roles.moderator).frequency == "daily"


def test_failing_mail_server_keeps_email_for_retry(article, settings, committing):
    settings.COMMENTS_XTD_CONFIRM_EMAIL = True
    settings.EMAIL_BACKEND = "comments.tests.broken_mail.BrokenBackend"
    with committing():
        response = post_comment(Client(), article, comment="Stored despite mail")
    assert response.status_code == 302
    assert TribuneComment.objects.filter(comment="Stored despite mail").exists()
    email = OutgoingEmail.objects.get()
    assert (email.state, email.attempts) == (OutgoingEmail.State.PENDING, 1)
    assert "mail server down" in email.last_error


def test_services_used_by_desk_and_tests_alike(roles, article):
    comment = CommentFactory(content_object=article, status=Status.HELD)
    moderate(comment, "approve", actor=roles.moderator)
    assert TribuneComment.objects.get(pk=comment.pk).status == Status.APPROVED


def test_second_moderator_acting_on_a_stale_page_is_refused_with_a_message(
    article, django_user_model
):
    comment = CommentFactory(content_object=article, status=Status.HELD)
    stale = TribuneComment.objects.get(pk=comment.pk)
    moderate(comment, "approve", actor=django_user_model.objects.create_user("first"))
    with pytest.raises(TransitionRefused, match="approved now"):
        moderate(stale, "spam", actor=django_user_model.objects.create_user("second"))
    comment.refresh_from_db()
    assert comment.status == Status.APPROVED
    assert ModerationDecision.objects.filter(comment=comment).count() == 1


def test_desk_tells_the_moderator_who_lost_the_race(desk, roles, article):
    comment = CommentFactory(content_object=article, status=Status.HELD)
    moderate(comment, "remove", actor=roles.moderator)
    response = desk.post(reverse("comment_desk:action", args=[comment.pk, "approve"]), follow=True)
    assert "removed now" in response.content.decode()
    comment.refresh_from_db()
    assert comment.status == Status.REMOVED

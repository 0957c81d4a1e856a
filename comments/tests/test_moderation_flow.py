"""The pipeline end to end, through the real comment POST: what is stored, shown and recorded."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from comments import services
from comments.discussion_settings import discussion_settings_update
from comments.models import ModerationDecision, Status, TribuneComment
from comments.moderation.rules import RULES
from comments.moderation.types import DiscussionMode, Verdict
from comments.tests.factories import CommentFactory
from comments.tests.helpers import moderate, post_comment, set_policy

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_email_confirmation")]


@pytest.fixture
def returning_reader(article):
    """A reader with an earlier approved comment, so the new-commenter rule lets them through."""
    return CommentFactory(content_object=article, user_email="reader@example.com")


def _latest():
    return TribuneComment.objects.order_by("-pk").first()


def _trace(decision) -> dict:
    return {step["rule"]: step for step in decision.trace}


def test_returning_reader_is_approved_and_trace_stored(client, article, returning_reader):
    response = post_comment(client, article, comment="Fine words")
    comment = _latest()
    assert comment.status == Status.APPROVED and comment.is_public
    assert response["Location"] == f"/c/{comment.pk}/"
    assert client.get(response["Location"])["Location"] == f"{article.url}#c{comment.pk}"
    decision = ModerationDecision.objects.get(comment=comment)
    assert (decision.verdict, decision.stage, decision.actor) == (Verdict.APPROVE, "posting", None)
    assert len(decision.trace) == len(RULES)
    assert all(step["verdict"] is None for step in decision.trace)
    assert decision.policy["link_limit"] == 2


def test_new_commenter_is_held_with_reason(client, article):
    post_comment(client, article, email="new@example.com", comment="My first words")
    comment = _latest()
    assert comment.status == Status.HELD and not comment.is_public
    decision = ModerationDecision.objects.get(comment=comment)
    assert decision.verdict == Verdict.HOLD
    assert decision.reasons == ["new_commenter"]
    assert _trace(decision)["new_commenter"]["evidence"]["email"] == "new@example.com"


def test_held_comment_is_shown_to_its_author_only(client, article):
    post_comment(client, article, email="new@example.com", comment="Waiting words")
    mine = client.get(article.url).content.decode()
    assert "Waiting words" in mine
    assert "Your comment is awaiting moderation." in mine
    assert "No comments yet" in mine
    theirs = Client().get(article.url).content.decode()
    assert "Waiting words" not in theirs
    assert "awaiting moderation" not in theirs


def test_signed_in_author_sees_held_comment_on_another_device(article, reader):
    first_device, second_device = Client(), Client()
    first_device.force_login(reader)
    second_device.force_login(reader)
    post_comment(first_device, article, comment="From my phone")
    assert "From my phone" in second_device.get(article.url).content.decode()


def test_spam_looks_like_a_hold_to_the_poster(client, article, returning_reader):
    held = post_comment(client, article, email="new@example.com", comment="Plain")
    spam = post_comment(client, article, comment="Bot words", honeypot="http://spam.example")
    comment = _latest()
    assert comment.status == Status.SPAM
    assert ModerationDecision.objects.get(comment=comment).reasons == ["honeypot"]
    assert spam.status_code == held.status_code == 302
    page = client.get(article.url).content.decode()
    assert page.count("Your comment is awaiting moderation.") == 2


def test_anonymous_spam_gets_the_same_answer_as_a_real_reader(
    settings, client, article, returning_reader, django_capture_on_commit_callbacks
):
    settings.COMMENTS_XTD_CONFIRM_EMAIL = True
    with django_capture_on_commit_callbacks(execute=True):
        real = post_comment(client, article, comment="Genuine")
        spam = post_comment(client, article, comment="Bot", honeypot="x")
    assert real["Location"].split("?")[0] == spam["Location"].split("?")[0] == "/comments/posted/"
    assert TribuneComment.objects.get(comment="Bot").status == Status.SPAM
    assert [m.to for m in mail.outbox] == [["reader@example.com"]]


def test_submitting_too_fast_is_spam(client, article, returning_reader):
    post_comment(client, article, rendered_seconds_ago=0, comment="Instant")
    decision = ModerationDecision.objects.get(comment=_latest())
    assert decision.verdict == Verdict.SPAM
    assert _trace(decision)["too_fast"]["evidence"]["minimum"] == 3


def test_disallowed_word_in_name_is_spam(client, article, returning_reader):
    set_policy(disallowed_words="casino\nbonus")
    post_comment(client, article, name="Ca\u200bsino King", comment="hello")
    decision = ModerationDecision.objects.get(comment=_latest())
    assert decision.verdict == Verdict.SPAM
    assert _trace(decision)["disallowed_words"]["evidence"]["matches"][0]["field"] == "name"


def test_blocklisted_domain_is_spam(client, article, returning_reader):
    set_policy(blocklist="@example.com")
    post_comment(client, article, comment="Blocked")
    assert _latest().status == Status.SPAM


def test_two_links_are_held(client, article, returning_reader):
    post_comment(client, article, comment="See https://a.com/x and https://b.org/y")
    decision = ModerationDecision.objects.get(comment=_latest())
    assert decision.reasons == ["link_count"]


def test_removed_script_is_held_with_what_was_removed(client, article, returning_reader):
    post_comment(client, article, comment="Hi <script>steal()</script> there")
    decision = ModerationDecision.objects.get(comment=_latest())
    assert decision.reasons == ["removed_markup"]
    assert _trace(decision)["removed_markup"]["evidence"]["removed"] == ["<script> element"]


def test_closed_article_refuses_with_403_and_keeps_text(client, article, returning_reader):
    discussion_settings_update(target=article, policy=DiscussionMode.CLOSED)
    response = post_comment(client, article, comment="Too late to say")
    assert response.status_code == 403
    body = response.content.decode()
    assert "Comments are closed on this article." in body
    assert "Too late to say</textarea>" in body
    assert TribuneComment.objects.count() == 1
    refused = ModerationDecision.objects.get(verdict=Verdict.REJECT)
    assert refused.comment is None and refused.reasons == ["comments_closed"]
    assert refused.object_pk == str(article.pk) and refused.author_email == "reader@example.com"


def test_closed_article_shows_no_form(client, article):
    discussion_settings_update(target=article, policy=DiscussionMode.CLOSED)
    html = client.get(article.url).content.decode()
    assert "Comments are closed." in html
    assert 'id="comment-form"' not in html


def test_auto_close_after_days_from_site_policy(client, article, returning_reader):
    set_policy(close_after_days=30)
    type(article).objects.filter(pk=article.pk).update(
        first_published_at=timezone.now() - timedelta(days=31)
    )
    article.refresh_from_db()
    assert post_comment(client, article).status_code == 403


def test_flood_refuses_with_429_and_retry_after(client, article, returning_reader):
    set_policy(flood_max_comments=2, flood_window_minutes=10)
    post_comment(client, article, comment="one")
    response = post_comment(client, article, comment="two")
    assert response.status_code == 429
    assert 1 <= int(response["Retry-After"]) <= 601
    body = response.content.decode()
    assert "You are commenting too fast" in body
    assert "two</textarea>" in body


def test_double_submission_creates_one_comment_and_leads_to_it(client, article, returning_reader):
    first = post_comment(client, article, comment="Said once")
    second = post_comment(client, article, comment="Said once")
    assert TribuneComment.objects.filter(comment="Said once").count() == 1
    assert second.status_code == 302
    assert second["Location"] == first["Location"]
    assert ModerationDecision.objects.filter(reasons=["duplicate"]).count() == 1


def test_premoderated_article_holds_even_returning_readers(client, article, returning_reader):
    discussion_settings_update(target=article, policy=DiscussionMode.PREMODERATE)
    post_comment(client, article)
    assert ModerationDecision.objects.get(comment=_latest()).reasons == ["premoderated"]


def test_policy_change_applies_to_next_comment(client, article, returning_reader):
    post_comment(client, article, comment="first words")
    assert _latest().status == Status.APPROVED
    set_policy(moderation_words="second")
    post_comment(client, article, comment="second words")
    assert _latest().status == Status.HELD


def test_confirmation_runs_pipeline_again(
    settings, client, article, returning_reader, django_capture_on_commit_callbacks
):
    settings.COMMENTS_XTD_CONFIRM_EMAIL = True
    with django_capture_on_commit_callbacks(execute=True):
        post_comment(client, article, comment="worth confirming")
    set_policy(moderation_words="confirming")
    link = re.search(r"http://testserver(/comments/confirm/\S+/)", mail.outbox[0].body).group(1)
    landing = Client().post(link)  # opened from the email, in another browser
    assert "your comment is awaiting moderation" in landing.content.decode()
    comment = _latest()
    assert comment.status == Status.HELD
    stages = list(ModerationDecision.objects.for_comment(comment).values_list("stage", "verdict"))
    assert stages == [("posting", Verdict.APPROVE), ("confirmation", Verdict.HOLD)]


def test_approving_held_comment_notifies_followers(
    article, moderator, django_capture_on_commit_callbacks
):
    CommentFactory(content_object=article, user_email="follower@example.com", followup=True)
    held = CommentFactory(content_object=article, status=Status.HELD, comment="Now public")
    with django_capture_on_commit_callbacks(execute=True):
        moderate(held, "approve", actor=moderator, note="fine")
    assert [m.to for m in mail.outbox] == [["follower@example.com"]]
    assert "Now public" in mail.outbox[0].body
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        moderate(held, "remove", actor=moderator)
        moderate(held, "restore", actor=moderator)
    assert mail.outbox == []


def test_moderator_actions_append_to_the_record(article, moderator):
    comment = CommentFactory(content_object=article)
    moderate(comment, "spam", actor=moderator, note="link farm")
    moderate(comment, "restore", actor=moderator)
    records = list(ModerationDecision.objects.for_comment(comment))
    assert [(r.verdict, r.actor, r.note) for r in records] == [
        (Verdict.SPAM, moderator, "link farm"),
        (Verdict.RESTORE, moderator, ""),
    ]
    with pytest.raises(ValueError, match="append-only"):
        records[0].save()


def test_removed_comment_keeps_approved_replies_visible(client, article, moderator):
    parent = CommentFactory(content_object=article, comment="Offending words")
    reply = CommentFactory(parent=parent, comment="A sensible reply")
    moderate(parent, "remove", actor=moderator)
    html = client.get(article.url).content.decode()
    assert "Offending words" not in html
    assert "This comment was removed." in html
    page = html[html.index("</head>") :]  # the JSON-LD in the head lists comments too
    assert page.index("This comment was removed.") < page.index("A sensible reply")
    assert f'id="c{reply.pk}"' in html
    assert "1 Comment" in html


def test_removed_comment_without_replies_disappears(client, article, moderator):
    comment = CommentFactory(content_object=article)
    moderate(comment, "remove", actor=moderator)
    assert "This comment was removed." not in client.get(article.url).content.decode()


def test_enough_reader_flags_return_comment_to_queue(article, django_user_model):
    set_policy(flag_threshold=2)
    comment = CommentFactory(content_object=article)
    readers = [django_user_model.objects.create_user(f"r{i}") for i in range(2)]
    assert services.comment_flag(comment=comment, user=readers[0]) is False
    assert (
        services.comment_flag(comment=comment, user=readers[0]) is False
    )  # the same reader twice counts once
    assert services.comment_flag(comment=comment, user=readers[1]) is True
    comment.refresh_from_db()
    assert comment.status == Status.HELD
    decision = ModerationDecision.objects.get(comment=comment, stage="flagging")
    assert decision.reasons == ["reader_flags"]
    assert decision.trace[0]["evidence"]["flagged_by"] == ["r0", "r1"]


def test_flag_view_takes_a_reason_from_guests_and_signed_in_readers(
    client, article, django_user_model
):
    comment = CommentFactory(content_object=article)
    assert client.post(f"/comments/flag/{comment.pk}/").status_code == 400
    assert client.post(f"/comments/flag/{comment.pk}/", {"reason": "spam"}).status_code == 200
    client.force_login(django_user_model.objects.create_user("reader"))
    assert client.post(f"/comments/flag/{comment.pk}/", {"reason": "abuse"}).status_code == 200
    assert comment.reports.count() == 2


def test_per_article_depth_overrides_site_depth(client, article, returning_reader):
    discussion_settings_update(target=article, max_depth=0)
    html = client.get(article.url).content.decode()
    assert f"/comments/reply/{returning_reader.pk}/" not in html
    response = post_comment(client, article, reply_to=returning_reader.pk)
    assert response.status_code == 400

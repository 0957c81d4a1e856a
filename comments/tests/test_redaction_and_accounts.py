"""Moderators' edits to a comment's text, suspensions and bans, per-discussion settings, and
the dashboard's numbers."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from comments.desk.panels import chart, nice_ceiling
from comments.desk.stats import DayCounts, duration_words, median_and_p90
from comments.discussion_settings import discussion_settings_for, discussion_settings_update
from comments.models import AccountSanction, CommentRevision, OutgoingEmail, Status, TribuneComment
from comments.moderation import rules
from comments.moderation.types import Facts, PolicySnapshot, Submission, Verdict
from comments.redaction import RedactionRefused, comment_redact
from comments.sanctions import account_sanction
from comments.signals import discussion_changed
from comments.tests.factories import CommentFactory
from comments.tests.helpers import post_comment

pytestmark = pytest.mark.django_db


@pytest.fixture
def announced():
    heard = []

    def listen(sender, **kwargs):
        heard.append(kwargs)

    discussion_changed.connect(listen)
    yield heard
    discussion_changed.disconnect(listen)


def test_redaction_sanitizes_keeps_the_original_and_announces(
    article, moderator, announced, django_capture_on_commit_callbacks
):
    comment = CommentFactory(content_object=article, comment="Ring 0791 234 567 today")
    with django_capture_on_commit_callbacks(execute=True):
        revision = comment_redact(
            comment=comment,
            editor=moderator,
            text="Ring [removed] today <script>x()</script>",
            note="Phone",
        )
    stored = TribuneComment.objects.get(pk=comment.pk)
    assert stored.comment_html == "<p>Ring [removed] today </p>"
    assert stored.redacted_at is not None and stored.status == comment.status
    assert (revision.old_text, revision.editor, revision.note) == (
        "Ring 0791 234 567 today",
        moderator,
        "Phone",
    )
    assert announced[-1]["cause"] == "redacted" and announced[-1]["comment_ids"] == (comment.pk,)


@pytest.mark.parametrize("text", ["", "   ", "x" * 10_001])
def test_redaction_refuses_empty_or_too_long_text(article, moderator, text):
    comment = CommentFactory(content_object=article)
    with pytest.raises(RedactionRefused):
        comment_redact(comment=comment, editor=moderator, text=text)
    assert not CommentRevision.objects.exists()


def test_revisions_are_append_only(article, moderator):
    comment = CommentFactory(content_object=article)
    revision = comment_redact(comment=comment, editor=moderator, text="New words")
    with pytest.raises(ValueError):
        revision.save()


def test_readers_see_edited_by_a_moderator_but_not_the_original(client, article, moderator):
    comment = CommentFactory(content_object=article, comment="My address is 1 High Street")
    comment_redact(comment=comment, editor=moderator, text="My address is [removed]", note="why")
    html = client.get(article.url).content.decode()
    assert "My address is [removed]" in html and "Edited by a moderator." in html
    assert "1 High Street" not in html and "why" not in html


def test_edit_screen_keeps_the_text_on_error(client, article, moderator):
    comment = CommentFactory(content_object=article)
    client.force_login(moderator)
    response = client.post(reverse("comment_desk:redact", args=[comment.pk]), {"text": "  "})
    assert response.status_code == 400
    assert "cannot be empty" in response.content.decode() or "required" in response.content.decode()


def _policy():
    return PolicySnapshot()


@pytest.mark.parametrize(
    ("banned", "until_days", "refused"),
    [(True, None, True), (False, 3, True), (False, -1, False), (False, None, False)],
)
def test_suspended_rule(banned, until_days, refused):
    now = timezone.now()
    until = now + timedelta(days=until_days) if until_days is not None else None
    facts = Facts(now=now, author_banned=banned, author_suspended_until=until)
    finding = rules.suspended(Submission(text="hi"), facts, _policy())
    assert (finding.verdict == Verdict.REJECT) is refused


@pytest.mark.usefixtures("no_email_confirmation")
@pytest.mark.parametrize("kind", ["suspend", "ban"])
def test_suspended_or_banned_account_cannot_post(client, article, reader, moderator, kind):
    sanction = account_sanction(
        user=reader, kind=kind, days=7 if kind == "suspend" else None, actor=moderator, message="m"
    )
    client.force_login(reader)
    response = post_comment(client, article, comment="Still talking")
    assert response.status_code == 403
    body = response.content.decode()
    assert "may not comment until" in body or "may no longer comment" in body
    assert "Still talking</textarea>" in body
    assert not TribuneComment.objects.filter(comment="Still talking").exists()
    email = OutgoingEmail.objects.get(to=reader.email)
    assert "m" in email.body and sanction.kind == kind


@pytest.mark.usefixtures("no_email_confirmation", "trusting_policy")
def test_reinstated_or_expired_suspension_posts_again(client, article, reader, moderator):
    account_sanction(user=reader, kind="suspend", days=1, actor=moderator)
    AccountSanction.objects.update(until=timezone.now() - timedelta(minutes=1))
    client.force_login(reader)
    assert post_comment(client, article, comment="Back again").status_code == 302
    account_sanction(user=reader, kind="ban", actor=moderator)
    account_sanction(user=reader, kind="reinstate", actor=moderator)
    assert post_comment(client, article, comment="And again").status_code == 302


def test_account_page_lists_comments_across_articles_and_suspends(
    client, article, reader, moderator
):
    from blog.tests.factories import BlogPageFactory

    other = BlogPageFactory()
    CommentFactory(content_object=article, user=reader, comment="On the first")
    CommentFactory(content_object=other, user=reader, comment="On the second")
    client.force_login(moderator)
    url = reverse("comment_desk:account", args=[reader.pk])
    html = client.get(url).content.decode()
    assert "On the first" in html and "On the second" in html
    response = client.post(url, {"kind": "suspend", "days": "", "message": "x"})
    assert response.status_code == 400 and "how many days" in response.content.decode()
    assert (
        client.post(url, {"kind": "suspend", "days": "3", "message": "Cool off"}).status_code == 302
    )
    sanction = AccountSanction.objects.get()
    assert sanction.actor == moderator and sanction.until > timezone.now() + timedelta(days=2)


def test_discussion_settings_change_at_once_without_a_page_revision(
    client, article, moderator, announced, django_capture_on_commit_callbacks
):
    article.title = "A draft title"
    article.save_revision()  # a pending edit that must not go live
    client.force_login(moderator)
    url = reverse("comment_desk:discussion", args=[article.content_type_id, article.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"policy": "closed", "max_depth": "1"})
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.title != "A draft title" and article.has_unpublished_changes
    assert article.comment_settings().policy == "closed"
    assert article.comment_settings().max_thread_depth == 1
    assert announced[-1]["cause"] == "settings"


def test_discussion_settings_refuse_bad_values_with_400(client, article, moderator):
    client.force_login(moderator)
    url = reverse("comment_desk:discussion", args=[article.content_type_id, article.pk])
    response = client.post(url, {"policy": "whatever", "threads_per_page": "0"})
    assert response.status_code == 400
    assert discussion_settings_for(article).pk is None


def test_discussion_settings_default_to_inherit(article):
    current = discussion_settings_for(article)
    assert (current.policy, current.max_depth, current.pk) == ("inherit", None, None)
    discussion_settings_update(target=article, threads_per_page=5)
    assert article.comment_page_size() == 5


@pytest.mark.parametrize(
    ("waits", "median", "p90"),
    [
        ([], None, None),
        ([5.0], 5.0, 5.0),
        ([1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0, 100.0], 5.5, 9.0),
        ([10.0, 20.0], 15.0, 20.0),
    ],
)
def test_median_and_90th_percentile(waits, median, p90):
    assert median_and_p90(waits) == (median, p90)


@pytest.mark.parametrize(
    ("minutes", "words"), [(None, "—"), (4.4, "4 min"), (200, "3 h 20 min"), (3000, "2 days 2 h")]
)
def test_durations_read_as_words(minutes, words):
    assert duration_words(minutes) == words


@pytest.mark.parametrize(("value", "ceiling"), [(0, 1), (3, 5), (7, 10), (11, 20), (240, 500)])
def test_axis_ends_on_a_round_number(value, ceiling):
    assert nice_ceiling(value) == ceiling


def test_chart_has_dated_bars_and_count_ticks():
    start = date(2026, 10, 1)
    days = [
        DayCounts(start + timedelta(days=n), {"approved": n, "held": 1, "spam": 0, "removed": 0})
        for n in range(30)
    ]
    drawn = chart(days)
    assert [value for value, _ in drawn["y_ticks"]] == [0, 12, 25, 37, 50]
    assert drawn["x_labels"][0][0] == "Oct 1" and drawn["x_labels"][-1][0] == "Oct 30"
    assert len(drawn["bars"]) == 30
    tallest = drawn["bars"][-1]
    top_of_bar = min(y for *_, y, _h in tallest.segments)
    assert top_of_bar >= drawn["top"]


def test_dashboard_counts_each_moderators_decisions_for_administrators(
    client, article, moderator, django_user_model
):
    from comments.tests.helpers import moderate

    admin = django_user_model.objects.create_superuser("boss", "boss@example.com", "pw")
    moderate(CommentFactory(content_object=article, status=Status.HELD), "approve", actor=moderator)
    client.force_login(admin)
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Decisions by moderator" in html and "moderator: 1" in html
    client.force_login(moderator)
    assert "Decisions by moderator" not in client.get(reverse("wagtailadmin_home")).content.decode()


def test_no_gravatar_unless_the_site_enables_it(client, moderator, settings):
    client.force_login(moderator)
    assert "gravatar" not in client.get(reverse("wagtailadmin_home")).content.decode().lower()
    settings.WAGTAIL_GRAVATAR_PROVIDER_URL = "//www.gravatar.com/avatar"
    assert "gravatar.com" in client.get(reverse("wagtailadmin_home")).content.decode()

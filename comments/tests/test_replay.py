"""Policy replay: a changed policy re-run over the recorded submissions, read-only."""

import json
from dataclasses import replace

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from blog.tests.factories import BlogPageFactory
from comments.models import ModerationDecision, OutgoingEmail, Status
from comments.moderation.replay import UNKNOWN_TEXT, policy_replay
from comments.moderation.site_settings import current_policy
from comments.posting import Outcome
from comments.tests.helpers import moderate, set_policy
from comments.tests.replay_history import links, post

pytestmark = pytest.mark.django_db


@pytest.fixture
def history(settings):
    """Twelve submissions by distinct readers: 0 to 3 links, some mentioning 'casino'."""
    settings.COMMENTS_XTD_CONFIRM_EMAIL = False
    set_policy(premoderate_new_commenters=False, link_limit=3, flood_max_comments=0)
    article = BlogPageFactory()
    posted = {}
    for i in range(12):
        n_links = i % 4
        word = " casino tonight" if i % 3 == 0 else ""
        text = f"Comment number {i}{word}. {links(n_links)}"
        result = post(article, text, email=f"reader{i}@example.com", ip=f"192.0.2.{i + 1}")
        posted[i] = (result.comment, n_links, bool(word))
    return article, posted


def _moved(report, before, after):
    return {
        sample.comment_id
        for t in report.transitions
        if (t.before, t.after) == (before, after)
        for sample in t.samples
    }


def test_replaying_the_policy_in_force_changes_no_outcome(history):
    report = policy_replay(current_policy())
    assert report.replayed == 12
    assert report.changed == 0


def test_lowering_the_link_limit_holds_exactly_the_comments_with_that_many_links(
    history, monkeypatch
):
    monkeypatch.setattr("comments.moderation.replay.SAMPLES", 100)
    _, posted = history
    report = policy_replay(replace(current_policy(), link_limit=2))
    expected = {c.pk for c, n_links, _ in posted.values() if n_links == 2}
    assert _moved(report, "published", "held") == expected
    assert report.changed == len(expected)
    assert [code for code, _, _ in report.by_rule] == ["link_count"]


def test_a_word_added_to_the_list_holds_exactly_the_comments_containing_it(history, monkeypatch):
    monkeypatch.setattr("comments.moderation.replay.SAMPLES", 100)
    _, posted = history
    report = policy_replay(replace(current_policy(), moderation_words=("casino",)))
    expected = {
        c.pk for c, n_links, has_word in posted.values() if has_word and c.status == Status.APPROVED
    }
    assert expected
    assert _moved(report, "published", "held") == expected
    assert report.changed == len(expected)


def test_raising_the_link_limit_publishes_the_held_comments(history, monkeypatch):
    monkeypatch.setattr("comments.moderation.replay.SAMPLES", 100)
    _, posted = history
    report = policy_replay(replace(current_policy(), link_limit=0))
    expected = {c.pk for c, n_links, _ in posted.values() if n_links == 3}
    assert _moved(report, "held", "published") == expected


def test_samples_link_to_the_desk_and_say_what_moderators_did(history, admin_user):
    _, posted = history
    held = next(c for c, n_links, _ in posted.values() if n_links == 3)
    moderate(held, "spam", actor=admin_user)
    report = policy_replay(replace(current_policy(), link_limit=0))
    (transition,) = report.transitions
    sample = next(s for s in transition.samples if s.comment_id == held.pk)
    assert sample.desk_url == reverse("comment_desk:inspect", args=[held.pk])
    assert sample.moderator == "Marked spam by a moderator"
    assert transition.moderators["Marked spam by a moderator"] == 1


def test_replay_records_no_decision_and_sends_no_mail(history):
    decisions = ModerationDecision.objects.count()
    emails = OutgoingEmail.objects.count()
    statuses = sorted(ModerationDecision.objects.values_list("comment__status", flat=True))
    mail.outbox.clear()
    policy_replay(replace(current_policy(), link_limit=1, default_policy="premoderate"))
    assert ModerationDecision.objects.count() == decisions
    assert OutgoingEmail.objects.count() == emails
    assert mail.outbox == []
    assert sorted(ModerationDecision.objects.values_list("comment__status", flat=True)) == statuses


def test_a_refused_submission_whose_text_was_not_kept_is_reported_apart(settings):
    settings.COMMENTS_XTD_CONFIRM_EMAIL = False
    set_policy(premoderate_new_commenters=False, flood_max_comments=1)
    article = BlogPageFactory()
    post(article, "First.", email="fast@example.com")
    refused = post(article, "Second.", email="fast@example.com")
    assert refused.outcome == Outcome.REFUSED
    assert policy_replay(current_policy()).changed == 0
    report = policy_replay(replace(current_policy(), flood_max_comments=0))
    (transition,) = report.transitions
    assert (transition.before, transition.after) == ("rejected", UNKNOWN_TEXT)
    assert report.text_unknown == 1


def test_an_article_override_replays_only_that_article(history, settings):
    article, posted = history
    other = BlogPageFactory()
    post(other, "Elsewhere.", email="other@example.com")
    settings_now = article.comment_settings()
    report = policy_replay(
        current_policy(),
        article_key=(posted[0][0].content_type_id, str(article.pk)),
        article=replace(settings_now, policy="premoderate"),
    )
    assert report.replayed == 12
    published = sum(1 for c, _, _ in posted.values() if c.status == Status.APPROVED)
    assert report.headline["published → held"] == published


def test_the_command_prints_no_change_for_the_policy_in_force(history, capsys):
    call_command("replay_policy", "--days", "30")
    assert "0 would change outcome" in capsys.readouterr().out


def test_the_command_replays_a_policy_file(history, tmp_path, capsys):
    path = tmp_path / "policy.json"
    path.write_text(json.dumps({"link_limit": 2}))
    call_command("replay_policy", "--from-file", str(path))
    out = capsys.readouterr().out
    assert "published → held" in out
    assert "Too many links" in out

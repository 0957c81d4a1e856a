"""Every reader reports with a reason, once; distinct reporters count; moderators see why."""

import pytest
from django.test import Client
from django.urls import reverse

from comments.models import CommentReport, Status
from comments.tests.factories import CommentFactory
from comments.tests.helpers import set_policy

pytestmark = pytest.mark.django_db


@pytest.fixture
def comment(article):
    return CommentFactory(content_object=article, comment="Buy cheap watches")


def report(client, comment, reason="spam", ip="203.0.113.5", **extra):
    return client.post(f"/comments/flag/{comment.pk}/", {"reason": reason, **extra}, REMOTE_ADDR=ip)


def test_an_anonymous_reader_gets_the_report_form_not_a_login_page(client, comment):
    response = client.get(f"/comments/flag/{comment.pk}/")
    assert response.status_code == 200
    body = response.content.decode()
    for label in ("Spam", "Abuse or harassment", "Off-topic", "Personal data", "Something else"):
        assert label in body
    assert "/admin/login" not in body


def test_an_anonymous_report_is_thanked_and_recorded_with_its_reason(client, comment):
    response = report(client, comment, "off_topic", details="Not about trains")
    assert response.status_code == 200
    assert "Thanks, a moderator will look at it" in response.content.decode()
    stored = CommentReport.objects.get()
    assert (stored.reason, stored.details, stored.user) == ("off_topic", "Not about trains", None)


def test_a_signed_in_reader_reports_directly(client, comment, reader):
    client.force_login(reader)
    assert report(client, comment, "abuse").status_code == 200
    assert CommentReport.objects.get().user == reader


def test_the_same_reader_cannot_report_twice(client, comment, reader):
    client.force_login(reader)
    report(client, comment)
    again = client.get(f"/comments/flag/{comment.pk}/")
    assert "You have already reported this comment" in again.content.decode()
    assert report(client, comment, "abuse").status_code == 200
    assert CommentReport.objects.count() == 1


def test_the_same_guest_address_counts_once(comment):
    set_policy(flag_threshold=2)
    report(Client(), comment, ip="203.0.113.5")
    report(Client(), comment, ip="203.0.113.5")
    comment.refresh_from_db()
    assert CommentReport.objects.count() == 1
    assert comment.status == Status.APPROVED


def test_the_threshold_counts_distinct_reporters(comment, reader):
    set_policy(flag_threshold=2)
    report(Client(), comment, ip="203.0.113.5")
    signed_in = Client()
    signed_in.force_login(reader)
    report(signed_in, comment, ip="203.0.113.5")
    comment.refresh_from_db()
    assert comment.status == Status.HELD


def test_guest_reports_are_rate_limited_per_address(article, settings):
    settings.TRIBUNE_GUEST_REPORTS_PER_HOUR = 2
    comments = [CommentFactory(content_object=article) for _ in range(3)]
    assert report(Client(), comments[0]).status_code == 200
    assert report(Client(), comments[1]).status_code == 200
    refused = report(Client(), comments[2])
    assert refused.status_code == 429
    assert "many reports" in refused.content.decode()
    assert report(Client(), comments[2], ip="198.51.100.9").status_code == 200


@pytest.mark.parametrize("reason", ["", "nonsense", "spam" * 100])
def test_a_report_without_a_known_reason_is_refused_plainly(client, comment, reason):
    response = report(client, comment, reason)
    assert response.status_code == 400
    assert "Please choose" in response.content.decode()
    assert not CommentReport.objects.exists()


def test_the_missing_reason_message_is_linked_to_the_choices(client, comment):
    page = report(client, comment, "").content.decode()
    assert 'aria-describedby="id_reason_error"' in page
    assert 'id="id_reason_error"' in page


def test_reasons_show_in_the_moderation_desk(client, comment, moderator):
    report(Client(), comment, "personal_data", details="Shows my address")
    client.force_login(moderator)
    body = client.get(reverse("comment_desk:inspect", args=[comment.pk])).content.decode()
    assert "Personal data" in body
    assert "Shows my address" in body


def test_the_flagged_queue_lists_comments_guests_reported(client, comment, moderator):
    report(Client(), comment)
    client.force_login(moderator)
    body = client.get(reverse("comment_desk:index") + "?queue=flagged").content.decode()
    assert "Buy cheap watches" in body


def test_a_title_ending_in_a_full_stop_is_not_followed_by_another(client, comment, article):
    article.title = "Russia burns Aleppo."
    article.save_revision().publish()
    body = report(client, comment).content.decode()
    assert "Russia burns Aleppo.</a>" in body and "Aleppo.</a>." not in body

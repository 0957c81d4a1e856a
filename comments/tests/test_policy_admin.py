"""Editors set the moderation policy in Wagtail, and per article on its Comments tab."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from wagtail.models import Site

from comments.moderation.site_settings import ModerationSettings

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor_client(client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("editor", "e@example.com", "pw"))
    return client


def _settings_url():
    site = Site.objects.get(is_default_site=True)
    return reverse("wagtailsettings:edit", args=["comments", "moderationsettings", site.pk])


def test_policy_form_shows_every_field_with_help(editor_client):
    html = editor_client.get(_settings_url()).content.decode()
    for text in (
        "Moderation words",
        "Disallowed words",
        "Blocklist",
        "Link limit",
        "Flag threshold",
        "One entry per line",
    ):
        assert text in html


def test_editor_saves_policy_in_admin(editor_client):
    form = {
        "default_policy": "premoderate",
        "close_after_days": "30",
        "max_thread_depth": "2",
        "threads_per_page": "50",
        "premoderate_new_commenters": "on",
        "min_seconds_to_submit": "3",
        "flood_max_comments": "5",
        "flood_window_minutes": "10",
        "duplicate_window_minutes": "60",
        "link_limit": "2",
        "hold_removed_markup": "on",
        "flag_threshold": "3",
        "moderation_words": "refund\nloan",
        "disallowed_words": "",
        "blocklist": "@spam.example\n203.0.113.0/24",
        "spam_hold_above": "0.8",
        "spam_mark_above": "0",
    }
    response = editor_client.post(_settings_url(), form)
    assert response.status_code == 302
    policy = ModerationSettings.objects.get()
    assert policy.snapshot().moderation_words == ("refund", "loan")
    assert policy.snapshot().blocklist == ("@spam.example", "203.0.113.0/24")


def test_invalid_blocklist_entry_is_explained(editor_client):
    response = editor_client.post(
        _settings_url(), {"blocklist": "not an entry", "default_policy": "open"}
    )
    assert response.status_code == 200
    assert (
        "Not an email address, domain, IP address or CIDR range: not an entry"
        in response.content.decode()
    )


def test_article_editor_links_to_reader_comment_settings(editor_client, article):
    html = editor_client.get(reverse("wagtailadmin_pages:edit", args=[article.pk])).content.decode()
    assert "Reader comments" in html
    settings_url = reverse(
        "comment_desk:discussion", args=[ContentType.objects.get_for_model(article).pk, article.pk]
    )
    assert f'href="{settings_url}"' in html
    for field in ("comment_policy", "comments_close_after_days", "comment_max_depth"):
        assert f'name="{field}"' not in html

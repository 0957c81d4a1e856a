"""'Preview this change' on the moderation settings screen and an article's Comments tab."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from wagtail.models import Site

from comments.discussion_settings import discussion_settings_for
from comments.models import ModerationDecision
from comments.moderation.site_settings import ModerationSettings
from comments.tests.helpers import set_policy
from comments.tests.replay_history import links, post

pytestmark = pytest.mark.django_db

FORM = {
    "default_policy": "open",
    "close_after_days": "0",
    "max_thread_depth": "3",
    "min_seconds_to_submit": "3",
    "flood_max_comments": "0",
    "flood_window_minutes": "10",
    "duplicate_window_minutes": "1440",
    "link_limit": "3",
    "hold_removed_markup": "on",
    "flag_threshold": "3",
    "moderation_words": "",
    "disallowed_words": "",
    "blocklist": "",
    "spam_hold_above": "0.8",
    "spam_mark_above": "0",
    "threads_per_page": "50",
}


@pytest.fixture
def editor_client(client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("editor", "e@example.com", "pw"))
    return client


@pytest.fixture
def article(settings):
    from blog.tests.factories import BlogPageFactory

    settings.COMMENTS_XTD_CONFIRM_EMAIL = False
    set_policy(premoderate_new_commenters=False, link_limit=3, flood_max_comments=0)
    page = BlogPageFactory()
    for i in range(4):
        post(page, f"Comment {i} {links(2 if i % 2 else 0)}", email=f"r{i}@example.com")
    return page


def _settings_url():
    site = Site.objects.get(is_default_site=True)
    return reverse("wagtailsettings:edit", args=["comments", "moderationsettings", site.pk])


def test_the_settings_screen_offers_a_preview_button(editor_client):
    html = editor_client.get(_settings_url()).content.decode()
    assert "Preview this change" in html
    assert f'formaction="{reverse("comment_desk:preview_policy")}"' in html


def test_previewing_the_settings_form_shows_the_changes_and_saves_nothing(editor_client, article):
    decisions = ModerationDecision.objects.count()
    response = editor_client.post(
        reverse("comment_desk:preview_policy"), {**FORM, "link_limit": "2"}
    )
    assert response.status_code == 200
    assert response.context["report"].headline["published → held"] == 2
    assert "published → held: 2" in response.content.decode()
    assert ModerationSettings.objects.get().link_limit == 3
    assert ModerationDecision.objects.count() == decisions


def test_previewing_an_invalid_settings_form_explains_the_error(editor_client, article):
    response = editor_client.post(
        reverse("comment_desk:preview_policy"), {**FORM, "blocklist": "not an entry"}
    )
    assert response.status_code == 400
    assert "Not an email address" in response.content.decode()


def test_the_articles_reader_comment_settings_offer_a_preview_button(editor_client, article):
    content_type = ContentType.objects.get_for_model(article)
    url = reverse("comment_desk:discussion", args=[content_type.pk, article.pk])
    html = editor_client.get(url).content.decode()
    assert reverse("comment_desk:preview_article", args=[article.pk]) in html


def test_previewing_an_article_change_replays_its_comments_unsaved(editor_client, article):
    response = editor_client.post(
        reverse("comment_desk:preview_article", args=[article.pk]),
        {"policy": "premoderate", "close_after_days": "", "max_depth": "", "threads_per_page": ""},
    )
    assert response.status_code == 200
    assert response.context["report"].headline["published → held"] == 4
    assert discussion_settings_for(article).policy == "inherit"


def test_readers_cannot_preview(client, django_user_model, article):
    client.force_login(django_user_model.objects.create_user("reader", "r@example.com", "pw"))
    response = client.post(reverse("comment_desk:preview_policy"), FORM)
    assert response.status_code in {302, 403}
    assert "report" not in (response.context or {})

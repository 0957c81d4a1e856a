"""The desk's queues: tabs, filters, search, sorting, and a query count that does not grow."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from blog.tests.factories import BlogPageFactory
from comments import services
from comments.models import Status, TribuneComment
from comments.seeding import seed_comments
from comments.tests.desk_roles import make_roles
from comments.tests.factories import CommentFactory
from comments.tests.helpers import moderate

pytestmark = pytest.mark.django_db


@pytest.fixture
def aleppo_article():
    """An article whose title the listing rows must show."""
    return BlogPageFactory(title="Aleppo under fire")


@pytest.fixture
def moderator_client(client, django_user_model, aleppo_article):
    roles = make_roles(django_user_model, aleppo_article, BlogPageFactory())
    client.force_login(roles.moderator)
    client.roles = roles
    return client


def _listing(client, **params):
    response = client.get(reverse("comment_desk:index"), params)
    assert response.status_code == 200
    return response.content.decode()


def test_queue_tabs_with_counts(moderator_client, aleppo_article):
    CommentFactory(content_object=aleppo_article, status=Status.HELD)
    CommentFactory(content_object=aleppo_article, status=Status.SPAM)
    CommentFactory(content_object=aleppo_article)
    html = _listing(moderator_client)
    for label in ("Awaiting moderation", "Flagged", "Approved", "Spam", "Removed"):
        assert label in html
    assert (
        'aria-current="page">Awaiting moderation <span class="tribune-queues__count">1</span>'
        in html
    )


@pytest.mark.parametrize(
    ("queue", "status"),
    [
        ("pending", Status.HELD),
        ("approved", Status.APPROVED),
        ("spam", Status.SPAM),
        ("removed", Status.REMOVED),
    ],
)
def test_each_queue_lists_only_its_comments(moderator_client, aleppo_article, queue, status):
    for each in (Status.HELD, Status.APPROVED, Status.SPAM, Status.REMOVED):
        CommentFactory(
            content_object=aleppo_article, status=each, comment=f"text of a {each} comment"
        )
    html = _listing(moderator_client, queue=queue)
    assert f"text of a {status} comment" in html
    assert sum(f"text of a {each} comment" in html for each in Status.values) == 1


def test_flagged_queue_lists_flagged_comments(moderator_client, aleppo_article):
    flagged = CommentFactory(content_object=aleppo_article, comment="a flagged comment")
    CommentFactory(content_object=aleppo_article, comment="an unflagged comment")
    services.comment_flag(comment=flagged, user=moderator_client.roles.reader)
    html = _listing(moderator_client, queue="flagged")
    assert "a flagged comment" in html and "an unflagged comment" not in html
    assert "flagged ×1" in html


def test_row_shows_author_email_ip_article_and_reason(moderator_client, aleppo_article):
    CommentFactory(
        content_object=aleppo_article, status=Status.HELD, user_name="Amira", user_email="amira@example.com",
        ip_address="203.0.113.9", moderation_summary="First comment from this author.",
    )  # fmt: skip
    html = _listing(moderator_client)
    for text in (
        "Amira &lt;amira@example.com&gt;",
        "203.0.113.9",
        "Aleppo under fire",
        "First comment from this author.",
    ):
        assert text in html


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"user_name": "amir"}, "by Amira"),
        ({"user_email": "BEN@example.com"}, "by Ben"),
        ({"moderation_reason": "link_count"}, "by Ben"),
        ({"q": "pistachio"}, "by Amira"),
    ],
)
def test_filters_and_search(moderator_client, aleppo_article, params, expected):
    CommentFactory(
        content_object=aleppo_article,
        status=Status.HELD,
        user_name="Amira",
        user_email="a@example.com",
        comment="pistachio by Amira",
        moderation_reason="new_commenter",
    )
    CommentFactory(
        content_object=aleppo_article,
        status=Status.HELD,
        user_name="Ben",
        user_email="ben@example.com",
        comment="walnut by Ben",
        moderation_reason="link_count",
    )
    html = _listing(moderator_client, **params)
    assert expected in html
    other = "by Ben" if expected == "by Amira" else "by Amira"
    assert other not in html


def test_filter_by_article(moderator_client, aleppo_article):
    elsewhere = BlogPageFactory()
    CommentFactory(content_object=aleppo_article, status=Status.HELD, comment="here")
    CommentFactory(content_object=elsewhere, status=Status.HELD, comment="there")
    html = _listing(moderator_client, article=aleppo_article.pk)
    assert "here" in html and ">there<" not in html


def test_filter_by_date_range(moderator_client, aleppo_article):
    old = CommentFactory(content_object=aleppo_article, status=Status.HELD, comment="old words")
    TribuneComment.objects.filter(pk=old.pk).update(submit_date=timezone.now() - timedelta(days=40))
    CommentFactory(content_object=aleppo_article, status=Status.HELD, comment="new words")
    since = (timezone.localdate() - timedelta(days=7)).isoformat()
    html = _listing(moderator_client, submit_date_from=since)
    assert "new words" in html and "old words" not in html


def test_sorted_newest_first_and_reversible(moderator_client, aleppo_article):
    first = CommentFactory(
        content_object=aleppo_article, status=Status.HELD, comment="earlier words"
    )
    TribuneComment.objects.filter(pk=first.pk).update(
        submit_date=timezone.now() - timedelta(hours=1)
    )
    CommentFactory(content_object=aleppo_article, status=Status.HELD, comment="later words")
    newest_first = _listing(moderator_client)
    assert newest_first.index("later words") < newest_first.index("earlier words")
    oldest_first = _listing(moderator_client, ordering="submit_date")
    assert oldest_first.index("earlier words") < oldest_first.index("later words")


def _listing_queries(client) -> int:
    client.get(reverse("comment_desk:index"), {"queue": "approved"})
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("comment_desk:index"), {"queue": "approved"})
    assert response.status_code == 200
    return len(queries)


def test_listing_queries_do_not_grow_with_rows(moderator_client, aleppo_article):
    small = BlogPageFactory()
    seed_comments(small, 10, seed=1)
    few = _listing_queries(moderator_client)
    seed_comments(aleppo_article, 500, seed=2)
    assert TribuneComment.objects.filter(status=Status.APPROVED).count() > 450
    assert _listing_queries(moderator_client) == few


def test_page_explorer_shows_comment_counts(moderator_client, aleppo_article, django_user_model):
    CommentFactory(content_object=aleppo_article)
    CommentFactory(content_object=aleppo_article, status=Status.HELD)
    moderator_client.force_login(
        django_user_model.objects.create_superuser("chief", "c@example.com", "pw")
    )
    html = moderator_client.get(
        reverse("wagtailadmin_explore", args=[aleppo_article.get_parent().pk])
    ).content.decode()
    assert "Reader comments: 1 · 1 pending" in html
    assert f"/admin/moderation/?queue=pending&amp;article={aleppo_article.pk}" in html


def test_page_editor_links_to_the_articles_comments(moderator_client, aleppo_article):
    moderator_client.force_login(moderator_client.roles.article_editor)
    html = moderator_client.get(
        reverse("wagtailadmin_pages:edit", args=[aleppo_article.pk])
    ).content.decode()
    assert f"/admin/moderation/?queue=pending&amp;article={aleppo_article.pk}" in html


def test_dashboard_panel_shows_pending_and_chart(moderator_client, aleppo_article):
    seed_comments(aleppo_article, 40, seed=3)
    held = TribuneComment.objects.filter(status=Status.HELD).first()
    moderate(held, "approve", actor=moderator_client.roles.moderator)
    html = moderator_client.get(reverse("wagtailadmin_home")).content.decode()
    pending = TribuneComment.objects.filter(status=Status.HELD).count()
    assert f"<strong>{pending}</strong> comment" in html
    assert "<rect" in html
    assert "Approved: " in html and "median <strong>" in html and "90th percentile" in html

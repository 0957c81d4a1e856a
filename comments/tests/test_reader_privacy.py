"""Readers' data: the reader page, download, erase (accounts, and guests by a link that works
once and expires), account deletion, and the retention sweep."""

import json
import re
from datetime import timedelta

import pytest
from django.core import signing
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from blog.tests.factories import BlogPageFactory
from comments.models import (
    CommentRevision,
    ModerationDecision,
    OutgoingEmail,
    PrivacyAction,
    Status,
    TribuneComment,
)
from comments.readers import privacy
from comments.tests.factories import CommentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def mine(article, reader):
    return CommentFactory(
        content_object=article,
        user=reader,
        user_name="reader",
        user_email=reader.email,
        comment="My secret opinion",
        ip_address="203.0.113.7",
        followup=True,
    )


@pytest.fixture
def theirs(article):
    return CommentFactory(
        content_object=article, user_email="other@example.com", comment="Their words"
    )


@pytest.fixture
def signed_in(client, reader):
    client.force_login(reader)
    return client


def test_the_reader_page_lists_own_comments_with_their_status(signed_in, mine, theirs, article):
    held = CommentFactory(
        content_object=article,
        user=mine.user,
        user_email="reader@example.com",
        comment="Waiting",
        status=Status.HELD,
    )
    ModerationDecision.objects.create(
        comment=held,
        content_type_id=held.content_type_id,
        object_pk=held.object_pk,
        verdict="hold",
        reasons=["moderation_words"],
        trace=[{"rule": "secret-trace"}],
        stage="posting",
    )
    body = signed_in.get("/comments/you/").content.decode()
    assert "My secret opinion" in body and "Published" in body
    assert "Awaiting moderation" in body
    assert "Their words" not in body
    assert "secret-trace" not in body and "moderation_words" not in body


def _reader_page_queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/comments/you/").status_code == 200
    return len(queries)


def test_the_reader_page_costs_the_same_queries_however_many_comments(signed_in, mine, reader):
    signed_in.get("/comments/you/")
    few = _reader_page_queries(signed_in)
    for _ in range(5):
        CommentFactory(
            content_object=BlogPageFactory(), user=reader, user_email=reader.email, followup=True
        )
    assert _reader_page_queries(signed_in) == few


def test_the_reader_page_needs_an_account_and_leads_to_the_reader_sign_in(client):
    response = client.get("/comments/you/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_unfollow_one_article_and_stop_all_emails(signed_in, mine, article):
    signed_in.post("/comments/you/unfollow/", {"ct": mine.content_type_id, "pk": article.pk})
    mine.refresh_from_db()
    assert mine.followup is False
    TribuneComment.objects.filter(pk=mine.pk).update(followup=True, notify_decision=True)
    signed_in.post("/comments/you/unfollow/", {"all": "1"})
    mine.refresh_from_db()
    assert (mine.followup, mine.notify_decision) == (False, False)


def test_unfollow_never_touches_another_readers_comments(signed_in, mine, theirs, article):
    TribuneComment.objects.filter(pk=theirs.pk).update(followup=True)
    signed_in.post("/comments/you/unfollow/", {"all": "1"})
    theirs.refresh_from_db()
    assert theirs.followup is True


def test_download_holds_own_comments_only_and_is_recorded(signed_in, mine, theirs):
    response = signed_in.post("/comments/you/export/")
    assert response["Content-Type"] == "application/json"
    data = json.loads(response.content)
    assert [c["text"] for c in data["comments"]] == ["My secret opinion"]
    assert data["account"]["email"] == "reader@example.com"
    action = PrivacyAction.objects.get(kind="export")
    assert action.comment_count == 1 and "secret" not in str(action.__dict__)


def test_erase_leaves_tombstones_and_a_record_without_the_content(signed_in, mine, theirs, article):
    reply = CommentFactory(parent=mine, comment="A reply")
    CommentRevision.objects.create(
        comment=mine,
        editor_name="reader",
        old_text="My first secret",
        old_html="",
        new_text="My secret opinion",
        new_html="",
    )
    signed_in.post("/comments/you/erase/")
    mine.refresh_from_db()
    assert (mine.status, mine.withdrawn, mine.comment, mine.user_email) == (
        Status.REMOVED,
        "erased",
        "",
        "",
    )
    assert mine.ip_address is None and mine.user_id is None
    assert not CommentRevision.objects.filter(comment=mine).exists()
    for decision in ModerationDecision.objects.filter(comment=mine):
        assert "secret" not in json.dumps(decision.trace) + decision.summary
        assert decision.author_email == "" and decision.ip_address is None
    page = signed_in.get(article.url).content.decode()
    assert "Comment erased at its author&#x27;s request." in page or "erased at its author" in page
    assert "A reply" in page and "My secret opinion" not in page
    theirs.refresh_from_db()
    assert theirs.comment == "Their words" and reply.pk
    action = PrivacyAction.objects.get(kind="erase")
    assert action.comment_count == 1


@pytest.mark.parametrize("path", ["/comments/you/export/", "/comments/you/erase/"])
def test_a_guest_cannot_export_or_erase_an_accounts_comments(client, mine, path):
    response = client.post(path)
    assert response.status_code == 302
    mine.refresh_from_db()
    assert mine.comment == "My secret opinion"
    assert not PrivacyAction.objects.exists()


def test_delete_account_needs_the_password(signed_in, reader, mine):
    response = signed_in.post("/comments/you/delete-account/", {"password": "wrong"})
    assert response.status_code == 400
    reader.refresh_from_db()
    signed_in.post("/comments/you/delete-account/", {"password": "pw", "erase": "1"})
    assert not type(reader).objects.filter(pk=reader.pk).exists()
    mine.refresh_from_db()
    assert mine.withdrawn == "erased"
    assert PrivacyAction.objects.filter(kind="delete_account").exists()


def guest_link(client, email) -> str:
    client.post("/comments/your-data/", {"email": email})
    body = OutgoingEmail.objects.filter(to=email).latest("pk").body
    return re.search(r"http://testserver(/comments/your-data/\S+/)", body).group(1)


def test_a_guest_erases_by_a_link_that_works_once(client, article):
    guest = CommentFactory(content_object=article, user_email="guest@example.com", comment="G")
    other = CommentFactory(content_object=article, user_email="x@example.com", comment="X")
    link = guest_link(client, "guest@example.com")
    assert client.get(link).status_code == 200
    assert client.post(link, {"action": "erase"}).status_code == 200
    guest.refresh_from_db()
    other.refresh_from_db()
    assert guest.withdrawn == "erased" and other.comment == "X"
    again = client.post(link, {"action": "erase"})
    assert again.status_code == 400
    assert "already used" in again.content.decode()


def test_a_guests_link_expires(client, article, settings):
    CommentFactory(content_object=article, user_email="guest@example.com")
    link = guest_link(client, "guest@example.com")
    settings.TRIBUNE_PRIVACY_LINK_MAX_AGE = -1
    response = client.post(link, {"action": "erase"})
    assert response.status_code == 400
    assert "expired" in response.content.decode()
    assert not TribuneComment.objects.filter(withdrawn="erased").exists()


def test_a_guest_downloads_only_the_comments_of_the_linked_address(client, article):
    CommentFactory(content_object=article, user_email="guest@example.com", comment="Mine")
    CommentFactory(content_object=article, user_email="x@example.com", comment="Not mine")
    link = guest_link(client, "guest@example.com")
    data = json.loads(client.post(link, {"action": "download"}).content)
    assert [c["text"] for c in data["comments"]] == ["Mine"]


def test_asking_for_a_link_says_the_same_for_unknown_addresses(client):
    response = client.post("/comments/your-data/", {"email": "nobody@example.com"})
    assert response.status_code == 200
    assert "If comments were written with" in response.content.decode()
    assert not OutgoingEmail.objects.exists()


def test_a_forged_link_is_refused(client):
    forged = signing.dumps({"e": "guest@example.com", "n": "x"}, salt="wrong")
    assert client.get(f"/comments/your-data/{forged}/").status_code == 400


def test_the_retention_sweep_removes_old_addresses_and_browsers(article):
    old = CommentFactory(content_object=article, ip_address="203.0.113.1", user_agent="UA")
    new = CommentFactory(content_object=article, ip_address="203.0.113.2", user_agent="UA")
    TribuneComment.objects.filter(pk=old.pk).update(submit_date=timezone.now() - timedelta(days=91))
    call_command("purge_personal_data", verbosity=0)
    old.refresh_from_db()
    new.refresh_from_db()
    assert (old.ip_address, old.user_agent) == (None, "")
    assert (new.ip_address, new.user_agent) == ("203.0.113.2", "UA")
    assert PrivacyAction.objects.get(kind="retention").comment_count == 1


def test_retention_counts_the_site_setting(article):
    from wagtail.models import Site

    from comments.models import ReaderSettings

    row = ReaderSettings.for_site(Site.objects.get(is_default_site=True))
    row.retention_days = 5
    row.save()
    old = CommentFactory(content_object=article, ip_address="203.0.113.1")
    TribuneComment.objects.filter(pk=old.pk).update(submit_date=timezone.now() - timedelta(days=6))
    call_command("purge_personal_data", verbosity=0)
    old.refresh_from_db()
    assert old.ip_address is None


def test_privacy_functions_never_mix_addresses():
    assert privacy.subject_for_email("A@Example.com") == privacy.subject_for_email("a@example.com")

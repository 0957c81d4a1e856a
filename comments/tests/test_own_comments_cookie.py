"""A guest's own comments are remembered in a signed cookie (comments.own_comments): the POST
writes no session, the guest still sees their held comment, and nobody can claim another's."""

import pytest
from django.contrib.sessions.models import Session
from django.core import signing
from django.test import Client
from django.urls import reverse

from comments.cookie_lists import SEPARATOR
from comments.models import Status, TribuneComment
from comments.own_comments import KEPT, SALT, own_comment_ids
from comments.tests.factories import CommentFactory
from comments.tests.helpers import post_comment, set_policy

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_email_confirmation")]


@pytest.fixture
def premoderated(db):
    return set_policy(default_policy="premoderate")


def _cookie_for(ids: list[int], separator: str = SEPARATOR) -> str:
    signer = signing.get_cookie_signer(salt="tribune_own" + SALT)
    return signer.sign(separator.join(map(str, ids)))


def test_a_guest_post_writes_no_session_and_sets_the_own_comments_cookie(article, premoderated):
    guest = Client()
    response = post_comment(guest, article, comment="Held for now")
    assert response.status_code == 302
    assert "sessionid" not in response.cookies
    assert not Session.objects.exists()
    held = TribuneComment.objects.get(comment="Held for now")
    assert response.cookies["tribune_own"]["httponly"]
    assert guest.cookies["tribune_own"].value.startswith(f"{held.pk}:")


def test_the_guest_sees_their_held_comment_on_the_article_page(article, premoderated):
    guest = Client()
    post_comment(guest, article, comment="Held for now")
    page = guest.get(article.url)
    assert "Held for now" in page.content.decode()
    assert "private" in page["Cache-Control"]


def test_a_forged_cookie_shows_nothing_held(article):
    held = CommentFactory(content_object=article, comment="Not yours", status=Status.HELD)
    stranger = Client()
    stranger.cookies["tribune_own"] = f"{held.pk}:forged-signature"
    assert "Not yours" not in stranger.get(article.url).content.decode()


def test_a_cookie_signed_for_another_purpose_claims_nothing(article, rf):
    held = CommentFactory(content_object=article, status=Status.HELD)
    other = signing.get_cookie_signer(salt="tribune_confirmed" + SALT).sign(str(held.pk))
    request = rf.get("/", HTTP_COOKIE=f"tribune_own={other}")
    assert own_comment_ids(request) == []


def test_a_genuine_cookie_lists_the_ids_it_was_given(rf):
    request = rf.get("/", HTTP_COOKIE=f"tribune_own={_cookie_for([3, 5, 8])}")
    assert own_comment_ids(request) == [3, 5, 8]


def test_a_cookie_written_before_with_commas_is_still_read(rf):
    request = rf.get("/", HTTP_COOKIE=f"tribune_own={_cookie_for([3, 5, 8], separator=',')}")
    assert own_comment_ids(request) == [3, 5, 8]


def test_the_list_is_written_as_cookies_allow_it_unquoted(article, trusting_policy):
    """A quoted value is escaped character by character, and unescaped again by every request
    the browser sends (75 µs for a full list)."""
    guest = Client()
    guest.cookies["tribune_own"] = _cookie_for(list(range(10_001, 10_001 + KEPT)))
    response = post_comment(guest, article, comment="One more")
    header = response.cookies["tribune_own"].OutputString()
    assert header.startswith("tribune_own=1") and "\\" not in header


def test_the_cookie_keeps_only_the_newest_comments(article, trusting_policy, rf):
    older = list(range(10_001, 10_001 + KEPT))
    guest = Client()
    guest.cookies["tribune_own"] = _cookie_for(older)
    post_comment(guest, article, comment="The newest")
    newest = TribuneComment.objects.get(comment="The newest")
    sent = rf.get("/", HTTP_COOKIE=f"tribune_own={guest.cookies['tribune_own'].value}")
    assert own_comment_ids(sent) == [*older[1:], newest.pk]


def test_signing_out_drops_the_list_of_own_comments(article, reader, client):
    client.cookies["tribune_own"] = _cookie_for([1, 2])
    client.force_login(reader)
    response = client.post(reverse("account_logout"))
    assert response.cookies["tribune_own"].value == ""
    assert response.cookies["tribune_own"]["max-age"] == 0


def test_other_pages_leave_the_list_of_own_comments_alone(article, client):
    client.cookies["tribune_own"] = _cookie_for([1, 2])
    response = client.get(article.url)
    assert "tribune_own" not in response.cookies

"""Commenters' avatars: made on the site, stable per commenter, and never a way to the address."""

import hashlib
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from comments.avatars import PALETTE_SIZE, avatar_for, colour_of, initials_of
from comments.models import Status
from comments.tests.factories import CommentFactory

EMAIL = "Vreni.Keller@example.com"


@pytest.mark.parametrize(
    ("name", "initials"),
    [
        ("Urs", "U"),
        ("amira haddad", "AH"),
        ("Jean-Luc de la Fontaine", "JF"),
        ("  ", "?"),
        ("42 Street", "S"),
        ("Ølaf Ånd", "ØÅ"),
        ("", "?"),
        ("ßaba Weiß", "SW"),
    ],
)
def test_initials_are_the_first_and_last_words_first_letters(name, initials):
    assert initials_of(name) == initials


@given(st.text(max_size=60))
def test_initials_are_one_or_two_letters_or_a_question_mark(name):
    initials = initials_of(name)
    assert initials == "?" or (1 <= len(initials) <= 2 and all(c.isalpha() for c in initials))


@given(st.emails())
def test_colour_is_in_the_palette_and_ignores_case_and_spaces(email):
    colour = colour_of(email)
    assert 0 <= colour < PALETTE_SIZE
    assert colour_of(f"  {email.upper()} ") == colour


def test_colour_is_keyed_by_the_server_secret(settings):
    emails = [f"reader{n}@example.com" for n in range(40)]
    before = [colour_of(e) for e in emails]
    settings.SECRET_KEY = "another secret entirely, for this test only"
    assert [colour_of(e) for e in emails] != before


@pytest.mark.django_db
def test_each_comment_on_the_page_has_an_avatar_and_the_page_no_address(client, article):
    parent = CommentFactory(content_object=article, user_name="Vreni Keller", user_email=EMAIL)
    CommentFactory(content_object=article, parent=parent, user_email="urs@example.com")
    CommentFactory(content_object=article, status=Status.REMOVED, user_email="gone@example.com")
    html = client.get(article.url).content.decode()
    assert len(re.findall(r'<span class="av a\d" aria-hidden="true">', html)) == 2
    assert '<span class="av a' in html.split(f'id="c{parent.pk}-author"')[0][-200:]
    for address in (EMAIL, EMAIL.lower(), "urs@example.com"):
        assert address not in html
        for digest in (hashlib.md5, hashlib.sha1, hashlib.sha256):
            assert digest(address.encode()).hexdigest() not in html


@pytest.mark.django_db
def test_gravatar_when_the_site_chooses_it_carries_only_a_digest(client, article, settings):
    settings.TRIBUNE_AVATARS = "gravatar"
    CommentFactory(content_object=article, user_email=EMAIL)
    html = client.get(article.url).content.decode()
    digest = hashlib.sha256(EMAIL.lower().encode()).hexdigest()
    assert f'src="https://www.gravatar.com/avatar/{digest}?s=64&amp;d=identicon"' in html
    assert EMAIL.lower() not in html.lower()


def test_avatar_without_an_address_is_coloured_by_the_name():
    assert avatar_for(name="Urs", email="").colour == avatar_for(name="Urs", email="").colour
    assert avatar_for(name="Urs", email="").image_url == ""


@pytest.mark.django_db
def test_moderation_desk_shows_the_avatar_beside_the_author(admin_client, article):
    comment = CommentFactory(content_object=article, user_name="Vreni Keller", user_email=EMAIL)
    avatar = avatar_for(name="Vreni Keller", email=EMAIL)
    expected = f'<span class="{avatar.css_class}" aria-hidden="true">VK</span>'
    queue = admin_client.get("/admin/moderation/?queue=approved").content.decode()
    detail = admin_client.get(f"/admin/moderation/{comment.pk}/").content.decode()
    assert expected in queue
    assert expected in detail

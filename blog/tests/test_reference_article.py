"""The reference article, loaded from the demo data, renders as the seed shows it."""

import json
import re

import pytest
from django.core.management import call_command
from wagtail.models import Site

from blog.demo import DEMO_FILE
from blog.models import Author, BlogIndexPage, BlogPage
from comments.models import TribuneComment
from home.demo import SITE_PAGES_FILE
from home.models import ContentPage

pytestmark = pytest.mark.django_db

DEMO = json.loads(DEMO_FILE.read_text(encoding="utf-8"))
ARTICLE = DEMO["articles"][0]
SITE_PAGES = json.loads(SITE_PAGES_FILE.read_text(encoding="utf-8"))
MILITIAS = [
    "Liwa Abul Fadl al-Abbas",
    "Asai’b Ahl al-Haq",
    "Harakat al-Nujaba’",
    "Kata’ib Hezbollah",
    "Kata’ib al-Imam Ali",
    "Kata’ib Sayid Al-Shuahada’",
    "Badr Organisation – Military Wing",
]


@pytest.fixture
def article_html(client):
    call_command("load_demo")
    article = BlogPage.objects.get(slug=ARTICLE["slug"])
    response = client.get(article.url)
    assert response.status_code == 200
    return response.content.decode()


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).replace("&#x27;", "'")


def test_load_demo_builds_home_blog_and_article_tree():
    call_command("load_demo")
    home = Site.objects.get(is_default_site=True).root_page.specific
    index = BlogIndexPage.objects.child_of(home).get()
    article = BlogPage.objects.child_of(index).get(slug=ARTICLE["slug"])
    assert article.live
    assert article.url == "/blog/russia-burns-aleppo-foreign-militias/"


def test_load_demo_twice_creates_nothing_more():
    call_command("load_demo")
    call_command("load_demo")
    assert BlogPage.objects.count() == len(DEMO["articles"])
    assert BlogIndexPage.objects.count() == 1
    assert Author.objects.count() == len(DEMO["authors"])
    assert ContentPage.objects.count() == len(SITE_PAGES["pages"])
    assert TribuneComment.objects.count() == 1


def test_article_shows_title(article_html):
    assert "<h1>As Russia burns Aleppo from the sky, 5,000 foreign invaders" in article_html


@pytest.mark.parametrize("block", range(len(ARTICLE["body"])))
def test_article_shows_every_paragraph(article_html, block):
    expected = _text(ARTICLE["body"][block]["value"]).strip()
    assert expected in _text(article_html)


def test_article_has_to_this_end_section(article_html):
    assert "<b>TO THIS END</b> – The UK government must place immediate" in article_html


def test_militias_are_a_real_bulleted_list(article_html):
    items = re.search(r"<ul>(.*?)</ul>", article_html, re.S).group(1)
    assert re.findall(r"<li>(.*?)</li>", items) == MILITIAS


def test_discussion_heading_says_one_comment(article_html):
    assert '<h2 id="comments-heading">1 Comment</h2>' in article_html


def test_urs_comment_date_in_site_time_zone(article_html):
    assert ">Urs</span>" in article_html
    assert "October 21, 2016 at 2:43 pm" in article_html


def test_urs_comment_text(article_html):
    assert "I just habe written a call for protests" in article_html
    assert "embassies and at any other prominent place.<br>\nWarm greetings</p>" in article_html


def test_comment_comes_after_the_article_and_before_the_form(article_html):
    body_end = article_html.index("prominent place")
    form = article_html.index("Leave a Comment")
    assert article_html.index("pertaining to Iran’s military") < body_end < form


def test_leave_a_comment_form_fields(article_html):
    form = article_html[article_html.index("Leave a Comment") :]
    for field in ("name", "email", "url", "comment", "followup"):
        assert f'name="{field}"' in form
    assert "Your email address will not be published." in form
    assert ">Website</label>" in form
    assert "Notify me of follow-up comments by email." in form


def test_comment_has_permalink_anchor(article_html):
    comment = TribuneComment.objects.get()
    assert f'id="c{comment.pk}"' in article_html
    assert f'href="#c{comment.pk}"' in article_html

"""Error pages in the site's layout, the site pages, and the markup fixes the HTML checker
and accessibility audit asked for (dates, aria-describedby, headings, wording)."""

import io
import re

import html5lib
import pytest
from django.core.management import call_command
from django.test import RequestFactory
from django.urls import reverse

from blog.tests.factories import BlogIndexPageFactory, BlogPageFactory
from comments.tests.factories import CommentFactory
from comments.tests.helpers import post_comment
from config.errors import server_error

pytestmark = pytest.mark.django_db


@pytest.fixture
def article():
    return BlogPageFactory(parent=BlogIndexPageFactory(slug="blog"), title="Trains.")


def test_missing_page_is_tribunes_404_in_the_site_layout(client, settings):
    settings.DEBUG = False
    response = client.get("/no-such-page/")
    html = response.content.decode()
    assert response.status_code == 404
    assert "<title>Page not found · Tribune</title>" in html
    assert '<header class="site-header">' in html and 'name="viewport"' in html
    assert '<a href="/">Go to the home page</a>' in html
    assert "django-comments-xtd" not in html


def test_server_error_page_is_in_the_site_layout_without_the_database(
    django_assert_num_queries,
):
    request = RequestFactory().get("/")
    with django_assert_num_queries(0):
        response = server_error(request)
    html = response.content.decode()
    assert response.status_code == 500
    assert "<title>Something went wrong · Tribune</title>" in html
    assert '<header class="site-header">' in html
    assert '<a href="/">Back to the home page</a>' in html


def test_site_pages_are_linked_from_footer_and_comment_form(client, article):
    call_command("load_demo", stdout=io.StringIO())
    html = client.get(article.url).content.decode()
    footer = html[html.index('<footer class="site-footer">') :]
    for path, title in [
        ("/about/", "About Tribune"),
        ("/privacy/", "Privacy"),
        ("/comment-policy/", "Comment policy"),
    ]:
        assert f'<a href="{path}">{title}</a>' in footer
    form = html[html.index('id="comment-form"') :]
    assert '<a href="/comment-policy/">our comment policy</a>' in form
    assert '<a href="/privacy/">what we keep about commenters</a>' in form


def test_privacy_page_says_what_is_kept_about_commenters_and_for_how_long(client):
    call_command("load_demo", stdout=io.StringIO())
    text = re.sub(r"<[^>]+>", "", client.get("/privacy/").content.decode())
    for collected in ("name", "email address", "website", "IP address", "user agent"):
        assert collected in text
    assert "How long we keep it" in text


def test_comment_dates_are_valid_html_datetimes_without_microseconds(client, article):
    CommentFactory(content_object=article)
    html = client.get(article.url).content.decode()
    stamps = re.findall(r'<time datetime="([^"]+)">', html)
    comment_stamps = [s for s in stamps if "T" in s]
    assert comment_stamps
    for stamp in comment_stamps:
        assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:?\d\d", stamp), stamp


def test_article_without_comments_says_no_comments_yet(client, article):
    html = client.get(article.url).content.decode()
    assert '<h2 id="comments-heading">No comments yet</h2>' in html


def test_error_form_describes_fields_with_ids_that_exist(client, article):
    response = post_comment(client, article, name="", email="not-an-email")
    document = html5lib.parse(response.content.decode(), namespaceHTMLElements=False)
    ids = {element.get("id") for element in document.iter() if element.get("id")}
    described = [e for e in document.iter("input") if e.get("aria-describedby")]
    assert {e.get("name") for e in described} >= {"name", "email"}
    for element in described:
        for target in element.get("aria-describedby").split():
            assert target in ids, target
    assert document.find(".//p[@class='form-field form-field-name has-error']") is not None


def test_error_form_links_back_to_the_article_without_a_double_full_stop(client, article):
    html = post_comment(client, article, comment="").content.decode()
    assert f'<a href="{article.url}">Back to the article: Trains.</a></p>' in html
    assert "Trains.</a>." not in html


def test_reply_page_renders_in_the_layout(client, article):
    parent = CommentFactory(content_object=article, user_name="Urs")
    html = client.get(reverse("comments-reply", args=[parent.pk])).content.decode()
    assert "<title>Reply to Urs · Tribune</title>" in html

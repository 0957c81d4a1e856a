"""A WordPress export of the reference article imports into a page that looks like the original."""

import json
import re
from io import StringIO

import pytest
from django.core.management import call_command

from blog.demo import DEMO_FILE
from blog.models import BlogPage
from blog.tests import wxr
from blog.tests.factories import BlogIndexPageFactory

pytestmark = pytest.mark.django_db
ARTICLE = json.loads(DEMO_FILE.read_text(encoding="utf-8"))["articles"][0]


@pytest.fixture
def page_html(tmp_path, client):
    BlogIndexPageFactory(slug="blog")
    post = wxr.reference_post()
    path = wxr.write(tmp_path / "reference.xml", [post])
    call_command("import_wordpress", str(path), stdout=StringIO(), stderr=StringIO())
    response = client.get(BlogPage.objects.get(slug=ARTICLE["slug"]).url)
    assert response.status_code == 200
    return response.content.decode()


def test_imported_reference_article_shows_title(page_html):
    assert "<h1>As Russia burns Aleppo from the sky, 5,000 foreign invaders" in page_html


def test_imported_reference_article_keeps_the_militia_list(page_html):
    items = re.search(r"<ul>(.*?)</ul>", page_html, re.S).group(1)
    assert "Liwa Abul Fadl al-Abbas" in items and items.count("<li>") == 7


def test_imported_reference_article_shows_its_comment_as_the_original(page_html):
    assert "1 Comment" in page_html
    assert "Urs" in page_html
    assert "October 21, 2016 at 2:43 pm" in page_html

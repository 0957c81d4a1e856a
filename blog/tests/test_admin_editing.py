"""An editor writes, previews and publishes an article in the Wagtail admin."""

import io

import pytest
from django.core.files.images import ImageFile
from django.urls import reverse
from PIL import Image as PILImage
from wagtail.images.models import Image
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from blog.models import BlogPage
from blog.tests.factories import AuthorFactory, BlogIndexPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor_client(client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("editor", "e@example.com", "pw"))
    return client


@pytest.fixture
def image():
    buffer = io.BytesIO()
    PILImage.new("RGB", (40, 30), "darkred").save(buffer, "PNG")
    return Image.objects.create(title="Aleppo", file=ImageFile(buffer, name="aleppo.png"))


def _article_form(author, image, **overrides):
    data = nested_form_data(
        {
            "title": "Written in the editor",
            "slug": "written-in-the-editor",
            "standfirst": "A standfirst under the headline.",
            "author": author.pk,
            "date": "2024-03-01",
            "tags": "Syria, Diplomacy",
            "body": streamfield(
                [
                    ("heading", {"text": "A section", "level": "h2"}),
                    ("paragraph", rich_text("<p>Body text with <b>weight</b>.</p>")),
                    ("quote", {"quote": "Words worth quoting.", "attribution": "Someone"}),
                    (
                        "image",
                        {
                            "image": {"image": image.pk, "alt_text": "Smoke", "decorative": ""},
                            "caption": "A city",
                        },
                    ),
                ]
            ),
        }
    )
    data.update(overrides)
    return data


def test_editor_publishes_article_that_appears_on_the_blog(editor_client, image):
    index = BlogIndexPageFactory(slug="blog")
    author = AuthorFactory(name="Rana Haddad")
    url = reverse("wagtailadmin_pages:add", args=["blog", "blogpage", index.pk])
    response = editor_client.post(
        url, _article_form(author, image, **{"action-publish": "publish"})
    )
    assert response.status_code == 302, response.content.decode()[:2000]

    article = BlogPage.objects.get(slug="written-in-the-editor")
    assert article.live
    assert [block.block_type for block in article.body] == [
        "heading",
        "paragraph",
        "quote",
        "image",
    ]
    assert set(article.tags.names()) == {"Syria", "Diplomacy"}

    listing = editor_client.get(index.url).content.decode()
    assert "Written in the editor" in listing
    page = editor_client.get(article.url).content.decode()
    for text in ("A section", "<b>weight</b>", "Words worth quoting.", "Rana Haddad", "A city"):
        assert text in page


def test_editor_previews_article_before_publishing(editor_client, image):
    index = BlogIndexPageFactory(slug="blog")
    author = AuthorFactory()
    url = reverse("wagtailadmin_pages:preview_on_add", args=["blog", "blogpage", index.pk])
    check = editor_client.post(url, _article_form(author, image))
    assert check.json()["is_valid"] is True
    preview = editor_client.get(url)
    assert preview.status_code == 200
    assert "Written in the editor" in preview.content.decode()
    assert not BlogPage.objects.exists()


def test_admin_add_form_offers_every_block_type(editor_client):
    index = BlogIndexPageFactory(slug="blog")
    response = editor_client.get(
        reverse("wagtailadmin_pages:add", args=["blog", "blogpage", index.pk])
    )
    assert response.status_code == 200
    html = response.content.decode()
    for block in ("heading", "paragraph", "quote", "image", "embed"):
        assert f"&quot;{block}&quot;" in html or f'"{block}"' in html

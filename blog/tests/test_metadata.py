"""What pages say about themselves: titles, descriptions, canonical URLs, share cards and
schema.org JSON-LD (escaped against hostile comments)."""

import json
import re

import html5lib
import pytest
from hypothesis import given
from hypothesis import strategies as st
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file

from blog.structured_data import ScriptSafeJson
from blog.tests.factories import AuthorFactory, BlogIndexPageFactory, BlogPageFactory
from comments.models import Status
from comments.tests.factories import CommentFactory

pytestmark = pytest.mark.django_db

HOSTILE_COMMENTS = [
    "</script><script>alert(1)</script>",
    "</SCRIPT ><img src=x onerror=alert(1)>",
    "<!-- <script> -->",
    "a & b < c > d \u2028 \u2029 \" ' \\",
]


@pytest.fixture
def blog():
    return BlogIndexPageFactory(slug="blog")


def head_tag(html: str, pattern: str) -> str | None:
    match = re.search(pattern, html)
    return match.group(1) if match else None


def json_ld(html: str) -> list[dict]:
    """Every JSON-LD block of a page, as a browser's parser splits the document."""
    document = html5lib.parse(html, namespaceHTMLElements=False)
    return [
        json.loads(script.text)
        for script in document.iter("script")
        if script.get("type") == "application/ld+json"
    ]


def test_home_page_title_is_the_site_name_alone(client, blog):
    html = client.get("/").content.decode()
    assert "<title>Tribune</title>" in html


def test_article_title_names_the_article_and_the_site(client, blog):
    article = BlogPageFactory(parent=blog, title="Trains of the Alps")
    assert "<title>Trains of the Alps · Tribune</title>" in client.get(article.url).content.decode()


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"search_description": "Chosen by the editor."}, "Chosen by the editor."),
        ({"standfirst": "The standfirst."}, "The standfirst."),
        (
            {"standfirst": "", "body": [("paragraph", "<p>First <b>words</b>.</p><p>Next.</p>")]},
            "First words.",
        ),
    ],
)
def test_article_description_falls_back_to_standfirst_then_first_paragraph(
    client, blog, fields, expected
):
    article = BlogPageFactory(parent=blog, **fields)
    html = client.get(article.url).content.decode()
    assert f'<meta name="description" content="{expected}">' in html
    assert f'<meta property="og:description" content="{expected}">' in html


def test_long_description_is_cut_to_160_characters(client, blog):
    article = BlogPageFactory(parent=blog, standfirst="word " * 100)
    html = client.get(article.url).content.decode()
    description = head_tag(html, r'<meta name="description" content="([^"]*)">')
    assert len(description) <= 160 and description.endswith("…")


@pytest.mark.parametrize("url", ["/", "/blog/", "/search/?q=x", "/no-such-page/"])
def test_every_page_has_a_description_and_canonical_url(client, blog, url):
    BlogPageFactory(parent=blog)
    html = client.get(url).content.decode()
    assert head_tag(html, r'<meta name="description" content="([^"]+)">')
    assert head_tag(html, r'<link rel="canonical" href="(http://testserver/[^"]*)">')


def test_canonical_url_drops_query_and_keeps_real_page_numbers(client, blog):
    for _ in range(11):
        BlogPageFactory(parent=blog)
    first = client.get("/blog/?utm_source=x").content.decode()
    second = client.get("/blog/?page=2").content.decode()
    assert '<link rel="canonical" href="http://testserver/blog/">' in first
    assert '<link rel="canonical" href="http://testserver/blog/?page=2">' in second


def test_article_share_card_uses_its_image(client, blog):
    image = Image.objects.create(title="Aleppo", file=get_test_image_file(), description="Smoke")
    article = BlogPageFactory(parent=blog, image=image)
    html = client.get(article.url).content.decode()
    og_image = head_tag(html, r'<meta property="og:image" content="([^"]+)">')
    assert og_image.startswith("http://testserver/") and og_image.endswith(".png")
    assert '<meta name="twitter:card" content="summary_large_image">' in html
    assert f'<meta name="twitter:image" content="{og_image}">' in html
    assert '<meta property="og:type" content="article">' in html
    assert json_ld(html)[0]["image"] == og_image


def test_article_without_image_gets_a_small_card(client, blog):
    html = client.get(BlogPageFactory(parent=blog).url).content.decode()
    assert '<meta name="twitter:card" content="summary">' in html
    assert "og:image" not in html


def test_article_json_ld_is_a_blog_posting_with_author_dates_and_comments(client, blog):
    author = AuthorFactory(name="Ada Writer")
    article = BlogPageFactory(parent=blog, author=author, title="Trains")
    first = CommentFactory(content_object=article, user_name="Urs", comment="First!")
    CommentFactory(content_object=article, user_name="Vreni", comment="A reply.", parent=first)
    CommentFactory(content_object=article, user_name="Held", status=Status.HELD)
    (data,) = json_ld(client.get(article.url).content.decode())
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "BlogPosting"
    assert data["headline"] == "Trains"
    assert data["author"] == {
        "@type": "Person",
        "name": "Ada Writer",
        "url": f"http://testserver/blog/author/{author.slug}/",
    }
    assert data["datePublished"] == article.date.isoformat()
    assert data["dateModified"]
    assert data["commentCount"] == 2
    assert [(c["@type"], c["author"]["name"], c["text"]) for c in data["comment"]] == [
        ("Comment", "Urs", "First!"),
        ("Comment", "Vreni", "A reply."),
    ]
    assert data["comment"][0]["url"] == f"http://testserver{article.url}#c{first.pk}"
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00", data["comment"][0]["dateCreated"])


def test_json_ld_comment_text_reads_paragraphs_and_line_breaks_as_spaces(client, blog):
    article = BlogPageFactory(parent=blog)
    CommentFactory(content_object=article, comment="One &amp; two.\n\nThree<br>four")
    (data,) = json_ld(client.get(article.url).content.decode())
    assert data["comment"][0]["text"] == "One & two. Three four"


@pytest.mark.parametrize("text", HOSTILE_COMMENTS)
def test_hostile_comment_cannot_break_out_of_the_json_ld(client, blog, text):
    article = BlogPageFactory(parent=blog)
    CommentFactory(content_object=article, user_name=text, comment=text)
    html = client.get(article.url).content.decode()
    document = html5lib.parse(html, namespaceHTMLElements=False)
    scripts = list(document.iter("script"))
    assert [s.get("type") or s.get("src") for s in scripts] == [
        "/static/js/comments.js",
        "application/ld+json",
    ]
    (data,) = json_ld(html)
    assert data["comment"][0]["author"]["name"] == text
    ld_text = html.split('<script type="application/ld+json">', 1)[1].split("</script>", 1)[0]
    assert "<" not in ld_text


def test_sitemap_lists_articles_and_names_itself_in_robots_txt(client, blog):
    article = BlogPageFactory(parent=blog)
    sitemap = client.get("/sitemap.xml").content.decode()
    assert f"<loc>http://localhost{article.url}</loc>" in sitemap
    robots = client.get("/robots.txt")
    assert robots["Content-Type"].startswith("text/plain")
    assert "Sitemap: http://testserver/sitemap.xml" in robots.content.decode()
    assert "Disallow: /admin/" in robots.content.decode()


def sitemap_lastmod(client, article) -> str:
    sitemap = client.get("/sitemap.xml").content.decode()
    return re.search(
        rf"<loc>http://localhost{article.url}</loc>\s*<lastmod>([^<]+)</lastmod>", sitemap
    ).group(1)


def test_sitemap_lastmod_moves_when_a_comment_is_approved(client, blog, admin_user):
    from comments.tests.helpers import moderate

    article = BlogPageFactory(parent=blog)
    held = CommentFactory(content_object=article, status=Status.HELD)
    before = sitemap_lastmod(client, article)
    moderate(held, "approve", actor=admin_user)
    after = sitemap_lastmod(client, article)
    assert after > before


def test_sitemap_lastmod_ignores_comments_held_for_moderation(client, blog):
    article = BlogPageFactory(parent=blog)
    before = sitemap_lastmod(client, article)
    CommentFactory(content_object=article, status=Status.HELD)
    assert sitemap_lastmod(client, article) == before


def test_favicon_address_answers(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"].endswith("favicon.ico")


@given(st.recursive(st.text(), lambda inner: st.lists(inner) | st.dictionaries(st.text(), inner)))
def test_script_safe_json_never_contains_markup_characters_and_round_trips(data):
    text = str(ScriptSafeJson(data))
    assert not set(text) & {"<", ">", "&"}
    assert json.loads(text) == data

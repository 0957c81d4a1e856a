"""Search: Wagtail search over title, standfirst, body, tags and author, with snippets."""

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from blog.highlight import highlight
from blog.search import RESULTS_PER_PAGE
from blog.tests.factories import AuthorFactory, BlogIndexPageFactory, BlogPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def blog():
    return BlogIndexPageFactory(slug="blog")


def found(client, query: str, page: str | None = None) -> list[str]:
    params = {"q": query} if page is None else {"q": query, "page": page}
    html = client.get("/search/", params).content.decode()
    return re.findall(r'<h2><a href="[^"]+">([^<]+)</a></h2>', html)


@pytest.mark.parametrize(
    ("fields", "query"),
    [
        ({"title": "Trains of the Alps"}, "alps"),
        ({"standfirst": "A piece about viaducts."}, "viaducts"),
        ({"body": [("paragraph", "<p>The funicular climbs slowly.</p>")]}, "funicular"),
    ],
)
def test_search_finds_articles_by_their_words(client, blog, fields, query):
    BlogPageFactory(parent=blog, title=fields.pop("title", "Found piece"), **fields)
    BlogPageFactory(parent=blog, title="Unrelated", standfirst="Nothing here.")
    assert len(found(client, query)) == 1


def test_search_finds_articles_by_tag(client, blog):
    article = BlogPageFactory(parent=blog, title="Tagged piece")
    article.tags.add("Cartography")
    article.save_revision().publish()
    BlogPageFactory(parent=blog, title="Unrelated")
    assert found(client, "cartography") == ["Tagged piece"]


def test_search_finds_articles_by_author(client, blog):
    BlogPageFactory(parent=blog, title="Her piece", author=AuthorFactory(name="Hildegard Quist"))
    BlogPageFactory(parent=blog, title="Unrelated")
    assert found(client, "Quist") == ["Her piece"]


def test_search_leaves_out_unpublished_articles(client, blog):
    draft = BlogPageFactory(parent=blog, title="Secret funicular")
    draft.unpublish()
    assert found(client, "funicular") == []


def test_search_marks_matches_in_the_snippet(client, blog):
    BlogPageFactory(parent=blog, body=[("paragraph", "<p>The funicular climbs to the summit.</p>")])
    html = client.get("/search/", {"q": "funicular"}).content.decode()
    assert "The <mark>funicular</mark> climbs to the summit." in html


def test_search_escapes_the_query_and_the_text(client, blog):
    BlogPageFactory(parent=blog, standfirst="Why <script> tags matter")
    html = client.get("/search/", {"q": "<script>alert(1)</script>"}).content.decode()
    assert "<script>alert(1)" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_search_paginates_and_refuses_pages_that_do_not_exist(client, blog):
    for n in range(RESULTS_PER_PAGE + 1):
        BlogPageFactory(parent=blog, title=f"Funicular {n}")
    assert len(found(client, "funicular")) == RESULTS_PER_PAGE
    assert len(found(client, "funicular", page="2")) == 1
    for page in ("3", "abc", "0"):
        response = client.get("/search/", {"q": "funicular", "page": page})
        assert response.status_code == 404


def test_empty_search_shows_the_form_without_results(client, blog):
    response = client.get("/search/")
    assert response.status_code == 200
    assert "<h1>Search</h1>" in response.content.decode()


def test_every_page_has_a_search_box(client, blog):
    html = client.get("/").content.decode()
    assert '<form class="site-search" role="search" method="get" action="/search/">' in html
    assert '<input type="search" id="site-search-q" name="q"' in html


def test_snippet_starts_near_the_first_match():
    text = "filler " * 200 + "the funicular climbs " + "more " * 100
    parts = highlight(text, "funicular")
    passage = "".join(p.text for p in parts)
    assert passage.startswith("…") and passage.endswith("…")
    assert [p.text for p in parts if p.match] == ["funicular"]
    assert len(passage) <= 250


words = st.text(alphabet=st.characters(categories=["L", "N", "Zs", "P"]), max_size=400)


@given(text=words, query=words)
def test_snippet_is_a_passage_of_the_text_with_only_query_words_marked(text, query):
    parts = highlight(text, query)
    passage = "".join(p.text for p in parts).strip("…")
    assert passage in text
    terms = [t.lower() for t in re.findall(r"\w+", query)]
    for part in parts:
        if part.match:
            assert any(part.text.lower().startswith(t) for t in terms)


@pytest.mark.parametrize(
    "query",
    [
        '"',
        'alps"',
        'a"b',
        "\x00",
        "alps*",
        "^alps",
        "alps:x",
        "(alps",
        "-",
        "alps OR",
        "NEAR(",
        "'",
    ],
)
def test_search_syntax_in_the_query_is_text_not_an_error(client, blog, query):
    BlogPageFactory(parent=blog, title="Trains of the Alps")
    response = client.get("/search/", {"q": query})
    assert response.status_code == 200
    if re.findall(r"\w+", query) == ["alps"]:
        assert found(client, query) == ["Trains of the Alps"]


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(query=st.text(max_size=40))
def test_any_typed_query_gets_a_results_page(client, blog, query):
    assert client.get("/search/", {"q": query}).status_code == 200

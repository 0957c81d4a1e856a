"""Names and links that look like something else (bidi controls, zero-width characters,
homoglyphs, markup, emoji): stored and shown as the plain text they are, never able to
reorder or restyle the page. See comments/tests/malformed.py."""

from urllib.parse import urlsplit

import html5lib
import pytest

from comments.models import TribuneComment
from comments.tests.malformed import assert_refused, form, send

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.usefixtures("trusting_policy", "no_email_confirmation"),
]


BIDI_CONTROLS = set("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f")
ZERO_WIDTH = set("\u200b\u200c\u200d\u2060\ufeff")


def _without(text: str, characters: set) -> str:
    return "".join(ch for ch in text if ch not in characters)


def _document(client, article):
    page = client.get(article.url)
    assert page.status_code == 200
    return html5lib.parse(page.content, treebuilder="etree", namespaceHTMLElements=False)


def _authors(document):
    return [
        node
        for node in document.iter("span")
        if "comment-author" in (node.get("class") or "").split()
    ]


def _text(node) -> str:
    return "".join(node.itertext())


def _isolated(node, parents: dict) -> bool:
    """Inside a <bdi> or an element with a dir attribute, a bidi control cannot reorder
    the text around it (HTML gives those unicode-bidi: isolate)."""
    while node is not None:
        if node.tag == "bdi" or node.get("dir"):
            return True
        node = parents.get(node)
    return False


def _post_name(client, article, name: str, **fields):
    """Post `name`; today every visible name below is stored (302)."""
    response = send(client, form(article, name=name, **fields))
    assert response.status_code == 302, response.content.decode()[:2000]
    return TribuneComment.objects.get()


@pytest.mark.parametrize(
    "name",
    ["Reader\u202e", "\u202eredaeR", "Admin\u202e\u2066", "Reader\u2067"],
    ids=["trailing-rlo", "leading-rlo", "rlo-and-isolate", "unclosed-isolate"],
)
def test_right_to_left_override_in_a_name_is_stored_and_cannot_reorder_the_page(
    client, article, name
):
    _post_name(client, article, name)
    document = _document(client, article)
    parents = {child: parent for parent in document.iter() for child in parent}
    (author,) = _authors(document)
    assert list(author) == [], "the name is not plain text"
    shown = _text(author)
    assert _without(shown, BIDI_CONTROLS) == _without(name, BIDI_CONTROLS)
    leaks = BIDI_CONTROLS.intersection(shown)
    assert not leaks or _isolated(author, parents), (
        f"the name {shown!r} carries bidi controls into the comment's byline unisolated"
    )


@pytest.mark.parametrize(
    "name",
    ["Rea\u200bder", "Re\u200dader\ufeff", "\u2060Reader"],
    ids=["zero-width-space", "zero-width-joiner-and-bom", "word-joiner"],
)
def test_zero_width_characters_inside_a_name_are_stored_and_escaped(client, article, name):
    _post_name(client, article, name)
    (author,) = _authors(_document(client, article))
    assert list(author) == []
    assert _text(author) in {name, _without(name, ZERO_WIDTH)}


@pytest.mark.parametrize(
    "name",
    ["\u200b", "\u200b\u200c\u200d\u2060\ufeff", "\u202e", "\u00ad\u180e"],
    ids=["zero-width-space", "zero-width-mix", "bidi-override", "soft-hyphen"],
)
def test_name_made_only_of_invisible_characters_is_refused(client, article, name):
    """A name nobody can see is no name: it reads as an anonymous comment."""
    response = send(client, form(article, name=name))
    assert_refused(response, 400, "Please enter your name.")


@pytest.mark.parametrize(
    "text", ["\u200b", "\u200b\u200c\u200d\u2060\ufeff", "\u202e\u202c"],
    ids=["zero-width-space", "zero-width-mix", "bidi-controls"],
)  # fmt: skip
def test_comment_made_only_of_invisible_characters_is_refused(client, article, text):
    response = send(client, form(article, comment=text))
    assert_refused(response, 400, "Please write a comment", kept=None)


def _punycoded(url: str) -> str:
    parts = urlsplit(url)
    return parts._replace(netloc=parts.hostname.encode("idna").decode("ascii")).geturl()


@pytest.mark.parametrize(
    "url",
    ["https://\u0430pple.com", "https://xn--pple-43d.com/", "https://p\u0430ypal.com/login"],
    ids=["cyrillic-a", "punycode", "cyrillic-a-with-path"],
)
def test_homoglyph_website_is_stored_and_linked_safely(client, article, url):
    """A look-alike host is stored (302) and linked in punycode with rel=nofollow, the way a
    browser reads it, so no look-alike letter reaches the page's link."""
    response = send(client, form(article, url=url))
    assert response.status_code == 302, response.content.decode()[:2000]
    (author,) = _authors(_document(client, article))
    (link,) = author.iter("a")
    assert link.get("href").rstrip("/") == _punycoded(url).rstrip("/")
    assert link.get("href").isascii()
    assert "nofollow" in link.get("rel").split()
    assert _text(link) == "Reader"


def test_emoji_in_name_and_text_are_stored_and_shown(client, article):
    name = "Zoë 🦊👩🏽‍💻"
    text = "Great piece 👍🏿 🇫🇷 — 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 & more"
    response = send(client, form(article, name=name, comment=text))
    assert response.status_code == 302
    comment = TribuneComment.objects.get()
    assert (comment.user_name, comment.comment) == (name, text)
    document = _document(client, article)
    (author,) = _authors(document)
    assert _text(author) == name
    contents = [
        _text(node)
        for node in document.iter()
        if "comment-content" in (node.get("class") or "").split()
    ]
    assert contents == [text]


def test_name_with_markup_is_shown_as_text(client, article):
    name = '<b onclick="x">R</b>&amp;'
    _post_name(client, article, name)
    (author,) = _authors(_document(client, article))
    assert _text(author) == name
    assert list(author) == []

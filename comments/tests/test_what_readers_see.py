"""Filters and links judged on what readers see, through the real comment endpoint and, for
the many variants, on the rules' own inputs (hypothesis)."""

import pytest
from django.test import Client
from hypothesis import given, settings
from hypothesis import strategies as st

from blog.tests.factories import BlogPageFactory
from comments.links import host_of, is_deceptive_host
from comments.models import ModerationDecision, Status, TribuneComment
from comments.moderation import rules
from comments.moderation.types import PolicySnapshot, Submission
from comments.sanitizer import is_safe_href, sanitize
from comments.tests.factories import CommentFactory
from comments.tests.helpers import post_comment, set_policy
from comments.text import INVISIBLE, fold

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_email_confirmation")]


@pytest.fixture
def article():
    return BlogPageFactory()


@pytest.fixture
def returning_reader(article):
    return CommentFactory(content_object=article, user_email="reader@example.com")


def _latest() -> TribuneComment:
    return TribuneComment.objects.order_by("-pk").first()


def _reasons(comment) -> list[str]:
    return ModerationDecision.objects.filter(comment=comment).latest("pk").reasons


DISGUISED = [
    "Best cas&#105;no here",
    "Best cas&#x69;no here",
    "Best ca<i>si</i>no here",
    "Best cas<b></b>ino here",
    "Best cas<!-- x -->ino here",
    "Best c\u034fasino here",  # combining grapheme joiner
    "Best casi\ufe0fno here",  # variation selector
    "Best cas\U000e0020ino here",  # tag space
    "Best ca\u206asino here",  # deprecated format control
    "Best ca\u00adsino here",
    "Best \u0441\u0430sino here",  # Cyrillic с and а
    "Best c\u03b1sino here",  # Greek alpha
    "Best ｃａｓｉｎｏ here",
    "Best CASINO here",
]


@pytest.mark.parametrize("text", DISGUISED)
def test_disguised_disallowed_word_is_spam(client, article, returning_reader, text):
    set_policy(disallowed_words="casino", premoderate_new_commenters=False)
    post_comment(client, article, comment=text)
    comment = _latest()
    assert comment.status == Status.SPAM
    assert _reasons(comment) == ["disallowed_words"]


@pytest.mark.parametrize(
    "text", ["buy  now", "buy\nnow", "buy\n\nnow", "buy \u200b now", "BUY\tNOW"]
)
def test_phrase_matches_across_any_whitespace(client, article, returning_reader, text):
    set_policy(moderation_words="buy now", premoderate_new_commenters=False)
    post_comment(client, article, comment=f"Please {text} today")
    assert _reasons(_latest()) == ["moderation_words"]


def test_look_alike_list_entry_matches_plain_text(client, article, returning_reader):
    set_policy(disallowed_words="\u0441\u0430sino", premoderate_new_commenters=False)
    post_comment(client, article, comment="A casino review")
    assert _latest().status == Status.SPAM


def test_name_is_folded_like_the_text(client, article, returning_reader):
    set_policy(disallowed_words="casino bonus", premoderate_new_commenters=False)
    post_comment(client, article, name="\u0421\u0430sino\u200b  Bonus")
    match = ModerationDecision.objects.get(comment=_latest()).trace[6]["evidence"]["matches"][0]
    assert (match["field"], match["matched"]) == ("name", "\u0421\u0430sino\u200b  Bonus")


def test_innocent_text_passes_the_word_filter(client, article, returning_reader):
    set_policy(disallowed_words="casino\nbuy now", premoderate_new_commenters=False)
    post_comment(client, article, comment="Casinos and buying? Now, a caf\u00e9 <b>casino</b>s.")
    assert _latest().status == Status.APPROVED


# Properties of the folding, with hypothesis: a reader-invisible change never hides a word.
words = st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=3, max_size=12)
invisible = st.sampled_from(
    ["\u200b", "\u034f", "\ufe0f", "\U000e0020", "\u206a", "\u00ad", "\u2060"]
)
look_alikes = {
    "a": "\u0430",
    "c": "\u0441",
    "e": "\u0435",
    "o": "\u03bf",
    "p": "\u0440",
    "x": "\u0445",
}


def _matches(word: str, text: str) -> bool:
    return bool(rules.find_words((word,), {"text": rules._searchable_fields(_sub(text))["text"]}))


def _sub(text: str) -> Submission:
    return Submission(text=text, html=sanitize(text))


@settings(max_examples=60, deadline=None)
@given(word=words, data=st.data())
def test_invisible_characters_and_empty_tags_never_hide_a_word(word, data):
    cut = data.draw(st.integers(min_value=1, max_value=len(word) - 1))
    filler = data.draw(st.lists(invisible | st.sampled_from(["<b></b>", "<i></i>"]), min_size=1))
    disguised = word[:cut] + "".join(filler) + word[cut:]
    assert _matches(word, f"see {disguised} here")


@settings(max_examples=60, deadline=None)
@given(word=words, data=st.data())
def test_look_alike_letters_never_hide_a_word(word, data):
    swapped = "".join(
        look_alikes[ch] if ch in look_alikes and data.draw(st.booleans()) else ch for ch in word
    )
    assert _matches(word, f"see {swapped.upper() if data.draw(st.booleans()) else swapped}!")


@settings(max_examples=60, deadline=None)
@given(text=st.text(max_size=80))
def test_folding_drops_every_invisible_character_and_run_of_spaces(text):
    folded = fold(text)
    assert not INVISIBLE.search(folded)
    assert "  " not in folded and folded == folded.strip()


# Links as browsers read them.
OWN = PolicySnapshot(own_domains=("tribune.example", "127.0.0.1"), link_limit=2)


@pytest.mark.parametrize(
    ("href", "outside"),
    [
        ("http://a-spam.com\\@127.0.0.1/", True),
        ("http://a-spam.com\\@tribune.example/", True),
        ("http://tribune.example\\@a-spam.com/", False),  # the backslash starts the path
        ("http://tribune.example@a-spam.com/", True),
        ("http://tribune.example:pw@a-spam.com/", True),
        ("http://a-spam.com%2F@tribune.example/", False),
        ("http://a-spam.com#@tribune.example/", True),
        ("http://a-spam.com?@tribune.example/", True),
        ("HTTP://TRIBUNE.EXAMPLE/x", False),
        ("http://trib\tune.example/", False),
        ("http://%74ribune.example/", False),
        ("http://www.tribune.example/", False),
        ("http://tribune.example.evil.com/", True),
        ("http://eviltribune.example/", True),
        ("http://2130706433/", False),  # 127.0.0.1 in decimal
        ("http://0x7f.0.0.1/", False),
        ("http://0177.0.0.1/", False),
        ("http://2130706434/", True),
        ("https:\\\\a-spam.com", True),
        ("mailto:someone@a-spam.com", True),
    ],
)
def test_outside_links_read_hosts_as_browsers_do(href, outside):
    html = sanitize(f'<a href="{href}">x</a>')
    assert "<a " in html
    assert bool(rules.outside_links(html, OWN.own_domains)) is outside


def test_backslash_links_count_towards_the_limit(client, article, returning_reader, settings):
    settings.ALLOWED_HOSTS = ["testserver", "127.0.0.1"]
    set_policy(link_limit=2, premoderate_new_commenters=False)
    link = '<a href="http://a-spam.com\\@127.0.0.1/">deal</a>'
    post_comment(client, article, comment=f"{link} {link} {link}")
    comment = _latest()
    assert comment.status == Status.HELD
    assert _reasons(comment) == ["link_count"]


@pytest.mark.parametrize(
    "href",
    [
        "javascript:alert(1)",
        "JAVASCRIPT:alert(1)",
        " javascript:alert(1)",
        "java\tscript:alert(1)",
        "java\nscript:alert(1)",
        "jav&#x09;ascript:alert(1)",
        "&#106;avascript:alert(1)",
        "javascript&colon;alert(1)",
        "\x01javascript:alert(1)",
        "vbscript:msgbox(1)",
        "data:text/html,<script>alert(1)</script>",
        "//evil.com/",
        "/relative",
        "relative",
        "ftp://files.example/",
    ],
)
def test_unsafe_or_relative_targets_are_not_links(href):
    assert not is_safe_href(href)
    assert "<a " not in sanitize(f'<a href="{href}">x</a>')


@pytest.mark.parametrize(
    "href",
    ["HTTPS://example.com/", "http://example.com", "mailto:a@example.com", "ht\ttp://e.com/"],
)
def test_web_and_mail_links_are_safe(href):
    assert is_safe_href(href)


# Look-alike hosts.
@pytest.mark.parametrize(
    ("url", "deceptive"),
    [
        ("http://p\u0430ypal.com/", True),
        ("http://xn--pypal-4ve.com/", True),
        ("http://\u0440\u0430\u0443\u0440\u0430l.com/", True),  # Cyrillic р а у р а + Latin l
        ("http://\u0440\u0430\u0443\u0440\u0430\u04cf.com/", True),  # all Cyrillic
        ("http://www.p\u0430ypal.com.evil.net/", True),
        ("http://xn--a.com/", True),  # punycode that does not decode
        ("http://paypal.com/", False),
        ("http://m\u00fcnchen.de/", False),
        ("http://\u043f\u0440\u0438\u043c\u0435\u0440.\u0440\u0444/", False),  # пример.рф
    ],
)
def test_deceptive_hosts(url, deceptive):
    assert is_deceptive_host(host_of(url)) is deceptive


def test_look_alike_link_is_held_and_shown_as_punycode(client, article, returning_reader):
    post_comment(client, article, comment="Log in at http://p\u0430ypal.com/ quickly")
    comment = _latest()
    assert comment.status == Status.HELD
    assert _reasons(comment) == ["deceptive_link"]
    assert "xn--pypal-4ve.com" in comment.comment_html
    assert "p\u0430ypal" not in comment.comment_html


def test_look_alike_anchor_text_names_the_real_host(client, article, returning_reader):
    post_comment(client, article, comment='<a href="http://xn--pypal-4ve.com/">PayPal</a>')
    comment = _latest()
    assert _reasons(comment) == ["deceptive_link"]
    assert "PayPal (xn--pypal-4ve.com)" in comment.comment_html


def test_look_alike_website_is_held(client, article, returning_reader):
    post_comment(client, article, url="https://p\u0430ypal.com/login")
    assert _reasons(_latest()) == ["deceptive_link"]


def test_ordinary_international_link_is_published(client, article, returning_reader):
    post_comment(client, article, comment="Visit http://m\u00fcnchen.de/ soon")
    assert _latest().status == Status.APPROVED


# The website field and bidi controls.
@pytest.mark.parametrize(
    "url",
    ["ftp://files.example.com/", "ftps://files.example.com/", "javascript:alert(1)",
     "data:text/html,x", "mailto:a@example.com", "file:///etc/passwd"],
)  # fmt: skip
def test_website_accepts_only_http_and_https(client, article, url):
    response = post_comment(client, article, url=url, comment="Keep these words")
    assert response.status_code == 400
    body = response.content.decode()
    assert "Keep these words" in body
    assert not TribuneComment.objects.exists()


@pytest.mark.parametrize("url", ["https://example.com/", "http://example.com/a?b=c", "example.com"])
def test_website_with_http_or_https_is_accepted(client, article, returning_reader, url):
    post_comment(client, article, url=url)
    assert _latest().user_url.startswith(("http://", "https://"))


BIDI = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"


@pytest.mark.parametrize("control", list(BIDI))
def test_bidi_controls_are_stripped_from_the_shown_comment(
    client, article, returning_reader, control
):
    text = f"Nice post {control}gnp.exe\u202c done"
    post_comment(client, article, comment=text)
    comment = _latest()
    assert not set(BIDI) & set(comment.comment_html)
    assert "gnp.exe" in comment.comment_html
    assert comment.comment == text  # moderators see what was sent
    assert not set(BIDI) & set(Client().get(article.url).content.decode())


def test_bidi_controls_are_stripped_from_the_name(client, article, returning_reader):
    post_comment(client, article, name="Eve \u202egnp.exe\u2066x\u2069")
    assert _latest().user_name == "Eve gnp.exex"

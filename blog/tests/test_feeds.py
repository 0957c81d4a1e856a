"""RSS 2.0 and Atom feeds: the site, a tag, an author, and one article's comments."""

import datetime
import xml.etree.ElementTree as ET

import feedparser
import pytest
from wagtail.models import Site

from blog.feed_settings import FeedContent, FeedSettings
from blog.tests.factories import AuthorFactory, BlogIndexPageFactory, BlogPageFactory
from comments.models import Status, TribuneComment
from comments.tests.factories import CommentFactory

pytestmark = pytest.mark.django_db


def article_comments(article) -> list[int]:
    return list(TribuneComment.objects.for_target(article).published().values_list("pk", flat=True))


HOSTILE = "</script><script>alert(1)</script> ]]> <![CDATA[ & &amp; \x0b <b>bold</b>"


@pytest.fixture
def blog():
    return BlogIndexPageFactory(slug="blog")


def fetch(client, url: str):
    """The parsed feed, after checking it is well-formed XML that feedparser reads cleanly."""
    response = client.get(url)
    assert response.status_code == 200, url
    ET.fromstring(response.content)  # well-formed, or this raises
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.get("bozo_exception")
    return response, feed


@pytest.mark.parametrize(("suffix", "version"), [("feed/", "rss20"), ("feed/atom/", "atom10")])
def test_site_feed_lists_articles_newest_first(client, blog, suffix, version):
    BlogPageFactory(parent=blog, title="Older", date=datetime.date(2020, 1, 1))
    BlogPageFactory(parent=blog, title="Newer", date=datetime.date(2021, 1, 1))
    _, feed = fetch(client, f"/blog/{suffix}")
    assert feed.version == version
    assert feed.feed.title == "Tribune"
    assert [e.title for e in feed.entries] == ["Newer", "Older"]


def test_feed_links_use_the_requests_host(client, blog):
    article = BlogPageFactory(
        parent=blog, body=[("paragraph", '<p><a href="/about/">About</a></p>')]
    )
    for suffix in ("feed/", "feed/atom/"):
        _, feed = fetch(client, f"/blog/{suffix}")
        assert feed.feed.link == "http://testserver/blog/"
        assert feed.entries[0].link == f"http://testserver{article.url}"
        assert 'href="http://testserver/about/"' in feed.entries[0].summary


def test_feed_entries_carry_author_date_and_tags(client, blog):
    author = AuthorFactory(name="Ada Writer")
    article = BlogPageFactory(parent=blog, author=author, date=datetime.date(2016, 10, 21))
    article.tags.add("Syria")
    article.save_revision().publish()
    _, feed = fetch(client, "/blog/feed/atom/")
    entry = feed.entries[0]
    assert entry.author == "Ada Writer"
    assert entry.published_parsed[:3] == (2016, 10, 21)
    assert [t.term for t in entry.tags] == ["Syria"]


def test_tag_feed_holds_only_that_tag(client, blog):
    tagged = BlogPageFactory(parent=blog, title="On Syria")
    tagged.tags.add("Syria")
    tagged.save_revision().publish()
    BlogPageFactory(parent=blog, title="On trains")
    for suffix in ("feed/", "feed/atom/"):
        _, feed = fetch(client, f"/blog/tag/syria/{suffix}")
        assert [e.title for e in feed.entries] == ["On Syria"]


def test_author_feed_holds_only_that_author(client, blog):
    ada = AuthorFactory(name="Ada Writer")
    BlogPageFactory(parent=blog, title="By Ada", author=ada)
    BlogPageFactory(parent=blog, title="By someone else", author=AuthorFactory())
    for suffix in ("feed/", "feed/atom/"):
        _, feed = fetch(client, f"/blog/author/{ada.slug}/{suffix}")
        assert [e.title for e in feed.entries] == ["By Ada"]


def test_feed_of_unknown_tag_or_author_is_404(client, blog):
    assert client.get("/blog/tag/nothing/feed/").status_code == 404
    assert client.get("/blog/author/nobody/feed/").status_code == 404


def test_full_content_setting_puts_the_whole_body_in_the_feed(client, blog):
    BlogPageFactory(
        parent=blog,
        standfirst="Short version.",
        body=[("paragraph", "<p>First.</p>"), ("paragraph", "<p>Second paragraph.</p>")],
    )
    settings = FeedSettings.for_site(Site.objects.get(is_default_site=True))
    settings.content = FeedContent.FULL
    settings.save()
    _, feed = fetch(client, "/blog/feed/")
    assert "Second paragraph." in feed.entries[0].description


def test_summary_setting_puts_only_the_standfirst_in_the_feed(client, blog):
    BlogPageFactory(
        parent=blog,
        standfirst="Short version.",
        body=[("paragraph", "<p>First.</p>"), ("paragraph", "<p>Second paragraph.</p>")],
    )
    settings = FeedSettings.for_site(Site.objects.get(is_default_site=True))
    settings.content = FeedContent.SUMMARY
    settings.save()
    for suffix in ("feed/", "feed/atom/"):
        _, feed = fetch(client, f"/blog/{suffix}")
        assert feed.entries[0].summary == "Short version."


@pytest.mark.parametrize("suffix", ["feed/", "feed/atom/"])
def test_comment_feed_holds_only_published_comments(client, blog, suffix):
    article = BlogPageFactory(parent=blog)
    CommentFactory(content_object=article, user_name="Urs", comment="Published words")
    CommentFactory(content_object=article, user_name="Held", status=Status.HELD)
    CommentFactory(content_object=article, user_name="Spam", status=Status.SPAM)
    CommentFactory(content_object=BlogPageFactory(parent=blog), user_name="Elsewhere")
    _, feed = fetch(client, f"{article.url}comments/{suffix}")
    assert [e.author for e in feed.entries] == ["Urs"]
    assert "Published words" in feed.entries[0].summary
    comment_id = article_comments(article)[0]
    assert feed.entries[0].link == f"http://testserver{article.url}#c{comment_id}"


def test_comment_feed_survives_hostile_text(client, blog):
    article = BlogPageFactory(parent=blog)
    CommentFactory(content_object=article, user_name="<b>Mal</b> ]]>", comment=HOSTILE)
    for suffix in ("feed/", "feed/atom/"):
        _, feed = fetch(client, f"{article.url}comments/{suffix}")
        assert len(feed.entries) == 1


def test_usual_feed_addresses_lead_to_the_blog_feed(client, blog):
    for url in ("/feed/", "/rss/"):
        response = client.get(url)
        assert response.status_code == 301
        assert response["Location"] == "/blog/feed/"


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("/", "/feed/"),
        ("/blog/", "/blog/feed/"),
        ("/blog/tag/syria/", "/blog/tag/syria/feed/atom/"),
    ],
)
def test_pages_announce_their_feeds(client, blog, url, expected):
    article = BlogPageFactory(parent=blog)
    article.tags.add("Syria")
    article.save_revision().publish()
    html = client.get(url).content.decode()
    assert 'rel="alternate" type="application/' in html
    assert f'href="{expected}"' in html


def test_article_announces_its_comment_feed(client, blog):
    article = BlogPageFactory(parent=blog)
    html = client.get(article.url).content.decode()
    assert (
        f'type="application/rss+xml" title="Comments on this article (RSS)" href="{article.url}comments/feed/"'
        in html
    )

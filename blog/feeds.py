"""RSS 2.0 and Atom feeds (Django's syndication framework): articles of any listing (the
whole blog, a tag, an author) and the published comments of one article."""

from __future__ import annotations

import datetime
import re

from django.contrib.syndication.views import Feed
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed

from blog.metadata import excerpt_for, plain_text
from comments.selectors import published_comments_for

FEED_ITEMS = 20
SITE_RELATIVE = re.compile(r'(\s(?:href|src))="/(?!/)')


class AbsoluteLinksMixin:
    """Links built from the request's host: Django's default, the django.contrib.sites
    domain, is a placeholder ("example.com") that Tribune never configures."""

    def __call__(self, request, *args, **kwargs):
        self.request = request
        return super().__call__(request, *args, **kwargs)

    def absolute(self, path: str) -> str:
        return self.request.build_absolute_uri(path)

    def absolute_html(self, html: str) -> str:
        """Site-relative href and src attributes made absolute, for feed readers."""
        return SITE_RELATIVE.sub(rf'\1="{self.absolute("/")}', html)


def _moment(day: datetime.date) -> datetime.datetime:
    """A publication date as a moment (feeds need one): midday in the site's time zone."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))


class ArticlesFeed(AbsoluteLinksMixin, Feed):
    """The newest articles of a listing, whole or summarised per Settings → Feeds."""

    feed_type = Rss201rev2Feed

    def __init__(self, listing) -> None:
        super().__init__()
        self.listing = listing

    def __call__(self, request, *args, **kwargs):
        from blog.feed_settings import FeedContent, FeedSettings

        self.full_content = FeedSettings.for_request(request).content == FeedContent.FULL
        return super().__call__(request, *args, **kwargs)

    def title(self) -> str:
        return self.listing.feed_title

    def link(self) -> str:
        return self.absolute(self.listing.url)

    def feed_url(self) -> str:
        feed = self.listing.atom_url if self.feed_type is Atom1Feed else self.listing.feed_url
        return self.absolute(feed)

    def description(self) -> str:
        return self.listing.description

    def items(self):
        return self.listing.articles[:FEED_ITEMS]

    def item_title(self, item) -> str:
        return item.title

    def item_link(self, item) -> str:
        return self.absolute(item.url)

    def item_description(self, item) -> str:
        if self.full_content:
            return self.absolute_html("".join(str(block) for block in item.body))
        return excerpt_for(item)

    def item_author_name(self, item) -> str | None:
        return item.author.name if item.author else None

    def item_pubdate(self, item) -> datetime.datetime:
        return _moment(item.date)

    def item_updateddate(self, item) -> datetime.datetime:
        return item.last_published_at or _moment(item.date)

    def item_categories(self, item) -> list[str]:
        return [tag.name for tag in item.tags.all()]


class AtomArticlesFeed(ArticlesFeed):
    feed_type = Atom1Feed

    def subtitle(self) -> str:
        return self.listing.description


class CommentsFeed(AbsoluteLinksMixin, Feed):
    """The newest published comments on one article."""

    feed_type = Rss201rev2Feed

    def __init__(self, article) -> None:
        super().__init__()
        self.article = article

    def title(self) -> str:
        return f"Comments on “{self.article.title}”"

    def link(self) -> str:
        return self.absolute(self.article.url + "#comments")

    def feed_url(self) -> str:
        suffix = "atom/" if self.feed_type is Atom1Feed else ""
        return self.absolute(f"{self.article.url}comments/feed/{suffix}")

    def description(self) -> str:
        return f"Readers' comments on “{self.article.title}”, newest first."

    def items(self):
        return published_comments_for(self.article, newest_first=True, limit=FEED_ITEMS)

    def item_title(self, item) -> str:
        return f"{item.display_name} on “{self.article.title}”"

    def item_link(self, item) -> str:
        return self.absolute(f"{self.article.url}#{item.anchor}")

    def item_description(self, item) -> str:
        return item.comment_html

    def item_author_name(self, item) -> str:
        return plain_text(item.display_name)

    def item_pubdate(self, item) -> datetime.datetime:
        return item.submit_date


class AtomCommentsFeed(CommentsFeed):
    feed_type = Atom1Feed

    def subtitle(self) -> str:
        return self.description()

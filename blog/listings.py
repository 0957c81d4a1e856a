"""Lists of articles: the blog index, tag, author and monthly archives, related articles.

Each archive is a `Listing` (what it holds and what it is called); `render` pages through it,
strictly: a page number that does not exist is a 404, never a copy of page 1.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from urllib.parse import urlencode

from django.conf import settings
from django.core.paginator import InvalidPage, Paginator
from django.db.models import Count, Prefetch, QuerySet, prefetch_related_objects
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.dateformat import format as format_date
from taggit.models import Tag
from wagtail.images import get_image_model

from blog.metadata import excerpt_for
from comments.selectors import comment_counts_for

ARTICLES_PER_PAGE = 10
RELATED_ARTICLES = 3
# The rendition blog/includes/article_summary.html asks for: prefetched with the listing.
SUMMARY_IMAGE = "fill-720x405"


@dataclass
class Listing:
    """One archive of articles: its queryset, names, and addresses below the blog index."""

    index: object
    articles: QuerySet
    heading: str
    description: str
    path: str = ""
    intro: bool = False

    @property
    def url(self) -> str:
        return self.index.url + self.path

    @property
    def feed_url(self) -> str:
        return self.url + "feed/"

    @property
    def atom_url(self) -> str:
        return self.url + "feed/atom/"

    @property
    def feed_title(self) -> str:
        site = settings.WAGTAIL_SITE_NAME
        return f"{site}: {self.heading}" if self.path else site


def all_articles(index) -> Listing:
    return Listing(
        index=index,
        articles=index.articles(),
        heading=index.title,
        description="The latest articles, newest first.",
        intro=True,
    )


def tagged(index, tag_slug: str) -> Listing:
    tag = get_object_or_404(Tag, slug=tag_slug)
    return Listing(
        index=index,
        articles=index.articles().filter(tags=tag),
        heading=f"Articles tagged “{tag.name}”",
        description=f"Articles about {tag.name}, newest first.",
        path=f"tag/{tag.slug}/",
    )


def tag_path(value: str) -> str:
    """The tag page (below the blog index) of a tag given by its slug or its name."""
    tag = Tag.objects.filter(slug=value).first() or get_object_or_404(Tag, name__iexact=value)
    return f"tag/{tag.slug}/"


def by_author(index, slug: str) -> Listing:
    from blog.models import Author

    author = get_object_or_404(Author, slug=slug)
    return Listing(
        index=index,
        articles=index.articles().filter(author=author),
        heading=f"Articles by {author.name}",
        description=author.bio or f"Articles by {author.name}, newest first.",
        path=f"author/{author.slug}/",
    )


def in_month(index, year: int, month: int) -> Listing:
    try:
        first_day = datetime.date(year, month, 1)
    except ValueError as exc:
        raise Http404("No such month") from exc
    name = format_date(first_day, "F Y")
    return Listing(
        index=index,
        articles=index.articles().filter(date__year=year, date__month=month),
        heading=f"Articles from {name}",
        description=f"Articles published in {name}.",
        path=f"{year:04d}/{month:02d}/",
    )


def page_of(articles: QuerySet, number: str | None, per_page: int = ARTICLES_PER_PAGE):
    """One page of a list, or 404 for a page that does not exist (?page=999, ?page=abc)."""
    paginator = Paginator(articles, per_page, allow_empty_first_page=True)
    try:
        return paginator.page(number if number is not None else 1)
    except InvalidPage as exc:
        raise Http404("No such page") from exc


def with_summaries(articles) -> list:
    """The articles with `excerpt` and `comment_count` set (one query for all the counts) and
    their images' renditions prefetched (blog/includes/article_summary.html)."""
    articles = list(articles)
    # The listing's images and their renditions in two queries, whatever the number of articles.
    prefetch_related_objects(
        articles,
        Prefetch("image", queryset=get_image_model().objects.prefetch_renditions(SUMMARY_IMAGE)),
    )
    counts = comment_counts_for(articles)
    for article in articles:
        article.comment_count = counts[article.pk]
        article.excerpt = excerpt_for(article)
    return articles


def render(request, index, listing: Listing) -> HttpResponse:
    """The listing's page of articles, through the blog index's template."""
    page = page_of(listing.articles, request.GET.get("page"))
    if listing.path and not page.object_list:
        raise Http404("Nothing here")
    page.object_list = with_summaries(page.object_list)
    return index.render(
        request,
        context_overrides={
            "listing": listing,
            "articles": page,
            "meta_title": listing.heading if listing.path else None,
            "meta_description": listing.description,
            "canonical_path": listing.url + _page_query(page.number),
            "months": months_with_articles(index),
        },
    )


def _page_query(number: int) -> str:
    return "" if number == 1 else "?" + urlencode({"page": number})


def months_with_articles(index) -> list[datetime.date]:
    """The months that have articles, newest first (for the archive links)."""
    return list(index.articles().dates("date", "month", order="DESC"))


def related_to(article, limit: int = RELATED_ARTICLES) -> list:
    """Other published articles sharing the most tags with this one, newest first on a tie."""
    tag_ids = [tag.pk for tag in article.tags.all() if tag.pk]  # works in previews too
    if not tag_ids:
        return []
    related = (
        type(article)
        .objects.published()
        .filter(tags__in=tag_ids)
        .exclude(pk=article.pk)
        .annotate(shared_tags=Count("pk"))
        .order_by("-shared_tags", "-date", "-pk")
        .select_related("author")[:limit]
    )
    return with_summaries(related)

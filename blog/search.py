"""/search/?q=…: articles found by Wagtail search (PostgreSQL full text on PostgreSQL), with
highlighted snippets, paginated; a page number that does not exist is a 404."""

from __future__ import annotations

import re
from urllib.parse import urlencode

from django.template.response import TemplateResponse
from django.views.decorators.http import require_GET

from blog.highlight import highlight
from blog.listings import page_of, with_summaries
from blog.metadata import body_paragraphs
from blog.models import BlogPage

RESULTS_PER_PAGE = 10
MAX_QUERY_CHARS = 200


def searchable_text(article) -> str:
    """What a snippet is cut from: standfirst, body, tags and author."""
    parts = [article.standfirst, *body_paragraphs(article)]
    parts.extend(tag.name for tag in article.tags.all())
    if article.author:
        parts.append(f"By {article.author.name}")
    return " ".join(p for p in parts if p)


@require_GET
def search(request) -> TemplateResponse:
    query = request.GET.get("q", "").strip()[:MAX_QUERY_CHARS]
    results = page = None
    # Only the words go to the search backend: its own query syntax (quotes, operators, a NUL)
    # is not the reader's, and SQLite's full-text MATCH fails on an unclosed quote.
    words = " ".join(re.findall(r"\w+", query))
    if query:
        found = (
            BlogPage.objects.live().public().select_related("author").search(words)
            if words
            else BlogPage.objects.none()
        )
        page = page_of(found, request.GET.get("page"), RESULTS_PER_PAGE)
        results = [
            (article, highlight(searchable_text(article), query))
            for article in with_summaries(page.object_list)
        ]
    return TemplateResponse(
        request,
        "blog/search.html",
        {
            "query": query,
            "results": results,
            "results_page": page,
            "query_string": urlencode({"q": query}),
            "meta_title": f"Search results for “{query}”" if query else "Search",
            "meta_description": "Search the articles of Tribune.",
        },
    )

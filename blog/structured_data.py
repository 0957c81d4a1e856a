"""schema.org JSON-LD for an article and the comments shown on its page, escaped so that no
text (comments are hostile) can end the <script> element that carries it."""

from __future__ import annotations

import json

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.text import Truncator

from blog.metadata import description_for
from comments.selectors import is_published
from comments.text import reader_text

HEADLINE_CHARS = 110  # schema.org/Google's limit for an article headline

# The characters that could close the element or open an HTML comment inside it, as JSON
# escapes (what django.utils.html.json_script does for type="application/json").
JSON_SCRIPT_ESCAPES = {
    ord(">"): "\\u003E",
    ord("<"): "\\u003C",
    ord("&"): "\\u0026",
    ord("\u2028"): "\\u2028",
    ord("\u2029"): "\\u2029",
}


class ScriptSafeJson:
    """JSON that is safe as the text of a <script type="application/ld+json"> element.

    It declares itself HTML-safe (__html__) because nothing in it can end the element: every
    '<', '>' and '&' is a JSON escape. HTML escaping would corrupt it (entities are not decoded
    inside <script>).
    """

    def __init__(self, data) -> None:
        self.text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(
            JSON_SCRIPT_ESCAPES
        )

    def __html__(self) -> str:
        return self.text

    def __str__(self) -> str:
        return self.text


def _iso(moment) -> str | None:
    return moment.isoformat(timespec="seconds") if moment else None


def _person(name: str, url: str | None = None) -> dict:
    person = {"@type": "Person", "name": name}
    if url:
        person["url"] = url
    return person


def comment_items(threads, page_url: str) -> list[dict]:
    """schema.org Comment items for the published comments in the rendered threads."""
    items = []
    stack = list(reversed(threads))
    while stack:
        node = stack.pop()
        comment = node.comment
        if not node.is_placeholder and is_published(comment):
            items.append(
                {
                    "@type": "Comment",
                    "@id": f"{page_url}#{comment.anchor}",
                    "url": f"{page_url}#{comment.anchor}",
                    "author": _person(comment.display_name),
                    "dateCreated": _iso(comment.submit_date),
                    # Stored HTML is the sanitizer's (well-formed): a regular expression reads
                    # it as Django's strip_tags would, in a third of the time.
                    "text": reader_text(comment.comment_html),
                }
            )
        stack.extend(reversed(node.children))
    return items


def article_json_ld(article, request, discussion=None, image_url: str = "") -> ScriptSafeJson:
    """A BlogPosting with its author, dates, comment count and the comments on the page."""
    url = request.build_absolute_uri(article.url)
    data = {
        "@context": "https://schema.org",
        "@type": "BlogPosting",
        "@id": url,
        "mainEntityOfPage": url,
        "url": url,
        "headline": Truncator(article.title).chars(HEADLINE_CHARS),
        "description": description_for(article),
        "datePublished": article.date.isoformat(),
        "dateModified": _iso(article.last_published_at) or article.date.isoformat(),
        "publisher": {"@type": "Organization", "name": settings.WAGTAIL_SITE_NAME},
        "keywords": [tag.name for tag in article.tags.all()],
    }
    if article.author is not None:
        author_url = request.build_absolute_uri(article.author_url())
        data["author"] = _person(article.author.name, author_url)
    if image_url:
        data["image"] = image_url
    if discussion is not None:
        data["commentCount"] = discussion.count
        data["comment"] = comment_items(discussion.threads, url)
    return ScriptSafeJson(data)

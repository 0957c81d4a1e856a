"""sitemap.xml dates: an article's entry moves when its discussion changes, not only when it
is republished, so that crawlers come back for new comments."""

from __future__ import annotations

from comments.selectors import comments_changed_at

_CACHE_ATTRIBUTE = "_tribune_comments_changed_at"


def _changes_for_request(article, request) -> dict:
    """Discussion changes of every live article, looked up once per sitemap request."""
    if request is None:
        return comments_changed_at([article])
    if not hasattr(request, _CACHE_ATTRIBUTE):
        articles = type(article).objects.live().public().only("pk")
        setattr(request, _CACHE_ATTRIBUTE, comments_changed_at(articles))
    return getattr(request, _CACHE_ATTRIBUTE)


def sitemap_lastmod(article, request, published_at):
    """The later of the article's publication and the last change to its discussion."""
    changed = _changes_for_request(article, request).get(article.pk)
    if changed is None:
        return published_at
    return max(changed, published_at) if published_at else changed

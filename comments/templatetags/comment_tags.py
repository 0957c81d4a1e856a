"""Template helpers for rendering stored comments (never sanitizing: that happened on write)."""

from datetime import datetime

from django import template
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe

from comments import tree_html
from comments.avatars import Avatar, avatar_for

register = template.Library()


@register.filter
def comment_datetime(value: datetime) -> str:
    """Render a moment as 'October 21, 2016 at 2:43 pm' in the site's time zone."""
    return tree_html.comment_datetime(value)


@register.filter
def stored_comment_html(comment) -> SafeString:
    """The comment's HTML as sanitized on write: the one place it is marked safe."""
    return _sanitized(comment.comment_html)


@register.filter
def comment_avatar(comment) -> Avatar:
    """The commenter's avatar (comments/desk/avatar.html draws it; it carries no address)."""
    return avatar_for(name=comment.display_name, email=comment.user_email)


@register.simple_tag
def comment_tree(discussion, link_more: bool = True) -> SafeString:
    """The discussion's threads as nested <li> items (comments.tree_html escapes every field
    but the stored comment HTML, sanitized on write)."""
    more = (lambda c: reverse("comments-thread", args=[c.pk])) if link_more else None
    html = tree_html.render_threads(
        discussion.threads, accepts_comments=discussion.accepts_comments, more_url=more
    )
    return _sanitized(html)


def _sanitized(html: str) -> SafeString:
    # Stored comment HTML (sanitized on write by comments.sanitizer), or comments.tree_html's
    # markup around it, which escapes everything else: Tribune's one mark_safe.
    return mark_safe(html)

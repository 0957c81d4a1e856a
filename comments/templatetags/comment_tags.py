"""Template helpers for rendering stored comments (never sanitizing: that happened on write)."""

from datetime import datetime

from django import template
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe

from comments import comment_form_html, form_html, tree_html
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


@register.simple_tag
def comment_field(field) -> SafeString:
    """A labelled form field with its help text and errors (comments.form_html escapes every
    value in it)."""
    return _sanitized(form_html.field_html(field))


@register.simple_tag(takes_context=True)
def comment_form(context, form, title: str, csrf_on_demand: bool = False) -> SafeString:
    """The comment form under `title` (comments.comment_form_html escapes every value in it);
    the policy note links the pages of Settings → Site links (`site_links`, home.site_links)."""
    html = comment_form_html.comment_form_html(
        form,
        title=title,
        request=context.get("request"),
        csrf_token=context.get("csrf_token"),
        csrf_on_demand=csrf_on_demand,
        links=context.get("site_links"),
    )
    return _sanitized(html)


def _sanitized(html: str) -> SafeString:
    # Stored comment HTML (sanitized on write by comments.sanitizer), comments.tree_html's
    # markup around it, or the form markup of comments.form_html and comments.comment_form_html;
    # those three escape every value they write: Tribune's one mark_safe.
    return mark_safe(html)

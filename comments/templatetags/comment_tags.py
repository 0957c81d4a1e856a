"""Template helpers for rendering stored comments (never sanitizing: that happened on write)."""

from datetime import datetime

from django import template
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe

register = template.Library()


@register.filter
def comment_datetime(value: datetime) -> str:
    """Render a moment as 'October 21, 2016 at 2:43 pm' in the site's time zone."""
    local = timezone.localtime(value)
    hour = local.hour % 12 or 12
    meridiem = "am" if local.hour < 12 else "pm"
    return f"{local:%B} {local.day}, {local.year} at {hour}:{local:%M} {meridiem}"


@register.filter
def stored_comment_html(comment) -> SafeString:
    """The comment's HTML as sanitized on write: the one place it is marked safe."""
    return mark_safe(comment.comment_html)  # sanitized on write by comments.sanitizer

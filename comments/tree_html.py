"""The discussion's comment tree as HTML, in one pass of plain Python.

A recursive template include per comment cost most of an article's render time (issue 17);
this renders the same markup with string joins. Every field is escaped here except the
comment's own HTML, which was sanitized when it was stored; the caller marks the result safe
(comments.templatetags.comment_tags, the one place that does).
"""

from __future__ import annotations

from html import escape

from django.urls import reverse
from django.utils import timezone

from comments.avatars import avatar_html
from comments.links import parse_url
from comments.threads import CommentNode

# What stands in for a removed comment that has replies, by who took it away.
TOMBSTONES = {
    "": "This comment was removed.",
    "author": "Comment deleted by its author.",
    "erased": "Comment erased at its author's request.",
}


def comment_datetime(value) -> str:
    """Render a moment as 'October 21, 2016 at 2:43 pm' in the site's time zone."""
    local = timezone.localtime(value)
    return _human(local)


def _human(local) -> str:
    hour = local.hour % 12 or 12
    meridiem = "am" if local.hour < 12 else "pm"
    return f"{local:%B} {local.day}, {local.year} at {hour}:{local:%M} {meridiem}"


def machine_datetime(local) -> str:
    """A valid HTML datetime: ISO 8601 to the second, with the offset."""
    return local.replace(microsecond=0).isoformat()


def _url_prefix(name: str) -> str:
    # Reversed once per render, not once per comment: "/comments/reply/1/" -> "/comments/reply/".
    return reverse(name, args=[1])[: -len("1/")]


def render_threads(threads: list[CommentNode], *, accepts_comments: bool, more_url=None) -> str:
    """The <li> items of a list of threads (the caller writes the <ol>)."""
    out: list[str] = []
    urls = (_url_prefix("comments-reply"), _url_prefix("comments-flag"))
    for node in threads:
        _render(node, out, urls, accepts_comments, more_url)
    return "".join(out)


def _render(node: CommentNode, out: list[str], urls, accepts: bool, more_url) -> None:
    c = node.comment
    pk = c.pk
    pending = c.awaiting_moderation
    classes = f"comment depth-{c.level}"
    if pending:
        classes += " comment-pending"
    if node.is_placeholder:
        classes += " comment-removed"
    elif c.is_staff_reply:
        classes += " comment--staff"
    out.append(f'<li class="{classes}" id="c{pk}">')
    if node.is_placeholder:
        out.append(
            f'<p class="comment-placeholder">{TOMBSTONES.get(c.withdrawn, TOMBSTONES[""])}</p>'
        )
    else:
        name = escape(c.display_name)
        local = timezone.localtime(c.submit_date)
        website = parse_url(c.user_url) if c.user_url else None
        if website is not None:
            # The parsed form: hosts in punycode, as a browser would go (no look-alike letters).
            author = (
                f'<a href="{escape(website.href)}" rel="external nofollow ugc noopener">{name}</a>'
            )
        else:
            author = name
        staff = ' <span class="staff-badge">Staff</span>' if c.is_staff_reply else ""
        out.append(
            f'<article class="comment-body" aria-labelledby="c{pk}-author">'
            f'<footer class="comment-meta">{avatar_html(c.display_name, c.user_email)}'
            f'<span class="comment-author" id="c{pk}-author" '
            f'dir="auto">{author}</span>{staff} <a class="comment-permalink" href="#c{pk}">'
            f'<time datetime="{machine_datetime(local)}">{_human(local)}</time></a></footer>'
        )
        if c.in_reply_to_name:
            # Imported replies deeper than the limit sit at the limit, saying whom they answer.
            out.append(
                f'<p class="comment-in-reply-to">In reply to <bdi>{escape(c.in_reply_to_name)}'
                "</bdi></p>"
            )
        if pending:
            out.append(
                '<p class="comment-awaiting-moderation">Your comment is awaiting moderation.</p>'
            )
        out.append(f'<div class="comment-content">{c.comment_html}</div>')
        if c.redacted_at:
            out.append('<p class="comment-edited">Edited by a moderator.</p>')
        elif c.edited_at:
            edited = timezone.localtime(c.edited_at)
            out.append(
                f'<p class="comment-edited">Edited <time datetime="{machine_datetime(edited)}">'
                f"{_human(edited)}</time></p>"
            )
        if not pending:
            out.append('<p class="comment-actions">')
            if node.can_reply and accepts:
                out.append(
                    # comments.js takes the id and the name from the comment around the link.
                    f'<a class="comment-reply-link" href="{urls[0]}{pk}/" '
                    f'aria-label="Reply to {name}">Reply</a> '
                )
            out.append(
                f'<a class="comment-flag-link" href="{urls[1]}{pk}/" rel="nofollow" '
                f'aria-label="Report the comment by {name}">Report</a></p>'
            )
        out.append("</article>")
    if node.children:
        out.append('<ol class="children">')
        for child in node.children:
            _render(child, out, urls, accepts, more_url)
        out.append("</ol>")
    if node.hidden_replies and more_url is not None:
        n = node.hidden_replies
        out.append(
            f'<p class="more-replies"><a href="{more_url(c)}">{n} more '
            f"{'reply' if n == 1 else 'replies'}</a></p>"
        )
    out.append("</li>")

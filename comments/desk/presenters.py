"""What the desk shows about one comment: its renderings, its record, its thread, its author."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join

from comments.desk.traces import decision_views
from comments.models import (
    CommentReport,
    CommentRevision,
    ModerationDecision,
    Status,
    TribuneComment,
)
from comments.moderation.facts import sanction_in_force
from comments.sanitizer_report import describe_removed_markup, find_removals

HISTORY_SHOWN = 20


def highlight_removed(raw: str):
    """The submitted text, escaped, with exactly what the sanitizer drops wrapped in <mark>:
    an element with its tags (and a script's or style's content), an attribute, a comment."""
    parts = []
    position = 0
    for removal in find_removals(raw):
        parts.append((raw[position : removal.start], False))
        parts.append((raw[removal.start : removal.end], True))
        position = removal.end
    parts.append((raw[position:], False))
    return format_html_join(
        "",
        "{}",
        (
            (format_html("<mark>{}</mark>", text) if dropped else text,)
            for text, dropped in parts
            if text
        ),
    )


def comment_story(comment: TribuneComment, *, moderatable) -> dict:
    """The detail page's context for one comment; the author's history shows only comments
    the viewer may moderate (`moderatable`), so an editor sees nothing of other articles."""
    thread = TribuneComment.objects.filter(thread_id=comment.thread_id).select_related(None)
    parent = None
    if comment.parent_id and comment.parent_id != comment.pk:
        parent = thread.filter(pk=comment.parent_id).first()
    replies = list(
        thread.filter(parent_id=comment.pk).exclude(pk=comment.pk).order_by("thread_path")
    )
    history = (
        moderatable.filter(user_email__iexact=comment.user_email)
        .exclude(pk=comment.pk)
        .order_by("-submit_date")[:HISTORY_SHOWN]
        if comment.user_email
        else TribuneComment.objects.none()
    )
    return {
        "comment": comment,
        "target": comment.content_object,
        "highlighted_raw": highlight_removed(comment.comment),
        "removed": describe_removed_markup(comment.comment),
        "decisions": decision_views(
            list(ModerationDecision.objects.for_comment(comment).select_related("actor"))
        ),
        "parent": parent,
        "replies": replies,
        "history": list(history),
        "history_outcomes": _outcomes(comment.user_email, moderatable),
        "revisions": list(CommentRevision.objects.filter(comment=comment)),
        "reports": list(CommentReport.objects.filter(comment=comment).select_related("user")),
        **_account(comment),
    }


def _outcomes(email: str, moderatable) -> dict[str, int]:
    if not email:
        return {}
    counts: dict[str, int] = {}
    for status in moderatable.filter(user_email__iexact=email).values_list("status", flat=True):
        label = Status(status).label
        counts[label] = counts.get(label, 0) + 1
    return counts


def _account(comment: TribuneComment) -> dict:
    """The author's account, when the comment was posted signed in: its state and its page."""
    if not comment.user_id:
        return {}
    sanction = sanction_in_force(comment.user_id, timezone.now())
    state = sanction.get_kind_display() if sanction else "In good standing"
    if sanction and sanction.until:
        state += f" until {timezone.localtime(sanction.until):%B %-d, %Y}"
    return {
        "account_url": reverse("comment_desk:account", args=[comment.user_id]),
        "account_state": f"{state} — suspend, ban, all their comments",
    }

"""Comments imported by an earlier run: bring their text, author and status up to date.

A status follows the export only while no one here has decided on the comment since it was
imported (its latest decision is an import's); a moderator's decision here stands, and the
summary says where the two differ. Status changes go through the bulk transition that sends
no email: they are history decided elsewhere.
"""

from __future__ import annotations

from blog.importers.summary import Summary
from comments.models import TribuneComment, author_name_fields
from comments.sanitizer import MAX_INPUT_CHARS, sanitize
from comments.transitions import comments_transition_bulk_quietly

FULL_NAME_MAX = TribuneComment._meta.get_field("author_name").max_length
URL_MAX = TribuneComment._meta.get_field("user_url").max_length
EMAIL_MAX = TribuneComment._meta.get_field("user_email").max_length
IMPORT_REASONS = {"imported", "import_updated"}
LOADED = (
    "pk", "status", "user_name", "author_name", "user_email", "user_url", "comment",
    "moderation_reason", "content_type_id", "object_pk", "ip_address", "redacted_at",
)  # fmt: skip


def refresh_known(incoming, known: dict[str, int], summary: Summary, origin: str) -> set[int]:
    """Update the comments of `incoming` that `known` maps to stored comments; returns the
    ids of those changed."""
    stored_by_pk = (
        TribuneComment.objects.filter(pk__in=known.values())
        .select_related(None)
        .only(*LOADED)
        .in_bulk()
    )
    updated: set[int] = set()
    status_changes: list[tuple[TribuneComment, str]] = []
    sources: dict[int, object] = {}
    for comment in incoming:
        stored = stored_by_pk.get(known.get(comment.source_id))
        if stored is None:
            continue
        sources[stored.pk] = comment
        if _update_fields(stored, comment, summary):
            updated.add(stored.pk)
        if stored.status == comment.status:
            continue
        if stored.moderation_reason in IMPORT_REASONS:
            status_changes.append((stored, comment.status))
        else:
            _warn_differs(summary, comment, stored.status, "kept as moderated here")
    moved, refused = comments_transition_bulk_quietly(
        changes=status_changes,
        reason="import_updated",
        note=f"Status changed by a later import from {origin}.",
    )
    updated.update(c.pk for c in moved)
    for stored in refused:
        _warn_differs(summary, sources[stored.pk], stored.status, "this change is not allowed")
    if updated:
        summary.count("comment", "updated", len(updated))
    if len(sources) > len(updated):
        summary.count("comment", "unchanged", len(sources) - len(updated))
    return updated


def _update_fields(stored: TribuneComment, comment, summary: Summary) -> bool:
    fields = {
        **author_name_fields(comment.name or "Anonymous"),
        "user_email": comment.email[:EMAIL_MAX],
        "user_url": comment.url if len(comment.url) <= URL_MAX else stored.user_url,
        "comment": comment.text[:MAX_INPUT_CHARS],
    }
    changed = {k: v for k, v in fields.items() if getattr(stored, k) != v}
    if "comment" in changed and stored.redacted_at is not None:
        # A moderator's edit here stands (CommentRevision keeps what it replaced).
        del changed["comment"]
        summary.warn(
            "edited_here",
            f"comment {comment.source_id} in {comment.where} was edited by a moderator here; "
            "its text is kept",
        )
    if not changed:
        return False
    if "comment" in changed:
        changed["comment_html"] = sanitize(changed["comment"])
    TribuneComment.objects.filter(pk=stored.pk).update(**changed)
    return True


def _warn_differs(summary: Summary, comment, here: str, outcome: str) -> None:
    summary.warn(
        "status_differs",
        f"comment {comment.source_id} in {comment.where} is {here} here and "
        f"{comment.status} in the export; {outcome}",
    )

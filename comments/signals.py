"""Signals other parts of Tribune listen to."""

from __future__ import annotations

from django.db import transaction
from django.dispatch import Signal

# Sent once the transaction has committed, whenever what readers see of one discussion may have
# changed: a comment published, held back, removed, restored, edited or erased, or the
# discussion's own settings changed. Page caches purge on it.
# Keyword arguments: content_type_id (int), object_pk (str), comment_ids (tuple[int, ...]),
# cause (str: a reason code or "settings").
discussion_changed = Signal()

# Sent inside the transaction that puts a comment in the moderation queue, so that receivers
# (the desk's alerts to moderators) queue their emails in the outbox atomically with it.
# Keyword arguments: comment (TribuneComment).
comment_held = Signal()


def announce_discussion_changed(
    *, content_type_id: int, object_pk: str, comment_ids: tuple[int, ...] = (), cause: str
) -> None:
    """Send discussion_changed after the current transaction commits (at once outside one)."""
    transaction.on_commit(
        lambda: discussion_changed.send(
            sender=None,
            content_type_id=content_type_id,
            object_pk=str(object_pk),
            comment_ids=tuple(comment_ids),
            cause=cause,
        )
    )

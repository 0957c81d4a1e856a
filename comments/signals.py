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
    *, content_type_id=None, object_pk=None, comment_ids=(), cause: str
) -> None:
    """Send discussion_changed once the current transaction commits (at once outside one).

    Without content_type_id and object_pk, the discussion is the first comment's.
    """
    comment_ids = tuple(comment_ids)

    def send() -> None:
        ct, pk = content_type_id, object_pk
        if ct is None:
            from comments.models import TribuneComment

            found = (
                TribuneComment.objects.filter(pk__in=comment_ids)
                .values_list("content_type_id", "object_pk")
                .first()
            )
            if found is None:
                return
            ct, pk = found
        discussion_changed.send(
            sender=announce_discussion_changed,
            content_type_id=ct,
            object_pk=str(pk),
            comment_ids=comment_ids,
            cause=cause,
        )

    transaction.on_commit(send, robust=True)


# Sent by the page cache once it has read the version tokens a shared copy will carry and
# before the page is rendered: a database router that reads from a replica switches to the
# primary unless the replica holds every write made before those tokens (config.replica).
shared_copy_rendering = Signal()

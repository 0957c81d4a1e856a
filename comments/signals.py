"""Signals other parts of Tribune listen to."""

from django.dispatch import Signal

# Sent once the transaction has committed, whenever what readers see of one discussion may have
# changed: a comment published, held back, removed, restored, edited or erased, or the
# discussion's own settings changed. Page caches purge on it.
# Keyword arguments: content_type_id (int), object_pk (str), comment_ids (tuple[int, ...]),
# cause (str: a reason code or "settings").
discussion_changed = Signal()

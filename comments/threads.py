"""Thread placement for new comments and tree building for display."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import F, Max, Min

from comments.models import Status, TribuneComment


def can_reply_to(parent: TribuneComment, max_level: int) -> bool:
    """Tell whether a reply to this comment stays within the depth limit (0 is top level)."""
    return parent.level < max_level and parent.status == Status.APPROVED


@transaction.atomic
def insert_comment(comment: TribuneComment, parent: TribuneComment | None) -> TribuneComment:
    """Save a new comment at its place in its thread, serialising writers per thread."""
    if parent is None:
        comment.level = 0
        comment.order = 1
        comment.nested_count = 0
        comment.save(force_insert=True)
        TribuneComment.objects.filter(pk=comment.pk).update(
            thread_id=comment.pk, parent_id=comment.pk
        )
        comment.thread_id = comment.parent_id = comment.pk
        return comment

    # Locking the thread's root row makes concurrent replies to one thread take turns,
    # so the renumbering below never interleaves.
    TribuneComment.objects.select_for_update().filter(pk=parent.thread_id).exists()
    parent = TribuneComment.objects.get(pk=parent.pk)
    thread = TribuneComment.norel_objects.filter(thread_id=parent.thread_id)

    comment.thread_id = parent.thread_id
    comment.parent_id = parent.pk
    comment.level = parent.level + 1
    comment.nested_count = 0
    # The reply goes after the parent's existing subtree: before the next comment
    # whose level is not deeper than the parent's.
    next_sibling_order = thread.filter(level__lte=parent.level, order__gt=parent.order).aggregate(
        Min("order")
    )["order__min"]
    if next_sibling_order is None:
        comment.order = thread.aggregate(Max("order"))["order__max"] + 1
    else:
        thread.filter(order__gte=next_sibling_order).update(order=F("order") + 1)
        comment.order = next_sibling_order
    comment.save(force_insert=True)

    ancestor_ids = _ancestor_ids(parent)
    thread.filter(pk__in=ancestor_ids).update(nested_count=F("nested_count") + 1)
    return comment


def _ancestor_ids(parent: TribuneComment) -> list[int]:
    ids = [parent.pk]
    current = parent
    while current.parent_id and current.parent_id != current.pk:
        current = TribuneComment.norel_objects.only("pk", "parent_id").get(pk=current.parent_id)
        ids.append(current.pk)
    return ids


@dataclass
class CommentNode:
    """A comment with its visible replies, ready for a template."""

    comment: TribuneComment
    children: list[CommentNode] = field(default_factory=list)
    can_reply: bool = False

    @property
    def is_placeholder(self) -> bool:
        """A removed comment kept only so that its replies stay in place."""
        return self.comment.status == Status.REMOVED


def build_tree(comments: Iterable[TribuneComment], max_level: int) -> list[CommentNode]:
    """Nest comments (in thread order) under their parents, in one pass and no queries.

    Removed comments stay as placeholders only while they have replies to show.
    """
    nodes: dict[int, CommentNode] = {}
    roots: list[CommentNode] = []
    for comment in comments:
        node = CommentNode(comment=comment, can_reply=can_reply_to(comment, max_level))
        nodes[comment.pk] = node
        parent = nodes.get(comment.parent_id) if comment.parent_id != comment.pk else None
        if parent is None:
            roots.append(node)
        else:
            parent.children.append(node)
    return _prune_empty_placeholders(roots)


def _prune_empty_placeholders(nodes: list[CommentNode]) -> list[CommentNode]:
    kept = []
    for node in nodes:
        node.children = _prune_empty_placeholders(node.children)
        if not node.is_placeholder or node.children:
            kept.append(node)
    return kept

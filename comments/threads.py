"""Thread placement for new comments and tree building for display."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import F
from django_comments_xtd.models import XtdComment

from comments.claims import Claim, locked_claim
from comments.insert_chain import chain_supported, insert_comment_and_decision
from comments.models import (
    PATH_DIGITS,
    ModerationDecision,
    Status,
    TribuneComment,
    path_segment,
)


def can_reply_to(parent: TribuneComment, max_level: int) -> bool:
    """Tell whether a reply to this comment stays within the depth limit (0 is top level)."""
    return parent.level < max_level and parent.status == Status.APPROVED


def insert_comment(
    comment: TribuneComment,
    parent: TribuneComment | None,
    decision_entry: ModerationDecision | None = None,
    claim: Claim | None = None,
) -> TribuneComment:
    """Save a new comment at its place in its thread, in a fixed number of statements; with
    its unsaved decision record, that too. On PostgreSQL, a comment with its record is one
    statement (comments.insert_chain), which also takes the post's claim (comments.claims;
    ClaimTaken if it cannot, with nothing stored): atomic alone, it needs no transaction.

    A comment's place is its `thread_path`: its ancestors' ids and its own, fixed width, so
    ORDER BY thread_path lists each thread depth-first with siblings oldest first. Nothing
    else in the thread moves, so concurrent replies need no lock: ids are unique, and the
    ancestors' reply counts are bumped by one atomic UPDATE. (xtd's `order` column is no
    longer maintained; ordering by it means nothing.)
    """
    ancestors = place_comment(comment, parent)
    if decision_entry is not None and chain_supported():
        insert_comment_and_decision(
            comment,
            decision_entry,
            is_root=parent is None,
            ancestors=ancestors,
            claim=claim or locked_claim(comment),
        )
        return comment
    # No savepoint: inside the caller's transaction a failure rolls the whole post back anyway.
    with transaction.atomic(savepoint=False):
        comment.save(force_insert=True)
        if ancestors:
            XtdComment.norel_objects.filter(pk__in=ancestors).update(
                nested_count=F("nested_count") + 1
            )
        if decision_entry is not None:
            decision_entry.comment = comment
            decision_entry.save()
    return comment


def place_comment(comment: TribuneComment, parent: TribuneComment | None) -> list[int]:
    """Set a new comment's level, thread and parent (what its id does not decide); returns
    the ids of the ancestors whose reply counts it adds to."""
    comment.nested_count = 0
    if parent is None:
        comment.level = 0
        comment._thread_path_prefix = ""
        # A root is its own thread and parent: TribuneComment._save_table writes its id there
        # in xtd's INSERT, once django-comments' INSERT has given the id.
        comment._thread_root = True
        return []
    if not parent.thread_path:
        parent = TribuneComment.objects.only("thread_path", "thread_id", "level").get(pk=parent.pk)
    comment.thread_id = parent.thread_id
    comment.parent_id = parent.pk
    comment.level = parent.level + 1
    comment._thread_path_prefix = parent.thread_path
    return ancestor_ids(parent.thread_path)


BULK_BATCH = 200


@transaction.atomic
def insert_comments_bulk(placements: list[tuple[TribuneComment, TribuneComment | None]]) -> None:
    """Save many new comments at their places, a few statements per batch instead of several
    per comment (imports). Parents come before their replies; a parent is stored or earlier
    in the list. Same result as insert_comment for each in turn.

    django-comments' multi-table model rules out bulk_create, so each of its three tables is
    filled by one multi-row INSERT per batch, as Model.save fills them one row at a time.
    """
    from django_comments.models import Comment

    if not placements:
        return
    base_fields = [f for f in Comment._meta.concrete_fields if not f.primary_key]
    rows = [
        Comment(**{f.attname: getattr(c, f.attname) for f in base_fields}) for c, _ in placements
    ]
    Comment.objects.bulk_create(rows, batch_size=BULK_BATCH)
    stored_counts: dict[int, int] = {}
    for (comment, parent), row in zip(placements, rows, strict=True):
        comment.id = comment.comment_ptr_id = comment.xtdcomment_ptr_id = row.pk
        comment.nested_count = 0
        if parent is None:
            comment.level, comment.thread_id, comment.parent_id = 0, row.pk, row.pk
            comment.thread_path = path_segment(row.pk)
            continue
        comment.level = parent.level + 1
        comment.thread_id, comment.parent_id = parent.thread_id, parent.pk
        comment.thread_path = parent.thread_path + path_segment(row.pk)
        for ancestor in ancestor_ids(parent.thread_path):
            stored_counts[ancestor] = stored_counts.get(ancestor, 0) + 1
    new = {comment.pk: comment for comment, _ in placements}
    for pk in [pk for pk in stored_counts if pk in new]:
        new[pk].nested_count = stored_counts.pop(pk)
    comments = [comment for comment, _ in placements]
    for model in (XtdComment, TribuneComment):
        fields = model._meta.local_concrete_fields
        for start in range(0, len(comments), BULK_BATCH):
            model._base_manager._insert(comments[start : start + BULK_BATCH], fields=fields)
    by_increment: dict[int, list[int]] = {}
    for pk, increment in stored_counts.items():
        by_increment.setdefault(increment, []).append(pk)
    for increment, pks in by_increment.items():
        XtdComment.norel_objects.filter(pk__in=pks).update(
            nested_count=F("nested_count") + increment
        )
    for comment in comments:
        comment._state.adding = False
        comment._state.db = Comment.objects.db


def ancestor_ids(thread_path: str) -> list[int]:
    """The ids a thread path names, from the thread's root to the comment itself."""
    return [int(thread_path[i : i + PATH_DIGITS]) for i in range(0, len(thread_path), PATH_DIGITS)]


@dataclass
class CommentNode:
    """A comment with its visible replies, ready for a template."""

    comment: TribuneComment
    children: list[CommentNode] = field(default_factory=list)
    can_reply: bool = False
    # On a thread's root: its comments beyond those shown on an article page.
    hidden_replies: int = 0

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

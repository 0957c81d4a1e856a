"""A new comment and its decision record in one statement (PostgreSQL).

Model.save writes a comment as three INSERTs, one per table of its multi-table inheritance
(django-comments', xtd's, Tribune's), and the decision record is a fourth; a reply adds the
UPDATE of its ancestors' reply counts. Each is a round trip and an ORM compile, which was most
of what storing a comment cost. Here they are one INSERT … RETURNING chain of data-modifying
CTEs: the first INSERT takes the id from django-comments' sequence and every later one reads
it from there (the parent links, a new thread's own thread and parent ids, the thread path,
the decision's comment).

The text is generated from the models' _meta (their local concrete fields, in the order
Model.save writes them) once per process and shape (a root, or a reply), and each value is
prepared by its field as the ORM's INSERT prepares it, so a column added to a model is written
here with no change. comments/tests/test_insert_chain.py holds the rows to those Model.save
writes. pre_save and post_save are sent for both rows, but in one batch around the statement:
both pre_save first, then both post_save (Model.save would interleave them). Other databases (SQLite has no data-modifying CTEs) keep the ORM's statements.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from django.db import connection, connections
from django.db.models import signals
from django.utils import timezone
from django_comments.models import Comment
from django_comments_xtd.models import XtdComment

from comments.claims import Claim, ClaimTaken, PostingClaim
from comments.models import (
    PATH_DIGITS,
    ModerationDecision,
    ThreadPathField,
    TribuneComment,
    path_segment,
)
from comments.prepared import server_bound_cursor

COMMENT_TABLES = (Comment, XtdComment, TribuneComment)


def chain_supported() -> bool:
    return connection.vendor == "postgresql"


@dataclass(frozen=True)
class _Insert:
    """One INSERT of the chain: its SQL and the fields whose values it binds, in order."""

    sql: str
    bound: tuple


def insert_comment_and_decision(
    comment: TribuneComment,
    entry: ModerationDecision,
    *,
    is_root: bool,
    ancestors: list[int],
    claim: Claim,
) -> None:
    """Store a placed comment (comments.threads.place_comment) and its unsaved decision, if the
    statement can take the post's claim (comments.claims); ClaimTaken if not, with nothing
    stored."""
    if comment.pk is not None or entry.pk is not None:
        raise ValueError("The chain stores new rows only.")
    if comment.submit_date is None:  # as django-comments' save()
        comment.submit_date = timezone.now()
    using = connection.alias
    signals.pre_save.send(
        TribuneComment, instance=comment, raw=False, using=using, update_fields=None
    )
    signals.pre_save.send(
        ModerationDecision, instance=entry, raw=False, using=using, update_fields=None
    )
    inserts, sql = _chain_sql(is_root=is_root, bumps_ancestors=bool(ancestors))
    prefix = getattr(comment, "_thread_path_prefix", "")
    # The connection behind django.db.connection, looked up once: each of the 46 values asks
    # it for its operations, and through the proxy that was half of preparing them.
    db = connections[using]
    snapshot = claim.facts_snapshot
    params: list = [claim.key, claim.key, snapshot, snapshot]
    for insert in inserts:
        for field, source in insert.bound:
            if source == "path prefix":
                params.append(prefix)
                continue
            obj = comment if source == "comment" else entry
            # As the ORM's INSERT prepares each value (SQLInsertCompiler.prepare_value).
            params.append(field.get_db_prep_save(field.pre_save(obj, True), db))
    if ancestors:
        params.append(list(ancestors))
    # Bound and prepared on the server once a connection has run it a few times (comments.prepared).
    with server_bound_cursor() as cursor:
        cursor.execute(sql, params)
        comment_id, entry_id = cursor.fetchone()
    if comment_id is None:
        raise ClaimTaken(claim.key)
    comment.id = comment.comment_ptr_id = comment.xtdcomment_ptr_id = comment_id
    if is_root:
        comment.thread_id = comment.parent_id = comment_id
    comment.thread_path = prefix + path_segment(comment_id)
    entry.id, entry.comment = entry_id, comment
    for obj, model in ((comment, TribuneComment), (entry, ModerationDecision)):
        obj._state.adding, obj._state.db = False, using
        signals.post_save.send(
            model, instance=obj, created=True, update_fields=None, raw=False, using=using
        )


@functools.cache
def _chain_sql(*, is_root: bool, bumps_ancestors: bool) -> tuple[tuple[_Insert, ...], str]:
    """The chain's INSERTs and its whole text, for a new thread's root or for a reply."""
    quote = connection.ops.quote_name
    new_id = f"(SELECT {quote(Comment._meta.pk.column)} FROM new_comment)"
    # The path: the parent's (bound) and the id, zero-padded as models.path_segment does.
    as_text = f"({new_id})::text"
    path = f"(%s || lpad({as_text}, GREATEST({PATH_DIGITS}, length({as_text})), '0'))"
    by_id = {"parent_link": new_id, "path": path}
    if is_root:
        # A root is its own thread and parent (TribuneComment._save_table on the ORM's path).
        by_id["thread"] = by_id["parent"] = new_id
    inserts = []
    for model in COMMENT_TABLES:
        inserts.append(_insert_for(model, "comment", by_id))
    inserts.append(_insert_for(ModerationDecision, "entry", {"comment": new_id}))
    names = ["new_comment", "new_xtd", "new_tribune", "new_decision"]
    ctes = [_claim_sql()]
    ctes += [f"{name} AS ({insert.sql})" for name, insert in zip(names, inserts, strict=True)]
    if bumps_ancestors:
        count = quote(XtdComment._meta.get_field("nested_count").column)
        key = quote(XtdComment._meta.pk.column)
        ctes.append(
            f"bumped AS (UPDATE {quote(XtdComment._meta.db_table)} SET {count} = {count} + 1"
            f" WHERE {key} = ANY(%s) AND {CLAIMED})"
        )
    decision_id = quote(ModerationDecision._meta.pk.column)
    sql = f"WITH {', '.join(ctes)} SELECT {new_id}, (SELECT {decision_id} FROM new_decision)"
    return tuple(inserts), sql


def _insert_for(model, source: str, by_id: dict[str, str]) -> _Insert:
    """INSERT … VALUES … RETURNING of one model's own table: the fields Model._save_table
    writes (its local concrete fields, without an auto-incremented key)."""
    quote = connection.ops.quote_name
    meta = model._meta
    columns, values, bound = [], [], []
    for field in meta.local_concrete_fields:
        if field is meta.auto_field:
            continue
        if getattr(field, "get_placeholder", None) is not None:
            raise NotImplementedError(f"{field} needs its own placeholder")
        columns.append(quote(field.column))
        expression = _by_id(field, meta, by_id)
        if expression is None:
            values.append("%s")
            bound.append((field, source))
        else:
            values.append(expression)
            if isinstance(field, ThreadPathField):
                bound.append((field, "path prefix"))
    returning = quote(meta.pk.column)
    # A row only if the statement took its claim: SELECT … WHERE, not VALUES. PostgreSQL still
    # types each bound value by its column, as in VALUES.
    sql = (
        f"INSERT INTO {quote(meta.db_table)} ({', '.join(columns)})"
        f" SELECT {', '.join(values)} WHERE {CLAIMED} RETURNING {returning}"
    )
    return _Insert(sql, tuple(bound))


CLAIMED = "EXISTS (SELECT 1 FROM claim)"


def _claim_sql() -> str:
    """The claim (comments.claims), taken first. The posting lock before anything, so that a
    post made again under it (posting's second try) never runs beside this statement; then the
    claim row with this transaction's id, unless the row names a transaction the facts'
    snapshot (bound; NULL: always) does not see. A claim being written by another statement
    makes this one wait for it to end (the unique key), and the condition is checked against
    the row as committed then, whatever this statement's own snapshot."""
    quote = connection.ops.quote_name
    meta = PostingClaim._meta
    table, key = quote(meta.db_table), quote(meta.pk.column)
    xid = quote(meta.get_field("transaction_id").column)
    at = quote(meta.get_field("claimed_at").column)
    return (
        f"claim AS (INSERT INTO {table} ({key}, {xid}, {at})"
        f" SELECT %s, pg_current_xact_id()::text::bigint, clock_timestamp()"
        f" FROM (SELECT pg_advisory_xact_lock(%s) AS locked) AS held"
        f" WHERE held.locked IS NOT NULL"
        f" ON CONFLICT ({key}) DO UPDATE SET {xid} = EXCLUDED.{xid}, {at} = EXCLUDED.{at}"
        f" WHERE %s::pg_snapshot IS NULL"
        f" OR pg_visible_in_snapshot({table}.{xid}::text::xid8, %s::pg_snapshot)"
        f" RETURNING {key})"
    )


def _by_id(field, meta, by_id: dict[str, str]) -> str | None:
    """The SQL of a value that only the new id decides, if `field` is one."""
    if (
        field.primary_key
        and getattr(field, "remote_field", None)
        and field.remote_field.parent_link
    ):
        return by_id["parent_link"]
    if isinstance(field, ThreadPathField):
        return by_id["path"]
    if meta.model is XtdComment and field.name in ("thread_id", "parent_id"):
        return by_id.get(field.name.removesuffix("_id"))
    if meta.model is ModerationDecision and field.name == "comment":
        return by_id["comment"]
    return None

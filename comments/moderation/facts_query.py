"""The facts' one query (comments.moderation.facts.gather_facts), as SQL built once per shape.

Through the ORM this aggregate cost a comment POST more than anything else: compiling its
five filtered aggregates took longer than running them, and the ORM joins xtd's table between
django-comments' and Tribune's (multi-table inheritance), which made PostgreSQL's planner scan
xtd's whole table. Here the two tables that hold the columns are joined on the id they share,
and the text is generated from the models' _meta once per shape (which of IP, email, account
and excluded comment the submission has), so a POST only binds its values. The SQL reads as
the ORM's did: the same columns, lookups (iexact is UPPER() = UPPER(), which the index
tribune_comment_email_recent serves) and conditions, each aggregate over the rows its filter
names; comments/tests/test_facts_query.py holds it to the ORM's answers.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import datetime

from django.db import DEFAULT_DB_ALIAS, connection, connections
from django_comments.models import Comment

from comments.models import Status, TribuneComment
from comments.prepared import server_bound_cursor


@dataclass(frozen=True)
class FactsShape:
    """Which conditions a submission brings: each changes the query's text."""

    ip: bool
    email: bool
    user: bool
    exclude: bool


@dataclass(frozen=True)
class FactsParams:
    ip: str | None
    email: str
    user_id: int | None
    exclude_pk: int | None
    window_start: datetime
    duplicate_since: datetime
    content_type_id: int
    object_pk: str
    text: str
    reader_types: tuple[str, ...]


FACT_NAMES = ("by_ip", "by_email", "oldest", "duplicate_of", "history")


def facts_row(params: FactsParams) -> dict:
    """The aggregates gather_facts reads, by name (absent ones, no IP or no author, are None),
    and `snapshot`, the database snapshot they were read in (comments.claims). Bound and
    prepared on the server (comments.prepared)."""
    shape = FactsShape(
        ip=bool(params.ip),
        email=bool(params.email),
        user=bool(params.user_id),
        exclude=bool(params.exclude_pk),
    )
    sql, names = facts_sql(shape)
    if sql is None:
        return {}
    with server_bound_cursor() as cursor:
        cursor.execute(sql, _bind(params))
        row = dict(zip(names, cursor.fetchone(), strict=True))
    del row["plans"]
    return row


def _column(model, name: str) -> str:
    field = model._meta.get_field(name)
    return f"{_table(model)}.{connection.ops.quote_name(field.column)}"


def _table(model) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def _bind(params: FactsParams) -> dict:
    """The values as the ORM would send them (each field's own preparation)."""

    def prep(model, name, value):
        return model._meta.get_field(name).get_db_prep_value(value, db)

    db = connections[DEFAULT_DB_ALIAS]  # the proxy's connection, looked up once
    return {
        "ip": prep(Comment, "ip_address", params.ip) if params.ip else None,
        "email": params.email,
        "user_id": params.user_id,
        "exclude_pk": params.exclude_pk,
        "window_start": prep(Comment, "submit_date", params.window_start),
        "duplicate_since": prep(Comment, "submit_date", params.duplicate_since),
        "content_type_id": params.content_type_id,
        "object_pk": params.object_pk,
        "text": params.text,
        "reader_types": list(params.reader_types),
        # Plain text: psycopg takes longer to dump an enum member.
        "approved": Status.APPROVED.value,
        "removed": Status.REMOVED.value,
    }


@functools.cache
def facts_sql(shape: FactsShape) -> tuple[str | None, tuple[str, ...]]:
    """The query's text for one shape and the names of its columns (None: nothing to ask).

    Aggregates side by side: the sender's recent comments by address and by email read
    django-comments' table alone (every row of it is a Tribune comment), and the author's
    comments, whose status and type are Tribune's, join Tribune's table. Each subquery keeps
    to the rows its own index finds; one WHERE over both sets made PostgreSQL join every
    recent comment of the address to Tribune's table.
    """
    c = functools.partial(_column, Comment)
    t = functools.partial(_column, TribuneComment)
    by_email = f"UPPER({c('user_email')}::text) = UPPER(%(email)s)" if shape.email else None
    by_user = f"{c('user')} = %(user_id)s" if shape.user else None
    same_author = _any(by_email, by_user)
    others = f" AND NOT ({c('id')} = %(exclude_pk)s)" if shape.exclude else ""
    parts: list[str] = []
    columns: dict[str, str] = {}
    # Each sender is its own subquery over its own two-column index: the address's or the
    # email's comments, then their dates (tribune_comment_ip_recent, tribune_comment_email_recent).
    # The window is written as a row comparison on the index's two columns, which only that
    # index can serve: as `date >= start` it let the planner pick django-comments' index on
    # the date alone, and read every recent comment of the site, whenever its statistics
    # (which never hold the last minutes' rows) guessed that none were that recent.
    senders = {
        "by_ip": (c("ip_address"), "%(ip)s") if shape.ip else None,
        "by_email": (f"UPPER({c('user_email')}::text)", "UPPER(%(email)s)")
        if shape.email
        else None,
    }
    oldest: list[str] = []
    for name, sender in senders.items():
        if sender is None:
            continue
        key, value = sender
        window = f"{key} = {value} AND ({key}, {c('submit_date')}) >= ({value}, %(window_start)s)"
        parts.append(
            f"SELECT COUNT(*) AS {name}, MIN({c('submit_date')}) AS {name}_oldest"
            f" FROM {_table(Comment)} WHERE {window}{others}"
        )
        columns[name] = name
        oldest.append(f"{name}_oldest")
    if oldest:
        # LEAST ignores NULLs: the oldest of either set, as MIN over their union.
        columns["oldest"] = oldest[0] if len(oldest) == 1 else f"LEAST({', '.join(oldest)})"
    if same_author:
        # The same text by the same author on the same article lately, unless it was removed.
        duplicate = " AND ".join(
            [
                f"{c('content_type')} = %(content_type_id)s",
                f"{c('object_pk')} = %(object_pk)s",
                f"{c('comment')} = %(text)s",
                f"{c('submit_date')} >= %(duplicate_since)s",
                f"NOT ({t('status')} = %(removed)s)",
            ]
        )
        published = f"{t('status')} = %(approved)s AND {t('comment_type')} = ANY(%(reader_types)s)"
        wanted = {
            "duplicate_of": f"MIN({c('id')}) FILTER (WHERE {duplicate})",
            "history": f"COUNT(*) FILTER (WHERE {published})",
        }
        own_key = connection.ops.quote_name(TribuneComment._meta.pk.column)
        parts.append(
            f"SELECT {_select(wanted)} FROM {_table(Comment)} INNER JOIN {_table(TribuneComment)}"
            f" ON ({_table(TribuneComment)}.{own_key} = {c('id')})"
            f" WHERE {same_author}{others}"
        )
        columns.update({name: name for name in wanted})
    if not parts:
        return None, ()
    # The snapshot the facts are read in: a post stores without the lock only if no other post
    # by the same author on the article was stored outside it (comments.claims). And the plan
    # made once for any values, asked for the rest of the session: left to choose, PostgreSQL
    # planned this prepared query again at every run, and planning took longer than running it
    # (0.3 of 0.6 ms), although its row comparisons leave one plan possible (test_facts_query
    # holds that plan to the same indexes). It applies from the connection's next run on, to the
    # statements comments.prepared prepares (Django's own never are; Tribune has no PL/pgSQL),
    # and behind PgBouncer's transaction pooling to those of the other Tribune processes that
    # share the server connection, which are the same two statements.
    columns["snapshot"] = "pg_current_snapshot()::text"
    columns["plans"] = "set_config('plan_cache_mode', 'force_generic_plan', false)"
    sources = " CROSS JOIN ".join(f"({part}) AS facts_{i}" for i, part in enumerate(parts))
    return f"SELECT {_select(columns)} FROM {sources}", tuple(columns)


def _select(wanted: dict[str, str]) -> str:
    return ", ".join(f"{expression} AS {name}" for name, expression in wanted.items())


def _any(*conditions: str | None) -> str | None:
    kept = [condition for condition in conditions if condition]
    return "(" + " OR ".join(f"({condition})" for condition in kept) + ")" if kept else None

"""Indexes no query reads, dropped from the tables every comment POST writes (PostgreSQL).

Each index on the three comment tables and the decision record is one more entry to write, and
more WAL to flush, in every comment POST: 31 of them made the INSERT chain and its commit cost
about 0.2 ms more than the 22 kept (bench: comment_post with and without these nine). Dropped:

- the `*_pattern_ops` copies Django adds beside every indexed text column, for LIKE 'prefix%':
  no query of Tribune's matches verdicts, statuses, types, reasons or thread paths by prefix
  (thread paths are compared whole, and by range through the unique index);
- xtd's `order` (no longer maintained, comments.threads) and `nested_count` (never filtered);
- django-comments' `is_removed` (a flag beside the conditions that select), and its plain
  `object_pk` index: the pattern_ops copy serves the same equality and IN lookups (the one
  the planner picks), and the foreign keys' indexes stay for the deletes that cascade.

Other databases keep them (SQLite has no pattern_ops copies; its speed is not production's).
Built again concurrently, under Django's names, when reversed.
"""

import re

from django.db import migrations

# (table, column, which): "pattern" is the *_pattern_ops copy, "plain" the single-column index.
UNREAD = [
    ("comments_moderationdecision", "verdict", "pattern"),
    ("comments_tribunecomment", "comment_type", "pattern"),
    ("comments_tribunecomment", "moderation_reason", "pattern"),
    ("comments_tribunecomment", "status", "pattern"),
    ("comments_tribunecomment", "thread_path", "pattern"),
    ("django_comments_xtd_xtdcomment", "nested_count", "plain"),
    ("django_comments_xtd_xtdcomment", "order", "plain"),
    ("django_comments", "is_removed", "plain"),
    ("django_comments", "object_pk", "plain"),
]

SINGLE_COLUMN_INDEXES = """
    SELECT index.relname, pg_get_indexdef(index.oid), entry.indisvalid
    FROM pg_index AS entry
    JOIN pg_class AS index ON index.oid = entry.indexrelid
    JOIN pg_class AS tab ON tab.oid = entry.indrelid
    WHERE tab.relname = %s AND entry.indnatts = 1 AND entry.indpred IS NULL
      AND NOT entry.indisunique AND NOT entry.indisprimary
"""


def unread_index_names(
    connection, table: str, column: str, which: str, *, valid_only: bool = False
) -> list[str]:
    """The names of the index `which` on `table.column`, whatever Django's hash made them
    (with `valid_only`, not those a failed concurrent build left behind)."""
    shape = re.compile(
        rf'\("?{re.escape(column)}"?(?P<ops> \w+_pattern_ops)?\)$', flags=re.IGNORECASE
    )
    with connection.cursor() as cursor:
        cursor.execute(SINGLE_COLUMN_INDEXES, [table])
        rows = cursor.fetchall()
    names = []
    for name, definition, valid in rows:
        found = shape.search(definition)
        if found and bool(found.group("ops")) == (which == "pattern") and (valid or not valid_only):
            names.append(name)
    return names


def drop_unread(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table, column, which in UNREAD:
        for name in unread_index_names(schema_editor.connection, table, column, which):
            schema_editor.execute(f"DROP INDEX CONCURRENTLY IF EXISTS {schema_editor.quote_name(name)}")


def build_again(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    quote = schema_editor.quote_name
    for table, column, which in UNREAD:
        if unread_index_names(schema_editor.connection, table, column, which, valid_only=True):
            continue
        for leftover in unread_index_names(schema_editor.connection, table, column, which):
            schema_editor.execute(f"DROP INDEX CONCURRENTLY IF EXISTS {quote(leftover)}")
        suffix = "_like" if which == "pattern" else ""
        name = schema_editor._create_index_name(table, [column], suffix=suffix)
        ops = " varchar_pattern_ops" if which == "pattern" else ""
        schema_editor.execute(
            f"CREATE INDEX CONCURRENTLY {quote(name)} ON {quote(table)} ({quote(column)}{ops})"
        )


class Migration(migrations.Migration):
    atomic = False
    dependencies = [
        ("comments", "0017_followers_sweep"),
        ("django_comments", "0004_add_object_pk_is_removed_index"),
        ("django_comments_xtd", "0008_auto_20200920_2037"),
    ]

    operations = [migrations.RunPython(drop_unread, build_again)]

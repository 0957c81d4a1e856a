"""Every comment POST writes each index of the comment tables: none that no query reads
(comments migration 0018)."""

from __future__ import annotations

import importlib

import pytest
from django.db import connection

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the dropped indexes are PostgreSQL's"
)

unwritten = importlib.import_module("comments.migrations.0018_unwritten_comment_indexes")


@pytest.mark.parametrize(("table", "column", "which"), unwritten.UNREAD)
def test_no_comment_table_keeps_an_index_no_query_reads(db, table, column, which):
    assert unwritten.unread_index_names(connection, table, column, which) == []


@pytest.mark.parametrize(
    ("table", "column", "which"),
    [
        ("django_comments", "object_pk", "pattern"),  # an article's comments, by equality
        ("comments_tribunecomment", "status", "plain"),  # the moderation queues
        ("comments_moderationdecision", "verdict", "plain"),
    ],
)
def test_the_indexes_queries_read_stay(db, table, column, which):
    """The lookup above must tell the copies apart, or the first test proves nothing."""
    assert len(unwritten.unread_index_names(connection, table, column, which)) == 1

"""Serialise writers that must not race, inside the current transaction."""

from __future__ import annotations

import hashlib

from django.db import connection


def serialize_on(*parts: object) -> None:
    """Hold a lock named by `parts` until the current transaction ends.

    PostgreSQL takes a transaction-scoped advisory lock. SQLite needs nothing: Tribune opens its
    transactions IMMEDIATE there (see settings), so writers already take turns.
    """
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [lock_key(*parts)])


def lock_key(*parts: object) -> int:
    """The 64-bit number PostgreSQL's advisory locks (and comments.claims) are named by."""
    digest = hashlib.blake2b("\x1f".join(map(str, parts)).encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)

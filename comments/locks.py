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
    digest = hashlib.blake2b("\x1f".join(map(str, parts)).encode(), digest_size=8).digest()
    key = int.from_bytes(digest, "big", signed=True)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [key])

"""Serialise writers that must not race, inside the current transaction."""

from __future__ import annotations

import hashlib

from django.db import connection


def serialize_on(*parts: object, generic_plans: bool = False) -> None:
    """Hold a lock named by `parts` until the current transaction ends.

    PostgreSQL takes a transaction-scoped advisory lock. SQLite needs nothing: Tribune opens its
    transactions IMMEDIATE there (see settings), so writers already take turns.

    `generic_plans`: for the rest of the transaction, statements prepared on the server
    (comments.prepared) run the plan made once for any values instead of being planned again
    for each run. PostgreSQL keeps planning a statement whose plan it guesses depends on the
    values, and for the comment POST's facts query planning took longer than running it
    (0.3 of 0.6 ms), although its row comparisons leave one plan possible
    (test_facts_query holds the plan for any values to the same indexes). Set in the lock's
    own statement, so it costs no round trip, and local to the transaction, so it never
    outlives it on a pooled server connection.
    """
    if connection.vendor != "postgresql":
        return
    digest = hashlib.blake2b("\x1f".join(map(str, parts)).encode(), digest_size=8).digest()
    key = int.from_bytes(digest, "big", signed=True)
    with connection.cursor() as cursor:
        if generic_plans:
            cursor.execute(
                "SELECT pg_advisory_xact_lock(%s),"
                " set_config('plan_cache_mode', 'force_generic_plan', true)",
                [key],
            )
        else:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [key])

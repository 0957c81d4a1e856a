"""Sessions: stored in the database, read through Django's cache (the `cached_db` engine).

The database stays the record (signing in survives a Redis restart or outage, and every app
server reads the same sessions); the cache only spares a signed-in reader's requests the
session query. A new session's key is not looked up before it is stored: its INSERT fails on
a duplicate key and Django then tries another, so the lookup was a query for nothing.
"""

from __future__ import annotations

from django.contrib.sessions.backends.base import VALID_KEY_CHARS
from django.contrib.sessions.backends.cached_db import SessionStore as CachedDbSessionStore
from django.utils.crypto import get_random_string


class SessionStore(CachedDbSessionStore):
    def _get_new_session_key(self) -> str:
        return get_random_string(32, VALID_KEY_CHARS)

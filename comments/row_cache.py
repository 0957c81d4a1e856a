"""Rows that almost every request reads and editors rarely change (the site's moderation
settings, an article's discussion settings, the active spam model's version), kept in Django's
cache so that a comment POST or an article render does not query them each time.

Only when the cache is shared by every process (Redis, REDIS_URL; settings.TRIBUNE_ROW_CACHE),
so every process sees a change at once: saving or deleting a row forgets its entry right away and again after the transaction
commits (a reader that loaded the old row meanwhile cannot leave it behind for long). Entries
also expire after ROW_CACHE_SECONDS, so a missed signal (a queryset .update()) heals itself.
If the cache is down, rows are read from the database.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TypeVar

from django.conf import settings
from django.core.cache import cache
from django.db import transaction

logger = logging.getLogger(__name__)

ROW_CACHE_SECONDS = 300
_MISSING = "tribune:row-cache:missing"  # a cached "no such row" (None is a cache miss)

T = TypeVar("T")


def cached_row(key: str, load: Callable[[], T]) -> T:
    """The cached value under `key`, loading (and caching) it when absent; straight from the
    database when the cache is not shared by every process (settings.TRIBUNE_ROW_CACHE)."""
    if not settings.TRIBUNE_ROW_CACHE:
        return load()
    try:
        value = cache.get(key)
    except Exception:  # the cache is an optimisation: never let it fail a request
        logger.warning("Row cache unavailable", exc_info=True)
        return load()
    if value is not None:
        return None if isinstance(value, str) and value == _MISSING else value
    value = load()
    try:
        cache.set(key, _MISSING if value is None else value, timeout=ROW_CACHE_SECONDS)
    except Exception:
        logger.warning("Row cache unavailable", exc_info=True)
    return value


def forget_row(*keys: str) -> None:
    """Drop cached rows now and once more after the current transaction commits."""

    def drop() -> None:
        try:
            cache.delete_many(list(keys))
        except Exception:
            logger.error("Row cache not invalidated (cache unavailable)", exc_info=True)

    drop()
    transaction.on_commit(drop)

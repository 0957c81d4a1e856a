"""Objects kept in the cache for as long as the site's pages stay as they are.

Some objects are read on every request although they change only when a page does: the page
an address routes to (config.routing), the article a comment POST names (comments.targets).
Each is kept beside the site's version token (comments.cache), which is replaced whenever any
page is published, unpublished, moved or deleted, made private or public again, or a site
changes, and is used only while that token is still the one it was loaded under. So a kept
object is never staler than the shared page copies served under the same token. A missed
signal heals after ROW_CACHE_SECONDS, as for every kept row.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable
from typing import TypeVar

from django.conf import settings
from django.core.cache import cache

from comments.cache import SITE_VERSION_KEY
from comments.row_cache import ROW_CACHE_SECONDS

logger = logging.getLogger(__name__)

T = TypeVar("T")


def kept_key(*parts: object) -> str:
    return "tribune:kept:" + hashlib.blake2b("\x1f".join(map(str, parts)).encode()).hexdigest()


def kept_while_site_unchanged(
    key: str, load: Callable[[], T], *, keep: Callable[[T], bool] = bool
) -> T:
    """The object kept under `key` with the site's current token, else `load()` (kept when the
    token is known and `keep` says so: callers keep only what a real address or form names,
    so that made-up keys never fill the cache)."""
    if not settings.TRIBUNE_ROW_CACHE:
        return load()
    try:
        found = cache.get_many([SITE_VERSION_KEY, key])
    except Exception:  # the cache is an optimisation: never let it fail a request
        logger.warning("Kept objects unavailable (cache down)", exc_info=True)
        return load()
    version, entry = found.get(SITE_VERSION_KEY), found.get(key)
    if version is not None and entry is not None and entry[0] == version:
        return entry[1]
    loaded = load()
    if version is not None and keep(loaded):
        try:
            cache.set(key, (version, loaded), timeout=ROW_CACHE_SECONDS)
        except Exception:
            logger.warning("Kept objects unavailable (cache down)", exc_info=True)
    return loaded

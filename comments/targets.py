"""Which objects readers may comment on, resolved from a posted form.

A comment POST names its article; loading it (with its public check) was the POST's first
query. The loaded article is kept in the cache beside the site's version token
(comments.cache), which is replaced whenever any page is published, unpublished, moved or
deleted, made private or public again, or a site changes: everything that decides whether and
where an article takes comments. A kept article is used only while the token it was loaded
under is still the current one, so it is never staler than the shared page copies; its
discussion settings and moderation policy are read separately (comments.row_cache), and a
missed signal heals after ROW_CACHE_SECONDS, as for every kept row.
"""

from __future__ import annotations

import hashlib
import logging

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db import models

from comments.cache import SITE_VERSION_KEY
from comments.row_cache import ROW_CACHE_SECONDS

logger = logging.getLogger(__name__)


class TargetRejected(Exception):
    """The form names nothing that accepts comments; the message says why."""


def resolve_target(content_type: str | None, object_pk: str | None) -> models.Model:
    """The object a comment form was rendered for, if it accepts comments now."""
    if not content_type or not object_pk:
        raise TargetRejected(
            "This comment form is incomplete. Please reload the article and try again."
        )
    label = content_type.lower()
    if label not in settings.TRIBUNE_COMMENT_TARGETS:
        raise TargetRejected("Comments cannot be posted on this kind of page.")
    try:
        model = apps.get_model(label)
    except (LookupError, ValueError) as exc:
        raise TargetRejected("Comments cannot be posted on this kind of page.") from exc
    # A model may load itself with its public check in one query (BlogPage does).
    load = getattr(model, "load_comment_target", None) or (
        lambda pk: model._default_manager.get(pk=pk)
    )
    try:
        target = _kept(label, object_pk, lambda: load(object_pk))
    except (ObjectDoesNotExist, ValueError, TypeError, OverflowError, ValidationError) as exc:
        raise TargetRejected("The article you are commenting on does not exist.") from exc
    if not target.accepts_comments():
        raise TargetRejected("Comments are closed on this article.")
    return target


def kept_key(label: str, object_pk: str) -> str:
    return "tribune:target:" + hashlib.blake2b(f"{label}\x1f{object_pk}".encode()).hexdigest()


def _kept(label: str, object_pk: str, load):
    """The target as loaded under the site's current version token, else loaded now (and kept
    when the token is known). Only a found target is kept, and only under its own key as the
    site writes it: a made-up key, or another spelling of a real one ("01", " 1"), costs its
    sender a query each time, never an entry in the cache."""
    if not settings.TRIBUNE_ROW_CACHE:
        return load()
    key = kept_key(label, object_pk)
    try:
        found = cache.get_many([SITE_VERSION_KEY, key])
    except Exception:  # the cache is an optimisation: never let it fail a POST
        logger.warning("Target cache unavailable", exc_info=True)
        return load()
    version, entry = found.get(SITE_VERSION_KEY), found.get(key)
    if version is not None and entry is not None and entry[0] == version:
        return entry[1]
    target = load()
    if version is not None and str(target.pk) == object_pk:
        try:
            cache.set(key, (version, target), timeout=ROW_CACHE_SECONDS)
        except Exception:
            logger.warning("Target cache unavailable", exc_info=True)
    return target

"""Which objects readers may comment on, resolved from a posted form.

A comment POST names its article; loading it (with its public check) was the POST's first
query. The loaded article is kept while the site's pages stay as they are
(comments.site_kept): everything that decides whether and where an article takes comments
replaces the site's token. Its discussion settings and moderation policy are read separately
(comments.row_cache).
"""

from __future__ import annotations

from django.apps import apps
from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db import models

from comments import site_kept


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
    return site_kept.kept_key("target", label, object_pk)


def _kept(label: str, object_pk: str, load):
    """The target as kept, else loaded now. Only a found target is kept, and only under its own
    key as the site writes it: a made-up key, or another spelling of a real one ("01", " 1"),
    costs its sender a query each time, never an entry in the cache."""
    return site_kept.kept_while_site_unchanged(
        kept_key(label, object_pk), load, keep=lambda target: str(target.pk) == object_pk
    )

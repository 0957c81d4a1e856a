"""Which objects readers may comment on, resolved from a posted form."""

from __future__ import annotations

from django.apps import apps
from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db import models


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
        target = load(object_pk)
    except (ObjectDoesNotExist, ValueError, TypeError, OverflowError, ValidationError) as exc:
        raise TargetRejected("The article you are commenting on does not exist.") from exc
    if not target.accepts_comments():
        raise TargetRejected("Comments are closed on this article.")
    return target

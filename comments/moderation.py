"""Tribune's pipeline wired into django-comments' moderator: allow() refuses, moderate() holds."""

from __future__ import annotations

import contextlib

from django.apps import apps
from django.conf import settings
from django_comments.moderation import AlreadyModerated, moderator
from django_comments_xtd.moderation import XtdCommentModerator

from comments import decisions
from comments.models import Verdict


class TribuneModerator(XtdCommentModerator):
    """Runs the rule pipeline once per posted comment and keeps the decision on the comment."""

    email_notification = False
    enable_field = None
    auto_close_field = None
    auto_moderate_field = None

    def allow(self, comment, content_object, request) -> bool:
        comment.moderation_decision = decisions.decide_on_post(comment, content_object, request)
        return comment.moderation_decision.verdict != Verdict.REJECT

    def moderate(self, comment, content_object, request) -> bool:
        return comment.moderation_decision.verdict in {Verdict.HOLD, Verdict.SPAM}


def register_comment_targets() -> None:
    """Moderate every model that accepts comments (settings.TRIBUNE_COMMENT_TARGETS)."""
    for label in settings.TRIBUNE_COMMENT_TARGETS:
        with contextlib.suppress(AlreadyModerated):
            moderator.register(apps.get_model(label), TribuneModerator)

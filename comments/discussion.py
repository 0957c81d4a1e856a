"""Everything an article page needs to show its discussion, in a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.utils import timezone
from django_comments_xtd import get_form

from comments.models import Status, TribuneComment
from comments.moderation.facts import article_settings
from comments.moderation.rules import closed_reason
from comments.moderation.site_settings import current_policy
from comments.threads import CommentNode, build_tree

OWN_COMMENTS_SESSION_KEY = "tribune_own_comments"
OWN_COMMENTS_KEPT = 50


@dataclass
class Discussion:
    target: models.Model
    threads: list[CommentNode]
    count: int
    form: object
    accepts_comments: bool

    @property
    def heading(self) -> str:
        """'No Comments yet', '1 Comment', '2 Comments' …"""
        if self.count == 0:
            return "No Comments yet"
        return f"{self.count} Comment" if self.count == 1 else f"{self.count} Comments"


def own_comment_ids(request) -> list[int]:
    """The comments this browser posted recently (to show them while they await moderation)."""
    session = getattr(request, "session", None)
    return list(session.get(OWN_COMMENTS_SESSION_KEY, [])) if session is not None else []


def remember_own_comment(request, comment_id: int) -> None:
    """Let this browser see its own comment while it awaits moderation."""
    ids = [i for i in own_comment_ids(request) if i != comment_id] + [comment_id]
    request.session[OWN_COMMENTS_SESSION_KEY] = ids[-OWN_COMMENTS_KEPT:]


def discussion_for(target: models.Model, request=None) -> Discussion:
    """The visible comments of one article as threads, and a blank comment form."""
    user = getattr(request, "user", None)
    policy = current_policy()
    article = article_settings(target)
    comments = list(
        TribuneComment.objects.for_target(target)
        .visible_to(user, own_comment_ids(request))
        .in_thread_order()
        .select_related(None)
        .defer("comment")
    )
    return Discussion(
        target=target,
        threads=build_tree(comments, article.effective_depth(policy)),
        count=sum(1 for c in comments if c.status == Status.APPROVED),
        form=comment_form_for(target, user=user),
        accepts_comments=closed_reason(article, policy, timezone.now()) is None,
    )


def comment_form_for(target: models.Model, user=None, **kwargs):
    """A comment form for the target, with a signed-in reader's name and email filled in."""
    initial = kwargs.pop("initial", {})
    if user is not None and user.is_authenticated:
        initial.setdefault("name", user.get_full_name() or user.get_username())
        initial.setdefault("email", user.email)
    return get_form()(target, initial=initial, **kwargs)

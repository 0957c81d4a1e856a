"""Everything an article page needs to show its discussion, in a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django_comments_xtd import get_form

from comments.models import TribuneComment
from comments.threads import CommentNode, build_tree


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


def discussion_for(target: models.Model, user=None) -> Discussion:
    """The published comments of one article as threads, and a blank comment form."""
    comments = list(
        TribuneComment.objects.for_target(target)
        .published()
        .in_thread_order()
        .select_related(None)
        .defer("comment")
    )
    return Discussion(
        target=target,
        threads=build_tree(comments),
        count=len(comments),
        form=comment_form_for(target, user=user),
        accepts_comments=target.accepts_comments(),
    )


def comment_form_for(target: models.Model, user=None, **kwargs):
    """A comment form for the target, with a signed-in reader's name and email filled in."""
    initial = kwargs.pop("initial", {})
    if user is not None and user.is_authenticated:
        initial.setdefault("name", user.get_full_name() or user.get_username())
        initial.setdefault("email", user.email)
    return get_form()(target, initial=initial, **kwargs)

"""The record of moderators' edits to comments' text: what it was, what it became, who changed
it and why. Append-only; shown to moderators, never to readers."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from comments.append_only import AppendOnly


class CommentRevision(AppendOnly):
    comment = models.ForeignKey(
        "comments.TribuneComment", on_delete=models.CASCADE, related_name="revisions"
    )
    editor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Kept as written at the time: the account may be renamed or deleted later.
    editor_name = models.CharField(max_length=150)
    old_text = models.TextField()
    old_html = models.TextField()
    new_text = models.TextField()
    new_html = models.TextField()
    note = models.CharField(max_length=1000, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        app_label = "comments"
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"Edit of comment {self.comment_id} by {self.editor_name}"

"""Tribune's comment: django-comments-xtd's threaded comment plus the sanitized HTML."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django_comments.abstracts import CommentAbstractModel
from django_comments_xtd.models import XtdComment, XtdCommentManager


class TribuneCommentQuerySet(models.QuerySet):
    def for_target(self, target: models.Model) -> TribuneCommentQuerySet:
        """Comments attached to one object (an article)."""
        content_type = ContentType.objects.get_for_model(target)
        return self.filter(content_type=content_type, object_pk=str(target.pk))

    def published(self) -> TribuneCommentQuerySet:
        """Comments every reader may see."""
        return self.filter(is_public=True, is_removed=False, awaiting_confirmation=False)

    def in_thread_order(self) -> TribuneCommentQuerySet:
        """Order threads oldest first, each reply right after its parent."""
        return self.order_by("thread_id", "order")


class TribuneCommentManager(XtdCommentManager.from_queryset(TribuneCommentQuerySet)):
    pass


class TribuneComment(XtdComment):
    """A reader's comment: the submitted text in `comment`, its safe rendering in `comment_html`."""

    comment_html = models.TextField(
        blank=True, editable=False, help_text="Sanitized HTML rendered to readers."
    )
    awaiting_confirmation = models.BooleanField(
        default=False,
        db_index=True,
        help_text="Posted anonymously and not yet confirmed through the emailed link.",
    )

    objects = TribuneCommentManager()

    class Meta:
        verbose_name = "comment"
        verbose_name_plural = "comments"

    def save(self, *args, **kwargs) -> None:
        # Thread placement happens in comments.threads under a row lock; xtd's own
        # placement in XtdComment.save is racy, so it is skipped here on purpose.
        CommentAbstractModel.save(self, *args, **kwargs)

    @property
    def anchor(self) -> str:
        """The fragment id that permalinks point at."""
        return f"c{self.pk}"

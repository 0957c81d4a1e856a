"""Each discussion's own settings (open / pre-moderate / closed, auto-close, depth, threads per
page), kept apart from the article so that changing them publishes no pending page edits."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.core.validators import MinValueValidator
from django.db import models, transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils import timezone

from comments.moderation.types import DiscussionMode
from comments.row_cache import cached_row, forget_row
from comments.signals import announce_discussion_changed


class DiscussionSettings(models.Model):
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_pk = models.CharField(max_length=64)
    policy = models.CharField(
        "discussion",
        max_length=20,
        choices=DiscussionMode.choices,
        default=DiscussionMode.INHERIT,
        help_text="Open, pre-moderate every comment, or close comments on this article.",
    )
    close_after_days = models.PositiveIntegerField(
        "close comments after (days)",
        null=True,
        blank=True,
        help_text="Days after first publication; empty uses the site setting, 0 never closes.",
    )
    max_depth = models.PositiveSmallIntegerField(
        "maximum reply depth",
        null=True,
        blank=True,
        help_text="How deep replies may nest here; empty uses the site setting.",
    )
    threads_per_page = models.PositiveSmallIntegerField(
        "comment threads per page",
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text="Top-level comments per page of the discussion; empty uses the site setting.",
    )
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        app_label = "comments"
        verbose_name = "discussion settings"
        verbose_name_plural = "discussion settings"
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_pk"], name="one_discussion_settings_per_target"
            )
        ]

    def __str__(self) -> str:
        return f"Discussion settings of {self.content_type_id}/{self.object_pk}"


EDITABLE = ("policy", "close_after_days", "max_depth", "threads_per_page")


def discussion_settings_for(target: models.Model) -> DiscussionSettings:
    """The target's settings (cached: comments.row_cache); unsaved defaults (inherit
    everything) when it has none yet."""
    content_type = ContentType.objects.get_for_model(target)
    found = cached_row(
        _row_key(content_type.pk, target.pk),
        lambda: DiscussionSettings.objects.filter(
            content_type=content_type, object_pk=str(target.pk)
        ).first(),
    )
    return found or DiscussionSettings(content_type=content_type, object_pk=str(target.pk))


def _row_key(content_type_id: int, object_pk) -> str:
    return f"tribune:row:discussion-settings:{content_type_id}:{object_pk}"


@receiver(post_save, sender=DiscussionSettings, dispatch_uid="tribune-row-discussion-settings")
@receiver(post_delete, sender=DiscussionSettings, dispatch_uid="tribune-row-discussion-gone")
def _forget_discussion_settings(sender, instance, **kwargs) -> None:
    forget_row(_row_key(instance.content_type_id, instance.object_pk))


def discussion_settings_update(*, target: models.Model, **values) -> DiscussionSettings:
    """Change a discussion's settings at once; cached pages of it are replaced."""
    unknown = set(values) - set(EDITABLE)
    if unknown:
        raise TypeError(f"Not a discussion setting: {', '.join(sorted(unknown))}")
    content_type = ContentType.objects.get_for_model(target)
    with transaction.atomic():
        current, _ = DiscussionSettings.objects.select_for_update().get_or_create(
            content_type=content_type, object_pk=str(target.pk)
        )
        for name, value in values.items():
            setattr(current, name, value)
        current.updated_at = timezone.now()
        current.full_clean()
        current.save()
        announce_discussion_changed(
            content_type_id=content_type.pk, object_pk=str(target.pk), cause="settings"
        )
    return current

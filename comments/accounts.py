"""Sanctions on the accounts that comment: suspended until a date, or banned. Append-only: the
latest row per account is in force, the earlier ones are its history."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils import timezone

from comments.append_only import AppendOnly
from comments.row_cache import forget_row


class AccountSanction(AppendOnly):
    class Kind(models.TextChoices):
        SUSPEND = "suspend", "Suspended"
        BAN = "ban", "Banned"
        REINSTATE = "reinstate", "Reinstated"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="comment_sanctions"
    )
    kind = models.CharField(max_length=10, choices=Kind.choices)
    until = models.DateTimeField(null=True, blank=True, help_text="End of a suspension.")
    message = models.TextField(blank=True, help_text="What the reader was told.")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        app_label = "comments"
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.user_id}"


@receiver(post_save, sender=AccountSanction, dispatch_uid="tribune-row-sanction")
@receiver(post_delete, sender=AccountSanction, dispatch_uid="tribune-row-sanction-gone")
def _forget_latest_sanction(sender, instance, **kwargs) -> None:
    from comments.moderation.facts import sanction_row_key

    forget_row(sanction_row_key(instance.user_id))

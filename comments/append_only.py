"""Records that are written once and never changed: decisions, sanctions, revisions, privacy
actions. A correction is a new row, so the history a moderator reads is the history."""

from __future__ import annotations

from django.db import models


class AppendOnly(models.Model):
    class Meta:
        abstract = True

    def save(self, *args, **kwargs) -> None:
        if self.pk is not None:
            noun = str(self._meta.verbose_name_plural).capitalize()
            raise ValueError(f"{noun} are append-only; record a new one instead.")
        super().save(*args, **kwargs)

"""Which Tribune object each imported WordPress or Disqus object became, so that a second
run updates what it made before instead of making it again."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone


class ImportedObject(models.Model):
    """One object of an export (site, kind, id) and the Tribune object made from it."""

    source = models.CharField(max_length=20, help_text="wordpress or disqus")
    site = models.CharField(max_length=255, help_text="The exported site's address or forum.")
    kind = models.CharField(max_length=20, help_text="post, page, comment, author, image…")
    source_id = models.CharField(max_length=255)
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    imported_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["source", "site", "kind", "source_id"], name="unique_imported_object"
            )
        ]
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.source} {self.site} {self.kind} {self.source_id} → {self.object_id}"


class Mapping:
    """The mapping table for one source and site, read a kind at a time."""

    def __init__(self, source: str, site: str):
        self.source = source
        self.site = site

    def _rows(self, kind: str):
        return ImportedObject.objects.filter(source=self.source, site=self.site, kind=kind)

    def get(self, kind: str, source_id: str, model: type[models.Model]):
        """The object made from (kind, source_id) before, if it still exists."""
        row = self._rows(kind).filter(source_id=str(source_id)).first()
        if row is None:
            return None
        return model._default_manager.filter(pk=row.object_id).first()

    def ids(self, kind: str, source_ids) -> dict[str, int]:
        """Source id → Tribune primary key, for those already imported."""
        rows = self._rows(kind).filter(source_id__in=[str(i) for i in source_ids])
        return dict(rows.values_list("source_id", "object_id"))

    def remember(self, kind: str, source_id: str, obj: models.Model) -> None:
        ImportedObject.objects.update_or_create(
            source=self.source,
            site=self.site,
            kind=kind,
            source_id=str(source_id),
            defaults={
                "content_type": ContentType.objects.get_for_model(obj),
                "object_id": obj.pk,
                "updated_at": timezone.now(),
            },
        )

    def remember_many(self, kind: str, pairs: list[tuple[str, models.Model]]) -> None:
        """Record many new objects of one model at once (they were not mapped before)."""
        if not pairs:
            return
        content_type = ContentType.objects.get_for_model(pairs[0][1])
        ImportedObject.objects.bulk_create(
            [
                ImportedObject(
                    source=self.source,
                    site=self.site,
                    kind=kind,
                    source_id=str(source_id),
                    content_type=content_type,
                    object_id=obj.pk,
                )
                for source_id, obj in pairs
            ],
            batch_size=500,
        )

    @staticmethod
    def any_site(source: str, kind: str, source_id: str):
        """A mapping row for this id from any site of the source (Disqus → WordPress)."""
        return (
            ImportedObject.objects.filter(source=source, kind=kind, source_id=str(source_id))
            .order_by("-updated_at")
            .first()
        )

"""Where trained spam models live (SpamModelVersion rows) and how posting loads the current one."""

from __future__ import annotations

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from comments.models import SpamModelVersion
from comments.moderation.spam_model import SpamModel
from comments.row_cache import cached_row, forget_row

ACTIVE_KEY = "tribune:row:spam-model:active"
# Parsed models by version: a version never changes once stored, so one parse per process.
_LOADED: dict[str, SpamModel] = {}


def active_spam_model() -> SpamModel | None:
    """The newest active model, or None while the score is off (no model trained yet)."""
    version = cached_row(
        ACTIVE_KEY,
        lambda: (
            SpamModelVersion.objects.filter(active=True).values_list("version", flat=True).first()
        ),
    )
    if version is None:
        return None
    return spam_models_by_version([version]).get(version)


def spam_models_by_version(versions) -> dict[str, SpamModel]:
    """The stored models with these versions (replay scores with the model that decided)."""
    wanted = {v for v in versions if v} - _LOADED.keys()
    if wanted:
        for row in SpamModelVersion.objects.filter(version__in=wanted):
            _LOADED[row.version] = SpamModel.from_record(row.model)
    return {v: _LOADED[v] for v in versions if v in _LOADED}


def spam_model_store(model: SpamModel, *, metrics: dict, trained_on: dict) -> SpamModelVersion:
    """Keep a newly trained model; it scores from the next comment on."""
    _LOADED[model.version] = model
    return SpamModelVersion.objects.create(
        version=model.version, model=model.as_record(), metrics=metrics, trained_on=trained_on
    )


@receiver(post_save, sender=SpamModelVersion, dispatch_uid="tribune-row-spam-model")
@receiver(post_delete, sender=SpamModelVersion, dispatch_uid="tribune-row-spam-model-gone")
def _forget_active_version(sender, **kwargs) -> None:
    forget_row(ACTIVE_KEY)

"""'Preview this change': replay unsaved moderation settings or an article's comment settings."""

from __future__ import annotations

from django import forms
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.views.decorators.http import require_POST
from wagtail.models import Page, Site

from comments.desk.permissions import desk_permission_policy
from comments.moderation.replay import policy_replay
from comments.moderation.site_settings import ModerationSettings, current_policy

TEMPLATE = "comments/desk/replay.html"


class PolicyPreviewForm(forms.ModelForm):
    class Meta:
        model = ModerationSettings
        fields = [
            f.name
            for f in ModerationSettings._meta.concrete_fields
            if f.editable and not f.primary_key and f.name != "site"
        ]


def _check(request) -> None:
    if not desk_permission_policy.user_has_permission(request.user, "moderate"):
        raise PermissionDenied


@require_POST
def preview_policy(request):
    """Replay the moderation settings form's values without saving them."""
    _check(request)
    site = Site.find_for_request(request) or Site.objects.get(is_default_site=True)
    saved = ModerationSettings.for_site(site)
    form = PolicyPreviewForm(request.POST, instance=saved)
    if not form.is_valid():
        # The form bound to `saved` changed only the object in memory; nothing is written.
        return TemplateResponse(request, TEMPLATE, {"errors": form.errors}, status=400)
    report = policy_replay(form.instance.snapshot())
    return TemplateResponse(request, TEMPLATE, {"report": report, "scope": "All articles"})


@require_POST
def preview_article(request, page_id: int):
    """Replay one article's submissions with its Comments tab's unsaved values."""
    _check(request)
    page = get_object_or_404(Page, pk=page_id).specific
    if not hasattr(page, "comment_settings"):
        raise PermissionDenied
    errors = {}
    # The target names the fields of its Comments tab; each is cleaned as its form would.
    for name in getattr(page, "comment_settings_fields", ()):
        field = page._meta.get_field(name)
        try:
            value = field.formfield().clean(request.POST.get(name, ""))
            setattr(page, name, field.clean(value, page))
        except forms.ValidationError as exc:
            errors[field.verbose_name] = exc.messages
    if errors:
        return TemplateResponse(request, TEMPLATE, {"errors": errors}, status=400)
    content_type = ContentType.objects.get_for_model(page)
    report = policy_replay(
        current_policy(),
        article_key=(content_type.pk, str(page.pk)),
        article=page.comment_settings(),
    )
    return TemplateResponse(request, TEMPLATE, {"report": report, "scope": f"“{page.title}”"})

"""'Preview this change': replay unsaved moderation settings or an article's comment settings."""

from __future__ import annotations

from dataclasses import replace

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
    # The article's discussion settings as the form on its settings screen has them, unsaved.
    from comments.desk.screens import DiscussionSettingsForm
    from comments.discussion_settings import discussion_settings_for

    form = DiscussionSettingsForm(request.POST, instance=discussion_settings_for(page))
    if not form.is_valid():
        errors = {form.fields[name].label: messages for name, messages in form.errors.items()}
        return TemplateResponse(request, TEMPLATE, {"errors": errors}, status=400)
    changed = form.save(commit=False)
    article = replace(
        page.comment_settings(),
        policy=changed.policy,
        close_after_days=changed.close_after_days,
        max_thread_depth=changed.max_depth,
    )
    content_type = ContentType.objects.get_for_model(page)
    report = policy_replay(
        current_policy(),
        article_key=(content_type.pk, str(page.pk)),
        article=article,
    )
    return TemplateResponse(request, TEMPLATE, {"report": report, "scope": f"“{page.title}”"})

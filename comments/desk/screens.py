"""The desk's other screens: edit a comment's text, a discussion's settings, a reader's account."""

from __future__ import annotations

from django import forms
from django.apps import apps
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse

from comments.desk import navigation
from comments.desk.actions import comment_for
from comments.desk.permissions import desk_permission_policy, is_moderator
from comments.discussion_settings import (
    EDITABLE,
    DiscussionSettings,
    discussion_settings_for,
    discussion_settings_update,
)
from comments.models import AccountSanction, CommentRevision, TribuneComment
from comments.redaction import RedactionRefused, comment_redact
from comments.sanctions import MAX_SUSPENSION_DAYS, account_sanction


class RedactionForm(forms.Form):
    text = forms.CharField(
        label="Comment text",
        widget=forms.Textarea(attrs={"rows": 10}),
        max_length=settings.TRIBUNE_COMMENT_MAX_LENGTH,
        strip=False,
    )
    note = forms.CharField(label="Why (shown to moderators only)", required=False, max_length=1000)


def comment_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Edit a comment's text: sanitized as any comment, recorded with the original."""
    comment = comment_for(request, pk)
    params = navigation.queue_params(request.GET)
    form = RedactionForm(request.POST or None, initial={"text": comment.comment})
    if request.method == "POST" and form.is_valid():
        try:
            comment_redact(
                comment=comment,
                editor=request.user,
                text=form.cleaned_data["text"],
                note=form.cleaned_data["note"],
            )
        except RedactionRefused as refused:
            form.add_error("text", str(refused))
        else:
            messages.success(
                request, f"Edited {comment.display_name}'s comment; the original is kept."
            )
            return redirect(navigation.detail_url(comment.pk, params))
    status = 400 if request.method == "POST" else 200
    return TemplateResponse(
        request,
        "comments/desk/edit.html",
        {
            "comment": comment,
            "form": form,
            "back_url": navigation.detail_url(comment.pk, params),
            "revisions": CommentRevision.objects.filter(comment=comment),
        },
        status=status,
    )


class DiscussionSettingsForm(forms.ModelForm):
    class Meta:
        model = DiscussionSettings
        fields = list(EDITABLE)


def _target(content_type_id: int, object_pk: str):
    content_type = get_object_or_404(ContentType, pk=content_type_id)
    label = f"{content_type.app_label}.{content_type.model}"
    if label not in settings.TRIBUNE_COMMENT_TARGETS:
        raise Http404("Not something readers comment on.")
    model = apps.get_model(label)
    return get_object_or_404(model, pk=object_pk)


def discussion_edit(request: HttpRequest, content_type_id: int, object_pk: str) -> HttpResponse:
    """A discussion's settings, changed at once, without a page revision."""
    target = _target(content_type_id, object_pk)
    current = discussion_settings_for(target)
    if not desk_permission_policy.user_has_permission_for_instance(
        request.user, "moderate", current
    ):
        raise PermissionDenied
    form = DiscussionSettingsForm(request.POST or None, instance=current)
    if request.method == "POST" and form.is_valid():
        values = {name: form.cleaned_data[name] for name in EDITABLE}
        discussion_settings_update(target=target, **values)
        messages.success(request, f"Reader-comment settings of ‘{target}’ saved; they apply now.")
        return redirect(request.path)
    return TemplateResponse(
        request,
        "comments/desk/discussion_settings.html",
        {
            "target": target,
            "form": form,
            "desk_url": f"{reverse('comment_desk:index')}?queue=pending&article={target.pk}",
        },
        status=400 if request.method == "POST" else 200,
    )


class SanctionForm(forms.Form):
    kind = forms.ChoiceField(
        label="Action",
        choices=[
            ("suspend", "Suspend for some days"),
            ("ban", "Ban"),
            ("reinstate", "Reinstate (lift a suspension or ban)"),
        ],
        widget=forms.RadioSelect,
    )
    days = forms.IntegerField(
        label="Days (for a suspension)", required=False, min_value=1, max_value=MAX_SUSPENSION_DAYS
    )
    message = forms.CharField(
        label="Message to the reader (emailed)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean(self):
        data = super().clean()
        if data.get("kind") == "suspend" and not data.get("days"):
            self.add_error("days", "Say for how many days.")
        return data


def account_detail(request: HttpRequest, user_id: int) -> HttpResponse:
    """A reader's account: their comments across articles, their sanctions; suspend or ban."""
    if not is_moderator(request.user):
        # Editors moderate their own articles; an account spans the whole site.
        raise PermissionDenied
    account = get_object_or_404(get_user_model(), pk=user_id)
    comments = TribuneComment.objects.filter(user=account).order_by("-submit_date")
    if not comments.exists():
        raise Http404("This account has no comments.")
    form = SanctionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        sanction = account_sanction(
            user=account,
            kind=form.cleaned_data["kind"],
            days=form.cleaned_data.get("days"),
            message=form.cleaned_data["message"],
            actor=request.user,
        )
        messages.success(
            request, f"{account.get_username()}: {sanction.get_kind_display().lower()}."
        )
        return redirect(request.path)
    return TemplateResponse(
        request,
        "comments/desk/account.html",
        {
            "account": account,
            "comments": comments.prefetch_related("content_object")[:100],
            "sanctions": AccountSanction.objects.filter(user=account).select_related("actor"),
            "form": form,
        },
        status=400 if request.method == "POST" else 200,
    )

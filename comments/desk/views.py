"""The moderation desk's views: queues, a comment's full story, and moderators' actions."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.text import Truncator
from django.views.decorators.http import require_POST
from django_filters import CharFilter, ChoiceFilter, DateFromToRangeFilter, ModelChoiceFilter
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.ui.tables import BulkActionsCheckboxColumn, Column, DateColumn, TitleColumn
from wagtail.admin.views.generic import IndexView
from wagtail.models import Page

from comments import services
from comments.desk.permissions import desk_permission_policy, is_moderator
from comments.desk.presenters import comment_story
from comments.desk.queues import QUEUES, queue_counts, queue_for, with_listing_columns
from comments.models import TribuneComment
from comments.moderation.reasons import reason_choices
from comments.transitions import ACTIONS, TransitionRefused, actions_for, comment_transition


class CommentFilterSet(WagtailFilterSet):
    article = ModelChoiceFilter(
        label="Article",
        queryset=Page.objects.filter(depth__gt=2).order_by("title"),
        method="filter_article",
    )
    user_name = CharFilter(label="Author", lookup_expr="icontains")
    user_email = CharFilter(label="Email", lookup_expr="iexact")
    submit_date = DateFromToRangeFilter(label="Date", widget=DateRangePickerWidget)
    moderation_reason = ChoiceFilter(label="Reason", choices=reason_choices)

    class Meta:
        model = TribuneComment
        fields = ["article", "user_name", "user_email", "submit_date", "moderation_reason"]

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        user = getattr(request, "user", None)
        if user is not None:
            # Only the articles whose comments this user moderates: no other page titles.
            pages = desk_permission_policy.instances_user_has_permission_for(user, "moderate")
            page_ids = pages.values_list("object_pk", flat=True).distinct()
            self.filters["article"].queryset = Page.objects.filter(
                pk__in=[int(pk) for pk in page_ids if pk.isdigit()]
            ).order_by("title")

    def filter_article(self, queryset, name, value):
        return queryset.filter(object_pk=str(value.pk)) if value else queryset


def _excerpt(comment: TribuneComment) -> str:
    return Truncator(comment.comment).chars(120)


def _author(comment: TribuneComment) -> str:
    return (
        f"{comment.user_name} <{comment.user_email}>" if comment.user_email else comment.user_name
    )


def _decision(comment: TribuneComment) -> str:
    flags = f" · flagged ×{comment.flag_count}" if getattr(comment, "flag_count", 0) else ""
    summary = comment.moderation_summary or comment.get_status_display()
    return f"{comment.get_status_display()}: {summary}{flags}"


class CommentQueueView(IndexView):
    """A queue of comments as tabs, with filters, search, sorting and bulk actions."""

    template_name = "comments/desk/index.html"
    results_template_name = "comments/desk/index_results.html"
    permission_policy = desk_permission_policy
    any_permission_required = ["moderate"]
    filterset_class = CommentFilterSet
    search_fields = ["comment", "user_name", "user_email"]
    default_ordering = "-submit_date"
    paginate_by = 50
    page_title = "Comments"

    @cached_property
    def queue(self):
        return queue_for(self.request.GET.get("queue"))

    def get_page_subtitle(self):
        return self.queue.label

    def moderatable(self):
        return desk_permission_policy.instances_user_has_permission_for(
            self.request.user, "moderate"
        )

    def get_base_queryset(self):
        return with_listing_columns(self.moderatable().filter(self.queue.condition))

    @cached_property
    def columns(self):
        inspect = self.inspect_url_name
        return [
            BulkActionsCheckboxColumn("bulk_actions", obj_type="comment"),
            TitleColumn(
                "excerpt",
                label="Comment",
                accessor=_excerpt,
                get_url=lambda c: reverse(inspect, args=[c.pk]),
                get_title_id=lambda c: f"comment_{c.pk}_title",
            ),
            Column("author", label="Author", accessor=_author),
            Column("ip_address", label="IP address"),
            TitleColumn(
                "article_title",
                label="Article",
                accessor=lambda c: Truncator(c.article_title).chars(60),
                get_url=lambda c: reverse("wagtailadmin_pages:edit", args=[c.object_pk]),
            ),
            DateColumn("submit_date", label="Posted", sort_key="submit_date"),
            Column("decision", label="Decision", accessor=_decision),
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        counts = queue_counts(self.moderatable())
        context["queues"] = [(q, counts[q.slug], q == self.queue) for q in QUEUES]
        context["queue"] = self.queue
        return context


class ActionForm(forms.Form):
    note = forms.CharField(
        required=False,
        max_length=1000,
        label="Reason (optional)",
        widget=forms.TextInput,
        error_messages={
            "max_length": "the reason is %(show_value)d characters long, and the limit is "
            "%(limit_value)d. Shorten it and try again."
        },
    )


class StaffReplyForm(forms.Form):
    text = forms.CharField(
        label="Reply as the publication", max_length=10000, widget=forms.Textarea(attrs={"rows": 4})
    )


def _comment_for(request: HttpRequest, pk: int) -> TribuneComment:
    comment = get_object_or_404(TribuneComment, pk=pk)
    if not desk_permission_policy.user_has_permission_for_instance(
        request.user, "moderate", comment
    ):
        raise PermissionDenied
    return comment


def comment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Everything about one comment: renderings, decisions, thread and author history."""
    comment = _comment_for(request, pk)
    return TemplateResponse(
        request,
        "comments/desk/detail.html",
        {
            **comment_story(
                comment,
                moderatable=desk_permission_policy.instances_user_has_permission_for(
                    request.user, "moderate"
                ),
            ),
            "may_block": is_moderator(request.user),
            "action_form": ActionForm(),
            "reply_form": StaffReplyForm(),
            "actions": actions_for(comment.status),
            "queue_url": reverse("comment_desk:index"),
        },
    )


@require_POST
def comment_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    """Approve, mark as spam, remove or restore one comment, with an optional reason."""
    comment = _comment_for(request, pk)
    chosen = ACTIONS.get(action)
    if chosen is None:
        raise PermissionDenied
    form = ActionForm(request.POST)
    if not form.is_valid():
        # Acting without the note the moderator wrote would lose it silently.
        messages.error(request, f"Nothing was done: {' '.join(form.errors['note'])}")
        return _back(request, comment)
    note = form.cleaned_data["note"]
    try:
        comment_transition(
            comment=comment, to=chosen.to, action=chosen, actor=request.user, note=note
        )
    except TransitionRefused as refused:
        messages.error(request, str(refused))
    else:
        messages.success(request, f"{chosen.label}: comment by {comment.user_name}.")
    return _back(request, comment)


@require_POST
def block_author(request: HttpRequest, pk: int, what: str) -> HttpResponse:
    """Add the comment's email or IP address to the site-wide blocklist (moderators only: an
    editor moderates their own articles, not the whole site)."""
    comment = _comment_for(request, pk)
    if not is_moderator(request.user):
        raise PermissionDenied
    try:
        entry = services.author_block(comment=comment, what=what)
    except ValueError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"Added {entry} to the blocklist.")
    return _back(request, comment)


@require_POST
def staff_reply(request: HttpRequest, pk: int) -> HttpResponse:
    """Reply as the publication: the reply is marked as staff and published at once."""
    comment = _comment_for(request, pk)
    form = StaffReplyForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Write a reply first.")
        return _back(request, comment)
    try:
        reply = services.comment_reply_as_staff(
            parent=comment, user=request.user, text=form.cleaned_data["text"]
        )
    except ValueError as exc:
        messages.error(request, str(exc))
        return _back(request, comment)
    messages.success(request, "Your reply is published.")
    return redirect(reverse("comment_desk:inspect", args=[reply.pk]))


def _back(request: HttpRequest, comment: TribuneComment) -> HttpResponse:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    return redirect(reverse("comment_desk:inspect", args=[comment.pk]))


def pending_count(user) -> int:
    """Comments awaiting moderation that this user may moderate."""
    if not desk_permission_policy.user_has_permission(user, "moderate"):
        return 0
    return (
        desk_permission_policy.instances_user_has_permission_for(user, "moderate")
        .filter(queue_for("pending").condition)
        .count()
    )

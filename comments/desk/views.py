"""The moderation desk's pages: the queues, and a comment's full story."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.text import Truncator
from wagtail.admin.ui.tables import BulkActionsCheckboxColumn, Column, DateColumn, TitleColumn
from wagtail.admin.views.generic import IndexView

from comments.desk import navigation
from comments.desk.actions import ActionForm, StaffReplyForm, comment_for
from comments.desk.filters import CommentFilterSet
from comments.desk.permissions import desk_permission_policy, is_moderator
from comments.desk.presenters import comment_story
from comments.desk.queues import (
    QUEUES,
    offered_actions,
    queue_counts,
    queue_for,
    with_listing_columns,
)
from comments.desk.undo import undo_offer_to_show
from comments.models import TribuneComment

__all__ = ["CommentQueueView", "TribuneComment", "comment_detail", "pending_count"]


def _excerpt(comment: TribuneComment) -> str:
    return Truncator(comment.comment).chars(120)


def _author(comment: TribuneComment) -> str:
    return (
        f"{comment.display_name} <{comment.user_email}>"
        if comment.user_email
        else comment.display_name
    )


def _decision(comment: TribuneComment) -> str:
    flags = f" · flagged ×{comment.flag_count}" if getattr(comment, "flag_count", 0) else ""
    summary = comment.moderation_summary or comment.get_status_display()
    return f"{comment.get_status_display()}: {summary}{flags}"


class AuthorColumn(Column):
    """The author's name and address beside their avatar (the one readers see by the comment)."""

    cell_template_name = "comments/desk/author_cell.html"


class DecideColumn(Column):
    """Approve, spam, remove (with a reason) right on the row; the likely action first."""

    cell_template_name = "comments/desk/decide_cell.html"

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        context["actions"] = offered_actions(instance.status)
        context["params"] = self.params
        # Cells render without the request's context processors: the form needs its token.
        context["csrf_token"] = get_token(parent_context["request"])
        return context


class CommentQueueView(IndexView):
    """A queue of comments as tabs, with filters, search, sorting, row and bulk actions."""

    template_name = "comments/desk/index.html"
    results_template_name = "comments/desk/index_results.html"
    permission_policy = desk_permission_policy
    any_permission_required = ["moderate"]
    filterset_class = CommentFilterSet
    search_fields = ["comment", "user_name", "author_name", "user_email"]
    default_ordering = "-submit_date"
    paginate_by = 50
    page_title = "Reader comments"

    @cached_property
    def queue(self):
        return queue_for(self.request.GET.get("queue"))

    @cached_property
    def params(self) -> str:
        return navigation.queue_params(self.request.GET)

    def get_page_subtitle(self):
        return self.queue.label

    def moderatable(self):
        return desk_permission_policy.instances_user_has_permission_for(
            self.request.user, "moderate"
        )

    def order_queryset(self, queryset):
        # The same order "Approve and next" follows (comments.desk.navigation): ties by id.
        ordering = self.ordering if self.ordering in navigation.ORDERINGS else None
        ordering = ordering or navigation.DEFAULT_ORDERING
        return queryset.order_by(ordering, "-pk" if ordering.startswith("-") else "pk")

    def get_base_queryset(self):
        return with_listing_columns(self.moderatable().filter(self.queue.condition))

    @cached_property
    def columns(self):
        decide = DecideColumn("decide", label="Decide")
        decide.params = self.params
        return [
            BulkActionsCheckboxColumn("bulk_actions", obj_type="comment"),
            TitleColumn(
                "excerpt",
                label="Comment",
                accessor=_excerpt,
                get_url=lambda c: navigation.detail_url(c.pk, self.params),
                get_title_id=lambda c: f"comment_{c.pk}_title",
                classname="tribune-cell-comment",
            ),
            AuthorColumn(
                "author", label="Author", accessor=_author, classname="tribune-cell-author"
            ),
            Column("ip_address", label="IP address", classname="tribune-cell-ip"),
            TitleColumn(
                "article_title",
                label="Article",
                accessor=lambda c: Truncator(c.article_title).chars(60),
                get_url=lambda c: reverse("wagtailadmin_pages:edit", args=[c.object_pk]),
                classname="tribune-cell-article",
            ),
            DateColumn("submit_date", label="Posted", sort_key="submit_date"),
            Column("decision", label="Decision", accessor=_decision),
            decide,
        ]

    def get_table_kwargs(self):
        return {**super().get_table_kwargs(), "attrs": {"data-tribune-queue": self.queue.slug}}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        counts = queue_counts(self.moderatable())
        context["queues"] = [(q, counts[q.slug], q == self.queue) for q in QUEUES]
        context["queue"] = self.queue
        context["bulk_actions"] = self.queue.bulk_actions
        context["undo"] = undo_offer_to_show(self.request.session)
        return context


def comment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Everything about one comment: renderings, decisions, thread and author history."""
    comment = comment_for(request, pk)
    params = navigation.queue_params(request.GET)
    moderatable = desk_permission_policy.instances_user_has_permission_for(request.user, "moderate")
    before, after = navigation.neighbours(request, comment, request.GET) if params else (None, None)
    return TemplateResponse(
        request,
        "comments/desk/detail.html",
        {
            **comment_story(comment, moderatable=moderatable),
            "may_block": is_moderator(request.user),
            "action_form": ActionForm(),
            "reply_form": StaffReplyForm(),
            "actions": offered_actions(comment.status),
            "params": params,
            "from_queue": queue_for(request.GET.get("queue")) if params else None,
            "queue_url": navigation.queue_url(params),
            "undo": undo_offer_to_show(request.session),
            "previous_url": navigation.detail_url(before, params) if before else "",
            "next_url": navigation.detail_url(after, params) if after else "",
        },
    )


def pending_count(user) -> int:
    """Comments awaiting moderation that this user may moderate."""
    if not desk_permission_policy.user_has_permission(user, "moderate"):
        return 0
    return (
        desk_permission_policy.instances_user_has_permission_for(user, "moderate")
        .filter(queue_for("pending").condition)
        .count()
    )

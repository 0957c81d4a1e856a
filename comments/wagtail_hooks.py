"""The moderation desk's wiring into the Wagtail admin."""

from django import forms
from django.db.models import CharField, Count, IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Cast, Coalesce
from django.templatetags.static import static
from django.urls import reverse
from django.utils.html import format_html
from wagtail import hooks
from wagtail.admin.views.account import BaseSettingsPanel
from wagtail.admin.widgets import Button, ListingButton

from comments.desk.bulk_actions import BULK_ACTIONS
from comments.desk.panels import panel_for
from comments.desk.permissions import desk_permission_policy
from comments.desk.queues import queue_for
from comments.desk.viewset import comment_desk_viewset
from comments.models import NotificationPreference, TribuneComment


@hooks.register("register_admin_viewset")
def register_comment_desk():
    return comment_desk_viewset


for bulk_action in BULK_ACTIONS:
    hooks.register("register_bulk_action", bulk_action)


@hooks.register("insert_global_admin_css")
def desk_css():
    return format_html('<link rel="stylesheet" href="{}">', static("css/desk.css"))


@hooks.register("construct_homepage_panels")
def add_moderation_panel(request, panels):
    panel = panel_for(request)
    if panel is not None:
        panels.append(panel)


def _count(queue_slug: str):
    comments = (
        TribuneComment.objects.filter(
            queue_for(queue_slug).condition, object_pk=OuterRef("pk_text")
        )
        .order_by()
        .values("object_pk")
        .annotate(total=Count("pk"))
        .values("total")
    )
    return Coalesce(Subquery(comments, output_field=IntegerField()), Value(0))


@hooks.register("construct_explorer_page_queryset")
def annotate_comment_counts(parent_page, pages, request):
    """Give the page listing each page's comment counts, in the listing's own query."""
    return pages.annotate(pk_text=Cast("pk", CharField())).annotate(
        tribune_comments=_count("approved"), tribune_pending=_count("pending")
    )


def _desk_url_for(page) -> str:
    return f"{reverse('comment_desk:index')}?queue=pending&article={page.pk}"


@hooks.register("register_page_listing_buttons")
def comment_counts_button(page, user, next_url=None):
    published = getattr(page, "tribune_comments", 0)
    pending = getattr(page, "tribune_pending", 0)
    if not (published or pending) or not desk_permission_policy.user_has_permission(
        user, "moderate"
    ):
        return []
    label = f"Reader comments: {published}" + (f" · {pending} pending" if pending else "")
    return [ListingButton(label, _desk_url_for(page), icon_name="comment", priority=15)]


@hooks.register("register_page_header_buttons")
def comments_header_button(page, user, view_name=None, next_url=None):
    if not hasattr(page.specific_class, "accepts_comments"):
        return []
    if not desk_permission_policy.user_has_permission(user, "moderate"):
        return []
    return [Button("Reader comments", _desk_url_for(page), icon_name="comment", priority=60)]


class NotificationPreferenceForm(forms.ModelForm):
    class Meta:
        model = NotificationPreference
        fields = ["frequency"]
        widgets = {"frequency": forms.RadioSelect}


@hooks.register("register_account_settings_panel")
class CommentNotificationsPanel(BaseSettingsPanel):
    """Account settings: how a moderator hears about held comments."""

    name = "comment_notifications"
    title = "Comment moderation emails"
    order = 450
    form_class = NotificationPreferenceForm

    def is_active(self):
        return desk_permission_policy.user_has_permission(self.user, "moderate")

    def get_form(self):
        preference = NotificationPreference.objects.filter(
            user=self.user
        ).first() or NotificationPreference(user=self.user)
        if self.request.method == "POST":
            return self.form_class(self.request.POST, instance=preference, prefix=self.name)
        return self.form_class(instance=preference, prefix=self.name)

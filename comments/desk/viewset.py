"""The moderation desk as a Wagtail viewset: its URLs and its menu item."""

from django.urls import path
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.sidebar import LinkMenuItem as LinkMenuItemComponent
from wagtail.admin.viewsets.base import ViewSet

from comments.desk import actions, replay_views, screens, views


class PendingCommentsMenuItem(MenuItem):
    """'Comments' in the admin menu, with the number awaiting moderation as a badge."""

    def is_shown(self, request):
        return views.desk_permission_policy.user_has_permission(request.user, "moderate")

    def render_component(self, request):
        # Menu items are shared between requests, so the per-user count goes into a new
        # component rather than onto self.
        pending = views.pending_count(request.user)
        attrs = {}
        if pending:
            attrs = {
                "data-pending-comments": str(pending),
                "aria-label": f"{self.label}, {pending} awaiting moderation",
            }
        return LinkMenuItemComponent(
            self.name, self.label, self.url, icon_name=self.icon_name, attrs=attrs
        )


class CommentDeskViewSet(ViewSet):
    name = "comment_desk"
    url_prefix = "moderation"
    icon = "comment"
    # "Reader comments": Wagtail's editors' comments on page drafts are "comments" too.
    menu_label = "Reader comments"
    add_to_admin_menu = True
    menu_order = 250

    def get_menu_item(self, order=None):
        return PendingCommentsMenuItem(
            label=self.menu_label,
            url=self.menu_url,
            name=self.name,
            icon_name=self.menu_icon,
            order=order or self.menu_order,
        )

    def _queue_view(self, **kwargs):
        return self.construct_view(
            views.CommentQueueView,
            model=views.TribuneComment,
            index_url_name=self.get_url_name("index"),
            index_results_url_name=self.get_url_name("index_results"),
            inspect_url_name=self.get_url_name("inspect"),
            **kwargs,
        )

    def get_urlpatterns(self):
        return [
            path("", self._queue_view(), name="index"),
            path("results/", self._queue_view(results_only=True), name="index_results"),
            path("<int:pk>/", views.comment_detail, name="inspect"),
            path("preview/policy/", replay_views.preview_policy, name="preview_policy"),
            path(
                "preview/article/<int:page_id>/",
                replay_views.preview_article,
                name="preview_article",
            ),
            path("<int:pk>/reply/", actions.staff_reply, name="reply"),
            path("<int:pk>/undo/", actions.comment_undo, name="undo"),
            path("<int:pk>/edit/", screens.comment_edit, name="redact"),
            path(
                "discussion/<int:content_type_id>/<str:object_pk>/",
                screens.discussion_edit,
                name="discussion",
            ),
            path("account/<int:user_id>/", screens.account_detail, name="account"),
            path("<int:pk>/block/<str:what>/", actions.block_author, name="block"),
            path("<int:pk>/<str:action>/", actions.comment_action, name="action"),
        ]


comment_desk_viewset = CommentDeskViewSet()

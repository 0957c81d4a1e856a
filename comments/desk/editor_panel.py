"""The page editor's "Reader comments" tab: the discussion's settings, and a link to change
them at once on the desk (they are not page fields, so no revision is published with them)."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from wagtail.admin.panels import Panel

from comments.discussion_settings import discussion_settings_for


class DiscussionSettingsPanel(Panel):
    class BoundPanel(Panel.BoundPanel):
        template_name = "comments/desk/editor_panel.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            page = self.instance
            context["saved"] = page.pk is not None
            if page.pk is not None:
                context["current"] = discussion_settings_for(page)
                content_type = ContentType.objects.get_for_model(page)
                context["settings_url"] = reverse(
                    "comment_desk:discussion", args=[content_type.pk, page.pk]
                )
                context["desk_url"] = (
                    f"{reverse('comment_desk:index')}?queue=pending&article={page.pk}"
                )
            return context

"""'Preview this change': a button in an edit form that replays the form's unsaved values.

Used on the moderation settings screen and on an article's Comments tab. The button posts the
whole form (with its CSRF token) to the desk's preview view in a new tab, so nothing is saved.
"""

from __future__ import annotations

from django.urls import reverse
from wagtail.admin.panels import Panel


class ReplayPreviewPanel(Panel):
    def __init__(self, url_name: str, per_object: bool = False, **kwargs):
        super().__init__(**kwargs)
        self.url_name = url_name
        self.per_object = per_object

    def clone_kwargs(self):
        kwargs = super().clone_kwargs()
        kwargs.update(url_name=self.url_name, per_object=self.per_object)
        return kwargs

    class BoundPanel(Panel.BoundPanel):
        template_name = "comments/desk/replay_button.html"

        def is_shown(self):
            # A page not saved yet has no submissions to replay.
            return not self.panel.per_object or getattr(self.instance, "pk", None) is not None

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            args = [self.instance.pk] if self.panel.per_object else []
            context["preview_url"] = reverse(self.panel.url_name, args=args)
            return context

"""Bulk approve, spam, remove and restore, through Wagtail's bulk-action framework."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

from django.http import HttpResponseBadRequest
from django.urls import reverse
from wagtail.admin.views.bulk_action import BulkAction

from comments.desk.actions import ActionForm
from comments.desk.permissions import desk_permission_policy
from comments.desk.queues import queue_for
from comments.models import TribuneComment
from comments.transitions import ACTIONS, comments_transition_bulk


class CommentBulkAction(BulkAction):
    models = [TribuneComment]
    form_class = ActionForm
    template_name = "comments/desk/bulk_confirm.html"
    action = None

    def dispatch(self, request, *args, **kwargs):
        # Wagtail turns every id into an int unchecked: "abc", "1.5" or "0x1" would be a 500.
        ids = request.GET.getlist("id")
        if any(i != "all" and not (i.isascii() and i.isdigit() and len(i) < 19) for i in ids):
            return HttpResponseBadRequest("Comment ids are whole numbers.")
        return super().dispatch(request, *args, **kwargs)

    def check_perm(self, obj) -> bool:
        return desk_permission_policy.user_has_permission_for_instance(
            self.request.user, "moderate", obj
        )

    def get_all_objects_in_listing_query(self, parent_id):
        # "Select all" means every comment of the queue the moderator was looking at.
        query = parse_qs(urlsplit(self.next_url).query)
        queue = queue_for((query.get("queue") or [None])[0])
        comments = desk_permission_policy.instances_user_has_permission_for(
            self.request.user, "moderate"
        )
        return comments.filter(queue.condition).values_list("pk", flat=True)

    def object_context(self, obj):
        return {"item": obj, "edit_url": reverse("comment_desk:inspect", args=[obj.pk])}

    def get_execution_context(self):
        return {"actor": self.request.user, "note": self.cleaned_form.cleaned_data.get("note", "")}

    @classmethod
    def execute_action(cls, objects, actor=None, note=""):
        # Comments already moved on by someone else are skipped, not forced.
        done, _refused = comments_transition_bulk(
            comments=objects, action=cls.action, actor=actor, note=note
        )
        return done, 0

    def get_success_message(self, num_parent_objects, num_child_objects):
        noun = "comment" if num_parent_objects == 1 else "comments"
        return self.done_message.format(count=num_parent_objects, noun=noun)

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "action": self}


class ApproveBulkAction(CommentBulkAction):
    display_name = "Approve"
    done_message = "Approved {count} {noun}."
    action_type = "approve"
    aria_label = "Approve selected comments"
    action_priority = 10
    action = ACTIONS["approve"]


class SpamBulkAction(CommentBulkAction):
    display_name = "Mark as spam"
    done_message = "Marked {count} {noun} as spam."
    action_type = "spam"
    aria_label = "Mark selected comments as spam"
    action_priority = 20
    action = ACTIONS["spam"]


class RemoveBulkAction(CommentBulkAction):
    display_name = "Remove"
    done_message = "Removed {count} {noun}."
    action_type = "remove"
    aria_label = "Remove selected comments"
    action_priority = 30
    action = ACTIONS["remove"]


class RestoreBulkAction(CommentBulkAction):
    display_name = "Restore"
    done_message = "Restored {count} {noun}."
    action_type = "restore"
    aria_label = "Restore selected comments"
    action_priority = 40
    action = ACTIONS["restore"]


BULK_ACTIONS = (ApproveBulkAction, SpamBulkAction, RemoveBulkAction, RestoreBulkAction)

"""Who may use the moderation desk: moderators everywhere, page editors on pages they can edit."""

from __future__ import annotations

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, Q, QuerySet
from django.db.models.functions import Cast
from wagtail.models import Page
from wagtail.permission_policies.base import BasePermissionPolicy
from wagtail.permission_policies.pages import PagePermissionPolicy

from comments.models import TribuneComment

DESK_ACTIONS = {"view", "moderate"}
MODERATE_PERMISSION = "django_comments.can_moderate"


def is_moderator(user) -> bool:
    """Members of the Moderators group (or superusers): they moderate every comment."""
    return bool(user and user.is_active and user.has_perm(MODERATE_PERMISSION))


def _page_content_types() -> list[ContentType]:
    models = [apps.get_model(label) for label in settings.TRIBUNE_COMMENT_TARGETS]
    page_models = [model for model in models if issubclass(model, Page)]
    return list(ContentType.objects.get_for_models(*page_models).values())


class DeskPermissionPolicy(BasePermissionPolicy):
    """Comments are moderated, never added, edited or deleted, through the desk."""

    def __init__(self):
        super().__init__(TribuneComment)
        self.pages = PagePermissionPolicy()

    def user_has_permission(self, user, action) -> bool:
        if action not in DESK_ACTIONS or not (user and user.is_active):
            return False
        return is_moderator(user) or self.pages.user_has_permission(user, "change")

    def users_with_any_permission(self, actions) -> QuerySet:
        if not DESK_ACTIONS & set(actions):
            return get_user_model().objects.none()
        return self.moderators()

    def moderators(self) -> QuerySet:
        """Active users who moderate every comment."""
        users = get_user_model().objects.filter(is_active=True)
        by_permission = Q(user_permissions__codename="can_moderate") | Q(
            groups__permissions__codename="can_moderate"
        )
        return users.filter(by_permission | Q(is_superuser=True)).distinct()

    def user_has_permission_for_instance(self, user, action, instance) -> bool:
        if not self.user_has_permission(user, action):
            return False
        if is_moderator(user):
            return True
        page = Page.objects.filter(pk=_int_or_none(instance.object_pk)).first()
        if page is None or instance.content_type_id not in {ct.pk for ct in _page_content_types()}:
            return False
        return self.pages.user_has_permission_for_instance(user, "change", page)

    def instances_user_has_any_permission_for(self, user, actions) -> QuerySet:
        comments = TribuneComment.objects.all()
        if not self.user_has_any_permission(user, actions):
            return comments.none()
        if is_moderator(user):
            return comments
        editable = self.pages.instances_user_has_permission_for(user, "change")
        editable_ids = editable.annotate(pk_text=Cast("pk", CharField())).values("pk_text")
        return comments.filter(content_type__in=_page_content_types(), object_pk__in=editable_ids)

    def users_with_any_permission_for_instance(self, actions, instance) -> QuerySet:
        return self.users_with_any_permission(actions)


def _int_or_none(value: str) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


desk_permission_policy = DeskPermissionPolicy()

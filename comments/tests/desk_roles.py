"""Users in each role the moderation desk must tell apart."""

from dataclasses import dataclass

from django.contrib.auth.models import Group, Permission
from wagtail.models import GroupPagePermission


@dataclass
class Roles:
    moderator: object
    article_editor: object
    other_editor: object
    reader: object


def _admin_user(django_user_model, username, group=None):
    user = django_user_model.objects.create_user(username, f"{username}@example.com", "pw")
    if group is not None:
        user.groups.add(group)
    return user


def make_roles(django_user_model, article, other_article) -> Roles:
    """A moderator, an editor of `article`, an editor of `other_article` only, and a reader."""
    access_admin = Permission.objects.get(codename="access_admin")

    def editors_of(page, name):
        group = Group.objects.create(name=name)
        group.permissions.add(access_admin)
        GroupPagePermission.objects.create(group=group, page=page, permission_type="change")
        return group

    return Roles(
        moderator=_admin_user(django_user_model, "moderator", Group.objects.get(name="Moderators")),
        article_editor=_admin_user(
            django_user_model, "article_editor", editors_of(article, "Article editors")
        ),
        other_editor=_admin_user(
            django_user_model, "other_editor", editors_of(other_article, "Other editors")
        ),
        reader=_admin_user(django_user_model, "reader"),
    )

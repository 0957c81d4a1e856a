"""Create the Moderators group: may use the moderation desk, may not edit pages.

Wagtail's own initial data has a "Moderators" group that edits and publishes pages (its page
workflow). That group keeps its rights and its workflow role under the name "Page moderators".
"""

from django.db import migrations


def create_group(apps, schema_editor):
    Group = apps.get_model("auth.Group")
    Permission = apps.get_model("auth.Permission")
    ContentType = apps.get_model("contenttypes.ContentType")

    GroupPagePermission = apps.get_model("wagtailcore.GroupPagePermission")
    wagtails = Group.objects.filter(name="Moderators").first()
    if wagtails is not None and GroupPagePermission.objects.filter(group=wagtails).exists():
        wagtails.name = "Page moderators"
        wagtails.save(update_fields=["name"])
    group, _ = Group.objects.get_or_create(name="Moderators")
    comment_type, _ = ContentType.objects.get_or_create(app_label="django_comments", model="comment")
    can_moderate, _ = Permission.objects.get_or_create(
        content_type=comment_type,
        codename="can_moderate",
        defaults={"name": "Can moderate comments"},
    )
    admin_type, _ = ContentType.objects.get_or_create(app_label="wagtailadmin", model="admin")
    access_admin, _ = Permission.objects.get_or_create(
        content_type=admin_type, codename="access_admin", defaults={"name": "Can access Wagtail admin"}
    )
    group.permissions.add(can_moderate, access_admin)


def remove_group(apps, schema_editor):
    Group = apps.get_model("auth.Group")
    Group.objects.filter(name="Moderators").delete()
    Group.objects.filter(name="Page moderators").update(name="Moderators")


class Migration(migrations.Migration):
    dependencies = [
        ("comments", "0001_initial"),
        ("django_comments", "0004_add_object_pk_is_removed_index"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("wagtailcore", "0002_initial_data"),
    ]

    operations = [migrations.RunPython(create_group, remove_group)]

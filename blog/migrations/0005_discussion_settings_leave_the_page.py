"""Articles' comment settings move out of the page into comments.DiscussionSettings, so that
changing them no longer needs a page revision. Each article that overrode something gets a row
with its live values; then the page fields go."""

from django.db import migrations

FIELDS = {
    "comment_policy": "policy",
    "comments_close_after_days": "close_after_days",
    "comment_max_depth": "max_depth",
    "comment_threads_per_page": "threads_per_page",
}


def copy_to_discussion_settings(apps, schema_editor):
    BlogPage = apps.get_model("blog", "BlogPage")
    ContentType = apps.get_model("contenttypes", "ContentType")
    DiscussionSettings = apps.get_model("comments", "DiscussionSettings")
    content_type, _ = ContentType.objects.get_or_create(app_label="blog", model="blogpage")
    rows = []
    for page in BlogPage.objects.values("pk", *FIELDS):
        values = {new: page[old] for old, new in FIELDS.items()}
        if values["policy"] == "inherit" and all(
            values[name] is None for name in ("close_after_days", "max_depth", "threads_per_page")
        ):
            continue
        rows.append(
            DiscussionSettings(content_type=content_type, object_pk=str(page["pk"]), **values)
        )
    DiscussionSettings.objects.bulk_create(rows, ignore_conflicts=True)


def copy_back(apps, schema_editor):
    BlogPage = apps.get_model("blog", "BlogPage")
    DiscussionSettings = apps.get_model("comments", "DiscussionSettings")
    for row in DiscussionSettings.objects.filter(
        content_type__app_label="blog", content_type__model="blogpage"
    ):
        BlogPage.objects.filter(pk=int(row.object_pk)).update(
            **{old: getattr(row, new) for old, new in FIELDS.items()}
        )


class Migration(migrations.Migration):
    dependencies = [
        ("blog", "0004_imported_object"),
        ("comments", "0012_sanctions_revisions_discussion_settings"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.RunPython(copy_to_discussion_settings, copy_back),
        migrations.RemoveField(model_name="blogpage", name="comment_max_depth"),
        migrations.RemoveField(model_name="blogpage", name="comment_policy"),
        migrations.RemoveField(model_name="blogpage", name="comment_threads_per_page"),
        migrations.RemoveField(model_name="blogpage", name="comments_close_after_days"),
    ]

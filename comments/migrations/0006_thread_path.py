"""Threads ordered by a materialised path instead of xtd's renumbered `order`.

A reply used to shift the `order` of every later comment of its thread; now each comment keeps
a path (its ancestors' ids and its own, zero-padded) and nothing else moves. The (thread_id,
order) uniqueness of 0003 goes: the path is unique instead. Existing threads are converted
here, parents before children, keeping siblings in their previous order.
"""

from django.db import migrations, models

import comments.models

DIGITS = 12
OLD_CONSTRAINT = "tribune_xtdcomment_thread_order_unique"


def drop_order_constraint(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"ALTER TABLE django_comments_xtd_xtdcomment DROP CONSTRAINT IF EXISTS {OLD_CONSTRAINT}"
        )


def fill_paths(apps, schema_editor):
    Comment = apps.get_model("comments", "TribuneComment")
    rows = Comment.objects.order_by("thread_id", "order", "pk").values_list(
        "pk", "parent_id", "level"
    )
    # Ordered by (thread, order), a parent comes before its replies. Replies were placed
    # under a lock in the order they were inserted, so siblings' ids already follow their
    # old order, and a path of ids keeps it.
    paths: dict[int, str] = {}
    for pk, parent_id, _level in rows.iterator():
        parent_path = paths.get(parent_id, "") if parent_id != pk else ""
        paths[pk] = parent_path + f"{pk:0{DIGITS}d}"
    batch = []
    for pk, path in paths.items():
        batch.append(Comment(pk=pk, thread_path=path))
        if len(batch) >= 1000:
            Comment.objects.bulk_update(batch, ["thread_path"])
            batch = []
    if batch:
        Comment.objects.bulk_update(batch, ["thread_path"])


class Migration(migrations.Migration):
    dependencies = [("comments", "0005_email_confirmed")]

    operations = [
        migrations.RunPython(drop_order_constraint, migrations.RunPython.noop),
        migrations.AddField(
            model_name="tribunecomment",
            name="thread_path",
            field=comments.models.ThreadPathField(editable=False, null=True),
        ),
        migrations.RunPython(fill_paths, migrations.RunPython.noop),
    ]

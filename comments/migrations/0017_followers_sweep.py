"""The followers' sweep (comments.tasks.notify_pending_followers): in "tasks" delivery a comment
POST no longer queues a task to tell the article's followers; every minute the scheduler's
sweep finds the approved comments whose followers were not told (`followers_notified=False`),
through a partial index of just those.

First, every approved comment still marked "not told" is marked told. Until now nothing read
that flag back, so such comments are old ones whose telling failed or was lost, or that were
stored by code that never tells anyone: without this, the first sweep after the deploy would
email their followers about comments they may have read long ago. Left out are the comments
whose task from before (`comments.tasks.notify_followers`, which the sweep replaces) is waiting
or running: the waiting rows are deleted, and the sweep tells
those followers instead (the claim in comments.notifications tells them once either way).

Then PostgreSQL builds the index without blocking comment POSTs (CONCURRENTLY, outside a
transaction), as 0016 does. Run it before the new code serves, as every migration.
"""

from django.db import migrations, models

OLD_TASK = "comments.tasks.notify_followers"
INDEX = models.Index(
    fields=["xtdcomment_ptr"],
    condition=models.Q(status="approved", followers_notified=False),
    name="tribune_comment_followers_due",
)


def mark_approved_comments_told(apps, schema_editor):
    comments = apps.get_model("comments", "TribuneComment")
    results = apps.get_model("django_tasks_database", "DBTaskResult")
    old_tasks = results.objects.filter(task_path=OLD_TASK, status__in=["READY", "RUNNING"])
    still_to_tell = {row["args"][0] for row in old_tasks.values_list("args_kwargs", flat=True)}
    comments.objects.filter(status="approved", followers_notified=False).exclude(
        pk__in=still_to_tell
    ).update(followers_notified=True)
    old_tasks.filter(status="READY").delete()


def _concurrently(schema_editor) -> dict:
    return {"concurrently": True} if schema_editor.connection.vendor == "postgresql" else {}


def add_index(apps, schema_editor):
    # A concurrent build that failed leaves an invalid index of this name: start afresh.
    concurrently = " CONCURRENTLY" if _concurrently(schema_editor) else ""
    schema_editor.execute(f"DROP INDEX{concurrently} IF EXISTS {INDEX.name}")
    model = apps.get_model("comments", "TribuneComment")
    schema_editor.add_index(model, INDEX, **_concurrently(schema_editor))


def remove_index(apps, schema_editor):
    model = apps.get_model("comments", "TribuneComment")
    schema_editor.remove_index(model, INDEX, **_concurrently(schema_editor))


class Migration(migrations.Migration):
    atomic = False
    dependencies = [
        ("comments", "0016_email_recent_index"),
        ("django_tasks_database", "0021_conditional_partial_index_ordering"),
    ]

    operations = [
        migrations.RunPython(mark_approved_comments_told, migrations.RunPython.noop, atomic=True),
        migrations.SeparateDatabaseAndState(
            database_operations=[migrations.RunPython(add_index, remove_index)],
            state_operations=[migrations.AddIndex(model_name="tribunecomment", index=INDEX)],
        ),
    ]

"""On PostgreSQL, no two comments of a thread may share a place in it.

The constraint is on django-comments-xtd's table, which holds thread_id and order. It is
checked at commit (DEFERRABLE INITIALLY DEFERRED) because a reply shifts later comments' order
by one within its transaction. SQLite cannot defer unique checks, and serialises writers anyway.
"""

from django.db import migrations

CONSTRAINT = "tribune_xtdcomment_thread_order_unique"


def add_constraint(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        f'ALTER TABLE django_comments_xtd_xtdcomment ADD CONSTRAINT {CONSTRAINT} '
        f'UNIQUE (thread_id, "order") DEFERRABLE INITIALLY DEFERRED'
    )


def drop_constraint(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        f"ALTER TABLE django_comments_xtd_xtdcomment DROP CONSTRAINT IF EXISTS {CONSTRAINT}"
    )


class Migration(migrations.Migration):
    dependencies = [("comments", "0002_moderators_group")]

    operations = [migrations.RunPython(add_constraint, drop_constraint)]

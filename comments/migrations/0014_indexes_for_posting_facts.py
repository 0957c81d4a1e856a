"""Indexes for the facts a comment POST gathers (comments.moderation.facts): the author's
comments by email (compared case-insensitively, as UPPER(...) on PostgreSQL) and the recent
ones from the same address. They live on django-comments' table, so plain SQL."""

from django.db import migrations

INDEXES = {
    "tribune_comment_email_upper": "UPPER(user_email)",
    "tribune_comment_ip_recent": "ip_address, submit_date",
}


class Migration(migrations.Migration):
    dependencies = [("comments", "0013_comment_author_full_name")]

    operations = [
        migrations.RunSQL(
            f"CREATE INDEX IF NOT EXISTS {name} ON django_comments ({columns})",
            f"DROP INDEX IF EXISTS {name}",
        )
        for name, columns in INDEXES.items()
    ]

"""The recent comments of one email address, for the flood facts (comments.moderation.
facts_query): an index on (UPPER(user_email), submit_date) replaces the one on UPPER(user_email)
alone. It still serves every lookup of an author's comments by email (its first column), and
now also the window of the last minutes, which the planner otherwise read from the date index,
scanning every recent comment of the site.

PostgreSQL builds it without blocking comment POSTs (CONCURRENTLY, outside a transaction).
"""

from django.db import migrations

NEW = ("tribune_comment_email_recent", "UPPER(user_email), submit_date")
OLD = ("tribune_comment_email_upper", "UPPER(user_email)")


def _swap(create, drop):
    def run(apps, schema_editor):
        concurrently = " CONCURRENTLY" if schema_editor.connection.vendor == "postgresql" else ""
        name, columns = create
        # A concurrent build that failed or was cancelled leaves an invalid index of this name,
        # which IF NOT EXISTS would take for a built one: start afresh before dropping the other.
        schema_editor.execute(f"DROP INDEX{concurrently} IF EXISTS {name}")
        schema_editor.execute(f"CREATE INDEX{concurrently} {name} ON django_comments ({columns})")
        schema_editor.execute(f"DROP INDEX{concurrently} IF EXISTS {drop[0]}")

    return run


class Migration(migrations.Migration):
    atomic = False
    dependencies = [("comments", "0015_reader_accounts_reports_privacy")]

    operations = [migrations.RunPython(_swap(NEW, OLD), _swap(OLD, NEW))]

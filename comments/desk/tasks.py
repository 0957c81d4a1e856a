"""The moderation desk's scheduled work, as tasks for `manage.py db_worker`."""

from django_tasks import task

from comments.desk.alerts import send_digests


@task()
def send_moderation_digests(day: str = "") -> int:
    """Queue the daily digest of held comments (run once a day by `manage.py run_scheduler`;
    `day` marks which day's run this is, so that it is queued once)."""
    return send_digests()

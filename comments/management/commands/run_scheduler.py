"""The scheduler: queues the periodic jobs for the task worker (`manage.py db_worker`).

Run exactly one (deploy/systemd/tribune-scheduler.service). Every minute it queues the outbox
sweep, the followers' sweep (the emails to an article's followers about newly public comments,
which a comment POST no longer queues) and a heartbeat; once a day, at DIGEST_HOUR in the
site's time zone, the moderation digest, the pruning of old task rows and the removal of old IP
addresses and user agents. Each job is queued only if the same job is not already waiting, and
the digest is queued at most once per day (the day is its argument), judged from the task table
itself: a restarted scheduler, or a second one started by mistake, neither skips nor repeats a
digest.
"""

import signal
import time
from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import close_old_connections
from django.utils import timezone

from comments.desk.tasks import send_moderation_digests
from comments.tasks import (
    heartbeat,
    notify_pending_followers,
    prune_posting_claims,
    prune_task_results,
    purge_personal_data,
    sweep_outbox,
)


def _path(task) -> str:
    return task.module_path


def _waiting(task) -> bool:
    from django_tasks_db.models import DBTaskResult

    return DBTaskResult.objects.ready().filter(task_path=_path(task)).exists()


def _queued_for(task, day: str) -> bool:
    from django_tasks_db.models import DBTaskResult

    return DBTaskResult.objects.filter(task_path=_path(task), args_kwargs__kwargs__day=day).exists()


def run_due_jobs(now=None) -> list[str]:
    """Queue what is due now; the names of the jobs queued."""
    now = timezone.localtime(now or timezone.now())
    queued = []
    for job in (sweep_outbox, notify_pending_followers, heartbeat):
        if not _waiting(job):
            job.enqueue()
            queued.append(job.name)
    day_start = now.replace(hour=0, minute=0, second=0, microsecond=0)
    digest_at = day_start + timedelta(hours=settings.TRIBUNE_DIGEST_HOUR)
    day = now.date().isoformat()
    daily_jobs = (
        send_moderation_digests,
        prune_task_results,
        prune_posting_claims,
        purge_personal_data,
    )
    for daily in daily_jobs:
        if now >= digest_at and not _queued_for(daily, day):
            daily.enqueue(day=day)
            queued.append(daily.name)
    return queued


class Command(BaseCommand):
    help = (
        "Queue the periodic jobs for db_worker: the outbox and followers' sweeps and a "
        "heartbeat every minute, the digest and clean-ups daily."
    )

    def add_arguments(self, parser):
        parser.add_argument("--interval", type=float, default=60)
        parser.add_argument("--once", action="store_true", help="Queue what is due, then exit.")

    def handle(self, *args, interval, once, **options):
        running = True

        def stop(signum, frame):
            nonlocal running
            running = False

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        while running:
            close_old_connections()  # survive database restarts between rounds
            try:
                queued = run_due_jobs()
            except Exception as exc:  # the database may be down: try again next round
                self.stderr.write(f"Scheduler round failed: {exc!r}")
                queued = []
            if queued:
                self.stdout.write(f"Queued: {', '.join(queued)}")
            if once:
                return
            deadline = time.monotonic() + interval
            while running and time.monotonic() < deadline:
                time.sleep(min(1.0, interval))

"""Remove IP addresses and user agents older than the retention period (Settings > Reader
accounts; run daily by `manage.py run_scheduler`, or from cron)."""

from django.core.management.base import BaseCommand

from comments.readers.ownership import reader_settings
from comments.readers.privacy import personal_data_purge


class Command(BaseCommand):
    help = "Remove IP addresses and user agents of comments older than the retention period."

    def add_arguments(self, parser):
        parser.add_argument(
            "--days", type=int, default=None, help="Override the site's retention period."
        )

    def handle(self, *args, days, **options):
        days = days if days is not None else reader_settings().retention_days
        if days < 1:
            self.stderr.write("The retention period must be at least one day.")
            return
        cleared = personal_data_purge(retention_days=days)
        self.stdout.write(f"Cleared the IP address and user agent of {cleared} comment(s).")

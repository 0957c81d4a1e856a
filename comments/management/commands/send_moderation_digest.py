from django.core.management.base import BaseCommand

from comments.desk.alerts import send_digests


class Command(BaseCommand):
    help = "Email the daily digest of held comments to those who chose it (run once a day)."

    def handle(self, *args, **options):
        self.stdout.write(f"Queued {send_digests()} digest(s).")

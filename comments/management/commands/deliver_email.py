import time

from django.core.management.base import BaseCommand
from django.db import close_old_connections

from comments.mailer import deliver_pending


class Command(BaseCommand):
    help = "Send queued comment emails that are due (retrying failures with backoff)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--loop", action="store_true", help="Keep running, every --interval seconds."
        )
        parser.add_argument("--interval", type=int, default=30)

    def handle(self, *args, loop, interval, **options):
        while True:
            close_old_connections()  # a long-running worker must survive database restarts
            sent = deliver_pending()
            if sent or not loop:
                self.stdout.write(f"Sent {sent} email(s).")
            if not loop:
                return
            time.sleep(interval)

import os

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Create a superuser for local development if none exists (refuses when DEBUG is off)."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("Refusing to create a default admin account with DEBUG off.")
        username = os.environ.get("LOCAL_ADMIN_USERNAME", "admin")
        password = os.environ.get("LOCAL_ADMIN_PASSWORD", "admin")
        user_model = get_user_model()
        if not user_model.objects.filter(username=username).exists():
            user_model.objects.create_superuser(username, "admin@localhost", password)
            self.stdout.write(f"Created admin account {username!r}.")
        self.stdout.write(
            f"Admin: http://127.0.0.1:8000/admin/  user {username!r}  password {password!r} "
            "(local development only)"
        )

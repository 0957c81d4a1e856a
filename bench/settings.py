"""Benchmark settings: production settings plus two reference views (bench/urls.py)."""

import os

os.environ.setdefault("SECRET_KEY", "bench-" + "k7Qz2xW9mR4tY8uP3nV6bL1cJ5hG0fD" * 2)
os.environ.setdefault("SECURE_SSL_REDIRECT", "0")

from config.settings.production import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
SECURE_HSTS_SECONDS = 0
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# As production: emails and follower notices are queued as tasks (no worker runs here).
TRIBUNE_EMAIL_DELIVERY = "tasks"
COMMENTS_XTD_CONFIRM_EMAIL = False
# One gunicorn worker and an in-process run: its memory is a shared cache, as Redis would be.
TRIBUNE_ROW_CACHE = True
TRIBUNE_OUTLINE_CACHE = True
SESSION_ENGINE = "config.sessions"
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": "ERROR"}}

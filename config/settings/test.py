"""Test runs: fast hashing, in-memory email, deterministic settings."""

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "test-only-insecure-key"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
COMMENTS_XTD_CONFIRM_EMAIL = True
WAGTAILADMIN_BASE_URL = "http://testserver"
TRIBUNE_EMAIL_DELIVERY = "inline"
# Factories write comments without the services' invalidation, and test transactions never
# commit (so on-commit invalidation never runs): Django's page cache is off unless a test
# turns it on (comments/tests/test_page_cache.py). Pages still carry their cache headers.
TRIBUNE_PAGE_CACHE_SECONDS = 0
# One process: its memory is the shared cache (config/settings/base.py, TRIBUNE_ROW_CACHE).
TRIBUNE_ROW_CACHE = True
# Kept outlines go with the page cache: off, as factories do not announce their comments
# (comments/tests/test_outline_cache.py turns it on).
TRIBUNE_OUTLINE_CACHE = False
SESSION_ENGINE = "config.sessions"
# Tasks (email delivery in "tasks" mode, the scheduler's jobs) run at once, in the test.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

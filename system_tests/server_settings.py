"""Settings for the real servers the load and outage tests start (config.settings.test-like).

Everything that the tests vary comes from the environment, as in production: DATABASE_URL and
DB_CONN_MAX_AGE, COMMENTS_XTD_CONFIRM_EMAIL, EMAIL_DELIVERY and EMAIL_BACKEND (read by
config.settings.base), and the SMTP address below.
"""

import os

from config.settings.base import *  # noqa: F403

DEBUG = False
SECRET_KEY = os.environ.get("SECRET_KEY", "load-test-only-insecure-key")
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
EMAIL_HOST = os.environ.get("EMAIL_HOST", "127.0.0.1")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "2"))

"""Settings shared by every environment; each value can come from the environment."""

import ipaddress
import os
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env_bool(name: str, default: bool) -> bool:
    """Read a boolean environment variable such as 1/0, true/false, yes/no."""
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    """Read a comma-separated environment variable."""
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


SECRET_KEY = os.environ.get("SECRET_KEY", "")
DEBUG = False
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
# Reverse proxies (addresses or CIDRs) whose X-Forwarded-For / Forwarded headers are believed.
TRUSTED_PROXIES = env_list("TRUSTED_PROXIES")
for _proxy in TRUSTED_PROXIES:
    try:
        ipaddress.ip_network(_proxy, strict=False)
    except ValueError as exc:
        raise ValueError(f"TRUSTED_PROXIES: {_proxy!r} is not an IP address or CIDR.") from exc

INSTALLED_APPS = [
    "home",
    "blog",
    "comments",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.frontend_cache",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sites",
    "django.contrib.sitemaps",
    # django_comments_xtd must come before django_comments (template overrides).
    "django_comments_xtd",
    "django_comments",
    # Django's tasks API (backport) and its database queue, run by `manage.py db_worker`.
    "django_tasks",
    "django_tasks_db",
    # Reader accounts (sign-up, verification, password reset, email change); no social
    # providers. Styled as the public site; never an admin role (comments.readers).
    "allauth",
    "allauth.account",
]

MIDDLEWARE = [
    # /healthz and /readyz answer before host checks, sessions and caches.
    "config.health.HealthCheckMiddleware",
    # Before the proxy middleware rewrites REMOTE_ADDR: only a trusted proxy's id is kept.
    "config.request_id.RequestIdMiddleware",
    # Anonymous readers' shared copies of article pages (comments.cache): a hit is answered
    # here, before sessions, CSRF, authentication, messages and Wagtail's routing; a copy is
    # stored with the headers every middleware below gave it (security, CSP, frame options).
    "comments.cache.PageCacheMiddleware",
    # Which database this request reads (a replica when DATABASE_REPLICA_URL is set).
    "config.replica.ReplicaMiddleware",
    # Then: every later step (rate limits, IP blocks, the desk) sees the reader's address.
    "config.proxies.TrustedProxyMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "config.middleware.SecurityHeadersMiddleware",
    "config.request_limits.PublicRequestLimitMiddleware",
    # Django's SessionMiddleware, tolerant of a database lost after the view has committed.
    "config.middleware.OutageTolerantSessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "config.middleware.DatabaseOutageMiddleware",
]
# The Wagtail admin relies on inline scripts; every other path gets the strict policy.
TRIBUNE_CSP_EXEMPT_PREFIXES = ("/admin/", "/django-admin/")
CSRF_FAILURE_VIEW = "comments.views.csrf_failure"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

ROOT_URLCONF = "config.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                # Settings → Site links from the row cache (no query per page).
                "home.site_links.site_links",
            ],
        },
    },
]

WSGI_APPLICATION = "config.wsgi.application"

# SQLite in the project folder unless DATABASE_URL names another database
# (postgres://… through psycopg 3, or sqlite:///path).
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "0")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Writers take the lock when their transaction starts, so concurrent requests queue
    # (up to `timeout` seconds) instead of failing with "database is locked" half-way.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"transaction_mode": "IMMEDIATE", "timeout": 20}
    )
# PostgreSQL's planner assumes by default that a random page read costs four sequential ones
# (spinning disks). Tribune's tables live in memory or on SSD: at that default the planner
# scans every comment of the site to join an article's hundred (a hash join over the three
# comment tables, 10 ms instead of 0.5 ms). 1.1 is PostgreSQL's advice for SSD storage.
# DB_RANDOM_PAGE_COST overrides it; "" leaves the server's setting.
RANDOM_PAGE_COST = os.environ.get("DB_RANDOM_PAGE_COST", "1.1")
PLANNER_OPTIONS = f"-c random_page_cost={float(RANDOM_PAGE_COST)}" if RANDOM_PAGE_COST else ""
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql" and PLANNER_OPTIONS:
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = PLANNER_OPTIONS
# Django turns psycopg's statement preparation off; it is on again for the comment POST's
# server-bound statements only (comments.prepared: at their first run on a persistent
# connection, else at their fifth): Django's own cursors bind on the client and never prepare.
# DB_PREPARE_THRESHOLD="" turns it off (PgBouncer's transaction pooling before 1.21, or without
# max_prepared_statements, cannot keep a statement prepared).
PREPARE_THRESHOLD = os.environ.get("DB_PREPARE_THRESHOLD", "5")
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"].setdefault("OPTIONS", {})["prepare_threshold"] = (
        int(PREPARE_THRESHOLD) if PREPARE_THRESHOLD else None
    )
# A streaming replica (DATABASE_REPLICA_URL) takes anonymous readers' page renders and
# listings (config.replica); writes, transactions, signed-in readers and whoever has just
# written read the primary. A replica that is down or more than REPLICA_MAX_LAG seconds behind
# is left alone until it catches up.
if os.environ.get("DATABASE_REPLICA_URL"):
    DATABASES["replica"] = dj_database_url.parse(
        os.environ["DATABASE_REPLICA_URL"],
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "0")),
        conn_health_checks=True,
    )
    DATABASES["replica"].setdefault("OPTIONS", {})["connect_timeout"] = 2
    if PLANNER_OPTIONS:
        DATABASES["replica"]["OPTIONS"]["options"] = PLANNER_OPTIONS
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
    DATABASE_ROUTERS = ["config.replica.ReplicaRouter"]
TRIBUNE_REPLICA_MAX_LAG = float(os.environ.get("REPLICA_MAX_LAG", "5"))
TRIBUNE_REPLICA_RETRY_SECONDS = float(os.environ.get("REPLICA_RETRY_SECONDS", "10"))
TRIBUNE_READ_YOUR_WRITES_SECONDS = int(os.environ.get("READ_YOUR_WRITES_SECONDS", "15"))

# Sessions live in the database, not in Redis: signing in survives a Redis restart or
# outage, every app server reads the same sessions, and the shared page cache only needs to
# know whether a session cookie is present. With Redis they are also read through it
# (config.sessions; set below).
SESSION_ENGINE = "django.contrib.sessions.backends.db"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = os.environ.get("TIME_ZONE", "Europe/London")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "static_collected"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))

SITE_ID = 1

# The page cache (comments.cache) and Wagtail's own caches: Redis when REDIS_URL is set (shared
# by every app server; errors are ignored so that a Redis outage only means uncached pages),
# otherwise this process's memory.
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "tribune"),
            "OPTIONS": {
                "IGNORE_EXCEPTIONS": True,
                "SOCKET_CONNECT_TIMEOUT": 0.5,
                "SOCKET_TIMEOUT": 0.5,
            },
        }
    }
    DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "OPTIONS": {"MAX_ENTRIES": 5000},
        }
    }
# Rows most requests read (moderation settings, discussion settings, sanctions, the spam
# model's version: comments.row_cache) and sessions are read through the cache only when it is
# shared by every process: a process's own memory would miss another process's changes.
TRIBUNE_ROW_CACHE = bool(REDIS_URL)
# An article's outline for anonymous readers (comments.discussion_outline: its count and its
# threads' sizes) is kept under the article's version token, replaced on every change; only
# in a shared cache, for the same reason.
TRIBUNE_OUTLINE_CACHE = TRIBUNE_ROW_CACHE
if REDIS_URL:
    SESSION_ENGINE = "config.sessions"
# How long Django keeps an article's shared copy (it is replaced as soon as anything on the
# page changes), and the s-maxage a proxy such as the shipped nginx may keep it.
TRIBUNE_PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", str(24 * 3600)))
TRIBUNE_SHARED_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SHARED_SECONDS", "2"))
# A proxy or CDN that Wagtail purges when a page or its discussion changes, e.g. nginx with
# the cache-purge module: FRONTEND_CACHE_PURGE_URL=http://127.0.0.1:8080
if os.environ.get("FRONTEND_CACHE_PURGE_URL"):
    WAGTAILFRONTENDCACHE = {
        "default": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": os.environ["FRONTEND_CACHE_PURGE_URL"],
        }
    }

WAGTAIL_SITE_NAME = os.environ.get("SITE_NAME", "Tribune")
WAGTAILADMIN_BASE_URL = os.environ.get("BASE_URL", "http://127.0.0.1:8000")
# Staff avatars come from Gravatar only if the site opts in (a third-party request from the
# admin): set WAGTAIL_GRAVATAR_PROVIDER_URL, e.g. "//www.gravatar.com/avatar".
WAGTAIL_GRAVATAR_PROVIDER_URL = os.environ.get("WAGTAIL_GRAVATAR_PROVIDER_URL") or None
# Wagtail's database backend picks PostgreSQL full-text search on PostgreSQL and its portable
# implementation on SQLite.
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "key", "odt", "pdf", "pptx", "rtf", "txt", "xlsx", "zip"]

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Tribune <comments@localhost>")

# Public pages that need a reader send them to the readers' sign-in, never to the Wagtail
# admin's login (which keeps its own, WAGTAILADMIN_LOGIN_URL).
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "readers-home"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
ACCOUNT_ADAPTER = "comments.readers.adapter.ReaderAccountAdapter"
ACCOUNT_FORMS = {"login": "comments.readers.account_forms.ReaderLoginForm"}
ACCOUNT_LOGIN_METHODS = {"email", "username"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "username*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
# A new address replaces the old one only once it is verified.
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_LOGOUT_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
# Links in account emails use the scheme of the public base URL (other emails use BASE_URL).
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https" if WAGTAILADMIN_BASE_URL.startswith("https") else "http"
ACCOUNT_EMAIL_SUBJECT_PREFIX = f"[{os.environ.get('SITE_NAME', 'Tribune')}] "
ACCOUNT_RATE_LIMITS = {"login_failed": "10/m/ip,5/5m/key"}
# Readers' own comments: how long after posting they may edit one (the site setting's
# default; Settings > Reader accounts), and how long IP addresses and user agents are kept.
TRIBUNE_EDIT_WINDOW_MINUTES = int(os.environ.get("COMMENT_EDIT_MINUTES", "10"))
TRIBUNE_RETENTION_DAYS = int(os.environ.get("COMMENT_RETENTION_DAYS", "90"))
# How long a guest's "erase my comments" or "download my data" link works, in seconds.
TRIBUNE_PRIVACY_LINK_MAX_AGE = int(os.environ.get("PRIVACY_LINK_MAX_AGE", str(24 * 3600)))
# The signed cookie that lists a guest's own comments (comments.own_comments); requests that
# carry it bypass the shared page cache (and nginx's: deploy/nginx/tribune.conf names it too).
TRIBUNE_OWN_COMMENTS_COOKIE = "tribune_own"
# How long a browser that confirmed an address is not asked to confirm it again.
TRIBUNE_REMEMBERED_EMAIL_DAYS = int(os.environ.get("REMEMBERED_EMAIL_DAYS", "180"))
# Reports from anonymous readers: at most this many per address per hour.
TRIBUNE_GUEST_REPORTS_PER_HOUR = int(os.environ.get("GUEST_REPORTS_PER_HOUR", "10"))

# Comments: django-comments-xtd with Tribune's own model and form (xtd's example/custom pattern).
COMMENTS_APP = "django_comments_xtd"
COMMENTS_XTD_MODEL = "comments.models.TribuneComment"
COMMENTS_XTD_FORM_CLASS = "comments.forms.TribuneCommentForm"
COMMENTS_XTD_CONFIRM_EMAIL = env_bool("COMMENTS_XTD_CONFIRM_EMAIL", True)
# Pingbacks and trackbacks (imported from WordPress) are kept but hidden from readers.
COMMENTS_SHOW_PINGBACKS = env_bool("COMMENTS_SHOW_PINGBACKS", False)
COMMENTS_XTD_FROM_EMAIL = DEFAULT_FROM_EMAIL
COMMENTS_XTD_CONTACT_EMAIL = DEFAULT_FROM_EMAIL
COMMENTS_XTD_SALT = b"tribune.comments"
COMMENTS_XTD_THREADED_EMAILS = False
# Only xtd's own (unmounted) views read this; Tribune takes reply depth from the moderation
# policy in the Wagtail admin (Settings > Comment moderation) and the article's Comments tab.
COMMENTS_XTD_MAX_THREAD_LEVEL = 3
COMMENTS_XTD_LIST_ORDER = ("thread_id", "order")
# Longest comment accepted, in characters (django-contrib-comments' own COMMENT_MAX_LENGTH
# is left at its default: changing it would alter that app's migrations).
TRIBUNE_COMMENT_MAX_LENGTH = int(os.environ.get("COMMENT_MAX_LENGTH", "10000"))
# Commenters' avatars: "local" (initials on a colour from a keyed hash; no outside request) or
# "gravatar" (readers' browsers fetch gravatar.com images by a SHA-256 digest of the address).
TRIBUNE_AVATARS = os.environ.get("AVATARS", "local")
# Seconds a comment form stays valid after rendering (django-contrib-comments' timestamp check).
COMMENTS_TIMEOUT = 2 * 60 * 60
# How queued emails leave: "tasks" (a task queued with the email, run by `manage.py db_worker`;
# production's default), "thread" (in the background after each request), "inline" (before
# the response; tests) or "worker" (only `manage.py deliver_email --loop`). Whatever is due and
# unsent is swept by `manage.py run_scheduler` (or `manage.py deliver_email` from cron).
TRIBUNE_EMAIL_DELIVERY = os.environ.get("EMAIL_DELIVERY", "thread")
# Models whose objects accept comments ("app_label.model_name").
TRIBUNE_COMMENT_TARGETS = ["blog.blogpage"]
# How long an anonymous commenter's confirmation link stays valid, in seconds.
TRIBUNE_CONFIRMATION_MAX_AGE = int(
    os.environ.get("COMMENTS_CONFIRMATION_MAX_AGE", str(3 * 24 * 3600))
)
# How long the "stop these emails" link in a follow-up email keeps working, in seconds.
# The learned spam score stays off until moderators have approved and marked as spam at least
# this many comments each (manage.py train_spam_model refuses to train before then).
TRIBUNE_SPAM_MODEL_MIN_EACH = int(os.environ.get("SPAM_MODEL_MIN_EACH", "200"))
TRIBUNE_MUTE_LINK_MAX_AGE = int(os.environ.get("COMMENTS_MUTE_LINK_MAX_AGE", str(180 * 24 * 3600)))
# The largest request body a public page accepts, Django's own limit for form data by default, so
# a comment over the length limit still comes back with its text; file uploads are never taken
# there. The admin keeps Django's limits for uploads.
TRIBUNE_PUBLIC_MAX_BODY = int(os.environ.get("PUBLIC_MAX_BODY_BYTES", str(2_621_440)))

# Background work (Django's tasks API through the django-tasks backport): a database queue
# that `manage.py db_worker` runs. Tests run tasks immediately (config.settings.test).
TASKS = {
    "default": {
        "BACKEND": os.environ.get("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}
# /readyz: a task due for longer than this (seconds) means the worker is down or behind;
# READYZ_OPTIONAL lists checks reported without making the instance unready.
# The hour (site time zone) at which `manage.py run_scheduler` queues the moderation digest.
TRIBUNE_DIGEST_HOUR = int(os.environ.get("DIGEST_HOUR", "7"))
TRIBUNE_WORKER_MAX_LAG = int(os.environ.get("WORKER_MAX_LAG", "120"))
TRIBUNE_READYZ_OPTIONAL = env_list("READYZ_OPTIONAL")

# Logs go to stdout: JSON lines with the request id (LOG_FORMAT=json, production's default)
# or plain text.
LOG_FORMAT = os.environ.get("LOG_FORMAT", "text")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {"()": "config.jsonlog.JsonFormatter"},
        "text": {"format": "%(levelname)s %(name)s: %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "formatter": "json" if LOG_FORMAT == "json" else "text",
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # Task queue and page-action chatter would drown out what matters.
        "django_tasks": {"level": "WARNING"},
        "django_tasks_db": {"level": "WARNING"},
        "wagtail": {"level": "WARNING"},
    },
}

"""Tribune on several servers, built for the cluster test: PostgreSQL primary and streaming
replica, Redis, two gunicorn instances (A and B) behind Debian's nginx as a round-robin
balancer, the task worker, the scheduler and an SMTP sink. Loopback only, free ports.
"""

from __future__ import annotations

import json
import re
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path

from system_tests.cluster import ManagedCommand, Redis, SmtpSink, StreamingReplica
from system_tests.net import Response
from system_tests.nginx import Nginx
from system_tests.postgres import ThrowawayCluster, connect, database_url
from system_tests.reader import Reader, comment_fields
from system_tests.webserver import PROJECT_DIR, Gunicorn, manage, server_env

DATABASE = "tribune_cluster"
HOLD_WORD = "pleasehold"
FLOOD_LIMIT = 3

SETUP_SNIPPET = f"""
import json
from django.contrib.auth.models import Group, User
from blog.tests.factories import BlogPageFactory
from comments.tests.helpers import set_policy
set_policy(premoderate_new_commenters=False, min_seconds_to_submit=0,
           flood_max_comments={FLOOD_LIMIT}, flood_window_minutes=60,
           moderation_words="{HOLD_WORD}")
moderator = User.objects.create_user("mod", "mod@example.com", "pw")
moderator.groups.add(Group.objects.get(name="Moderators"))
page = BlogPageFactory()
print("ARTICLE " + json.dumps({{"pk": page.pk, "url": page.url}}))
"""


@dataclass
class Client(Reader):
    """A reader at one address (A, B or the balancer), seen by Django as `forwarded_for`
    (the trusted proxy's X-Forwarded-For: nginx appends its own hop, which is trusted)."""

    forwarded_for: str = ""

    def _headers(self) -> dict:
        headers = super()._headers()
        if self.forwarded_for:
            headers["X-Forwarded-For"] = self.forwarded_for
        return headers

    def at(self, base_url: str) -> Client:
        """The same reader (same cookie jar) talking to another address."""
        return Client(base_url, self.cookies, self.user_agent, self.forwarded_for)

    def post_comment(self, article_url: str, text: str, email: str) -> Response:
        fields = comment_fields(self.comment_form(article_url), text, email)
        return self.post("/comments/post/", fields)


class Site:
    """Everything started in order; close() stops it all, whatever was started."""

    def __init__(self, pg_bin: Path, workdir: Path):
        self._stack = ExitStack()
        try:
            self._start(pg_bin, Path(workdir))
        except BaseException:
            self._stack.close()
            raise

    def _start(self, pg_bin: Path, workdir: Path) -> None:
        stack = self._stack
        self.primary = ThrowawayCluster(pg_bin)
        stack.callback(self.primary.destroy)
        self.primary.start()
        with connect(self.primary.server, "postgres", autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{DATABASE}"')
        self.replica = StreamingReplica(self.primary)
        stack.callback(self.replica.destroy)
        self.replica.start()
        self.redis = Redis()
        stack.callback(self.redis.stop)
        self.smtp = SmtpSink()
        stack.callback(self.smtp.stop)
        self.env = server_env(
            database_url(self.primary.server, DATABASE),
            DATABASE_REPLICA_URL=database_url(self.replica.server, DATABASE),
            REDIS_URL=self.redis.url,
            EMAIL_DELIVERY="tasks",
            EMAIL_PORT=self.smtp.port,
            TRUSTED_PROXIES="127.0.0.1",
            # Django's shared copies are under test here, not nginx's 2-second micro-cache.
            PAGE_CACHE_SHARED_SECONDS=0,
            # A paused replica stays "usable": what readers see must then come from routing.
            REPLICA_MAX_LAG=300,
            REPLICA_RETRY_SECONDS=1,
            WORKER_MAX_LAG=2,
            LOG_FORMAT="json",
            GUNICORN_WORKERS=2,
            GUNICORN_THREADS=2,
        )
        manage(self.env, "migrate", "--noinput", timeout=300)
        out = manage(self.env, "shell", "-c", SETUP_SNIPPET)
        line = next(line for line in out.splitlines() if line.startswith("ARTICLE "))
        self.article = json.loads(line.removeprefix("ARTICLE "))
        self.listing = self.article["url"].rstrip("/").rsplit("/", 1)[0] + "/"  # its blog index
        config = PROJECT_DIR / "deploy" / "gunicorn.conf.py"
        self.a = Gunicorn(self.env, workdir, workers=2, threads=2, config_file=config)
        stack.callback(self.a.stop)
        self.b = Gunicorn(self.env, workdir, workers=2, threads=2, config_file=config)
        stack.callback(self.b.stop)
        self.worker = ManagedCommand(
            self.env, workdir, "db_worker", "--interval=0.3", "--no-startup-delay"
        )
        stack.callback(self.worker.stop)
        self.scheduler = ManagedCommand(self.env, workdir, "run_scheduler", "--interval=2")
        stack.callback(self.scheduler.stop)
        upstreams = [self.a.base_url.removeprefix("http://"), self.b.base_url[7:]]
        self.nginx = Nginx(upstreams, workdir / "nginx", PROJECT_DIR / "static")
        stack.callback(self.nginx.stop)
        self.balancer = self.nginx.base_url

    def close(self) -> None:
        self._stack.close()

    # What the database holds, read from the primary.

    def query(self, sql: str, *params) -> list[tuple]:
        with connect(self.primary.server, DATABASE) as conn:
            return conn.execute(sql, params).fetchall()

    def comment_ids(self, text_like: str) -> list[int]:
        rows = self.query("SELECT id FROM django_comments WHERE comment LIKE %s", text_like)
        return sorted(row[0] for row in rows)

    def replica_transactions(self) -> int:
        """Transactions the replica has run in Tribune's database (asked from another one)."""
        with connect(self.replica.server, "postgres", autocommit=True) as conn:
            conn.execute("SELECT pg_stat_clear_snapshot()")
            row = conn.execute(
                "SELECT xact_commit + xact_rollback FROM pg_stat_database WHERE datname = %s",
                (DATABASE,),
            ).fetchone()
        return int(row[0])

    def replica_sql(self, sql: str) -> None:
        with connect(self.replica.server, "postgres", autocommit=True) as conn:
            conn.execute(sql)


def listed_comment_count(body: str) -> int:
    """The comment count the blog index shows for the (only) article."""
    match = re.search(r"(\d+) comments?</a>|No comments yet", body)
    assert match, "the blog index shows no comment count"
    return int(match.group(1) or 0)

"""The site under test: manage.py commands and gunicorn serving config.wsgi with
system_tests.server_settings, each in processes of their own.

Standard library only (psycopg aside), no Django: spawned client processes import it too.
"""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

from system_tests.net import free_port, request

PROJECT_DIR = Path(__file__).resolve().parents[1]
SERVER_SETTINGS = "system_tests.server_settings"


def server_env(database: str, **overrides) -> dict:
    """The environment of a manage.py command or a gunicorn server for the tests."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "PYTEST_", "COMMENTS_", "EMAIL_", "DB_"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE=SERVER_SETTINGS,
        DATABASE_URL=database,
        COMMENTS_XTD_CONFIRM_EMAIL="0",
        EMAIL_DELIVERY="thread",
        EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
        EMAIL_HOST="127.0.0.1",
        EMAIL_PORT=str(free_port()),  # nothing listens there: the mail server is down
        EMAIL_TIMEOUT="2",
        LOG_LEVEL="WARNING",
        PYTHONUNBUFFERED="1",
    )
    env.update({key: str(value) for key, value in overrides.items()})
    return env


def manage(env: dict, *args: str, timeout: float = 120) -> str:
    """Run manage.py in a subprocess; its output, or an error carrying it."""
    done = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=PROJECT_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    if done.returncode != 0:
        raise RuntimeError(f"manage.py {args[0]} failed:\n{done.stdout}\n{done.stderr}")
    return done.stdout


SETUP_SNIPPET = """
import json
from blog.tests.factories import BlogPageFactory
from comments.tests.helpers import set_policy
set_policy(premoderate_new_commenters=False, min_seconds_to_submit=0, flood_max_comments=0)
pages = [BlogPageFactory() for _ in range({articles})]
print("ARTICLES " + json.dumps([{{"pk": p.pk, "url": p.url}} for p in pages]))
"""


def prepare_site(env: dict, articles: int) -> list[dict]:
    """Migrate the database in env, publish articles, and set a policy that publishes posts."""
    manage(env, "migrate", "--noinput", timeout=180)
    out = manage(env, "shell", "-c", SETUP_SNIPPET.format(articles=articles))
    line = next(line for line in out.splitlines() if line.startswith("ARTICLES "))
    return json.loads(line.removeprefix("ARTICLES "))


class Gunicorn:
    """gunicorn serving config.wsgi with the test server settings, on a free loopback port."""

    def __init__(
        self,
        env: dict,
        log_dir: Path,
        workers: int = 3,
        threads: int = 2,
        config_file: Path | None = None,
    ):
        self.port = free_port()
        self.base_url = f"http://127.0.0.1:{self.port}"
        self.log_path = Path(log_dir) / f"gunicorn-{self.port}.log"
        env = {**env, "BASE_URL": self.base_url}
        command = [
            sys.executable,
            "-m",
            "gunicorn",
            *(["--config", str(config_file)] if config_file else []),
            "config.wsgi",
            f"--workers={workers}",
            f"--threads={threads}",
            f"--bind=127.0.0.1:{self.port}",
            "--timeout=60",
            "--graceful-timeout=5",
            "--no-control-socket",  # gunicorn 23+ would share ~/.gunicorn/gunicorn.ctl
            "--access-logfile=-",
            "--access-logformat=%(s)s %(m)s %(U)s %(L)ss",
        ]
        self._log = open(self.log_path, "w")  # noqa: SIM115 (closed in stop())
        self.process = subprocess.Popen(
            command,
            cwd=PROJECT_DIR,
            env=env,
            stdout=self._log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        self._wait_until_serving()

    def _wait_until_serving(self, seconds: float = 40) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited early:\n{self.log()}")
            try:
                request("GET", self.base_url, "/", timeout=5)
                return
            except OSError:
                time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"gunicorn did not answer within {seconds}s:\n{self.log()}")

    def log(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    def errors(self) -> str:
        """What gunicorn and Django logged, without the access log lines."""
        return "\n".join(
            line for line in self.log().splitlines() if not re.match(r"^\d{3} [A-Z]+ /", line)
        )

    def booted_workers(self) -> int:
        return self.log().count("Booting worker")

    def kill(self) -> None:
        """Die at once, as a crashed machine would: no request is finished."""
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)
        self._log.close()

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=10)
        self._log.close()

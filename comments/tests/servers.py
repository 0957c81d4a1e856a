"""Real servers for the load and outage tests: databases, a throwaway PostgreSQL cluster,
gunicorn, and a reader that posts the real comment form over HTTP.

Nothing here imports Django: client processes (spawned) import this module too, and the
servers run in their own processes with comments.tests.server_settings.
"""

from __future__ import annotations

import html
import http.client
import json
import multiprocessing
import os
import queue
import random
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode, urlsplit

PROJECT_DIR = Path(__file__).resolve().parents[2]
SERVER_SETTINGS = "comments.tests.server_settings"
DEPTH_LIMIT = 3  # the moderation policy's default max_thread_depth, which the tests keep


def postgres_bin() -> Path | None:
    """The directory of initdb and pg_ctl: TRIBUNE_PG_BIN, else the newest Debian install."""
    if os.environ.get("TRIBUNE_PG_BIN"):
        return Path(os.environ["TRIBUNE_PG_BIN"])
    installed = sorted(
        Path("/usr/lib/postgresql").glob("*/bin/initdb"),
        key=lambda p: int(p.parts[-3]) if p.parts[-3].isdigit() else 0,
    )
    if installed:
        return installed[-1].parent
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


def free_port() -> int:
    """A TCP port on the loopback interface that nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def postgres_from_env() -> dict | None:
    """Host, port, user and password of the PostgreSQL server in DATABASE_URL, if it is one."""
    url = urlsplit(os.environ.get("DATABASE_URL", ""))
    if url.scheme not in {"postgres", "postgresql", "pgsql", "postgis"}:
        return None
    return {
        "host": url.hostname or "127.0.0.1",
        "port": url.port or 5432,
        "user": url.username or "postgres",
        "password": url.password or "",
    }


def database_url(server: dict, name: str) -> str:
    auth = server["user"] + (f":{server['password']}" if server["password"] else "")
    return f"postgres://{auth}@{server['host']}:{server['port']}/{name}"


def connect(server: dict, name: str, **kwargs):
    import psycopg

    return psycopg.connect(
        host=server["host"],
        port=server["port"],
        user=server["user"],
        password=server["password"] or None,
        dbname=name,
        connect_timeout=10,
        **kwargs,
    )


def create_database(server: dict, prefix: str = "tribune_load") -> str:
    name = f"{prefix}_{secrets.token_hex(4)}"
    with connect(server, "postgres", autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return name


def drop_database(server: dict, name: str) -> None:
    with connect(server, "postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


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

    def __init__(self, env: dict, log_dir: Path, workers: int = 3, threads: int = 2):
        self.port = free_port()
        self.base_url = f"http://127.0.0.1:{self.port}"
        self.log_path = Path(log_dir) / f"gunicorn-{self.port}.log"
        env = {**env, "BASE_URL": self.base_url}
        command = [
            sys.executable,
            "-m",
            "gunicorn",
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

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=10)
        self._log.close()


class ThrowawayCluster:
    """A PostgreSQL cluster of its own in a temporary directory, on a free port.

    initdb and pg_ctl refuse to run as root, so as root they run as the postgres OS user.
    """

    def __init__(self, bin_dir: Path):
        self.bin = Path(bin_dir)
        self.port = free_port()
        self.dir = Path(tempfile.mkdtemp(prefix="tribune-pg-"))
        self.data = self.dir / "data"
        self.logfile = self.dir / "postgres.log"
        self.server = {"host": "127.0.0.1", "port": self.port, "user": "postgres", "password": ""}
        self._as_postgres: list[str] = []
        if os.geteuid() == 0:
            shutil.chown(self.dir, user="postgres", group="postgres")
            self._as_postgres = [shutil.which("runuser") or "runuser", "-u", "postgres", "--"]
        try:
            self._run(
                str(self.bin / "initdb"),
                "-D",
                str(self.data),
                "-A",
                "trust",
                "-U",
                "postgres",
                "--no-sync",
                timeout=120,
            )
        except BaseException:
            shutil.rmtree(self.dir, ignore_errors=True)
            raise

    def _run(self, *command: str, timeout: float = 60) -> None:
        done = subprocess.run(
            [*self._as_postgres, *command], capture_output=True, text=True, timeout=timeout
        )
        if done.returncode != 0:
            raise RuntimeError(f"{command[0]} failed:\n{done.stdout}\n{done.stderr}")

    def start(self) -> None:
        options = (
            f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 "
            "-c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=60"
        )
        self._run(
            str(self.bin / "pg_ctl"),
            "-D",
            str(self.data),
            "-l",
            str(self.logfile),
            "-o",
            options,
            "-w",
            "-t",
            "60",
            "start",
            timeout=90,
        )

    def stop(self, mode: str = "fast") -> None:
        self._run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", mode, "-w", "stop")

    def is_running(self) -> bool:
        return (self.data / "postmaster.pid").exists()

    def destroy(self) -> None:
        try:
            if self.is_running():
                self.stop("immediate")
        finally:
            shutil.rmtree(self.dir, ignore_errors=True)


# The client side: plain HTTP, as a browser without JavaScript would talk to the site.


@dataclass
class Response:
    status: int
    headers: dict
    body: str
    started: float
    elapsed: float

    @property
    def location(self) -> str:
        return self.headers.get("location", "")


def request(
    method: str,
    base_url: str,
    path: str,
    body: bytes | None = None,
    headers: dict | None = None,
    timeout: float = 20,
) -> Response:
    """One HTTP request on a fresh connection (no retries, bounded by `timeout`)."""
    url = urlsplit(base_url)
    connection = http.client.HTTPConnection(url.hostname, url.port, timeout=timeout)
    started = time.time()
    try:
        connection.request(method, path, body=body, headers=headers or {})
        raw = connection.getresponse()
        text = raw.read().decode("utf-8", "replace")
        headers_out = {}
        for name, value in raw.getheaders():
            name = name.lower()
            headers_out[name] = f"{headers_out[name]}\n{value}" if name in headers_out else value
        return Response(raw.status, headers_out, text, started, time.time() - started)
    finally:
        connection.close()


HIDDEN_INPUT = re.compile(r'<input type="hidden" name="([^"]+)" value="([^"]*)"')


@dataclass
class Reader:
    """A reader with a cookie jar who reads an article and posts its comment form."""

    base_url: str
    cookies: dict = field(default_factory=dict)
    user_agent: str = "Mozilla/5.0 (Tribune load test)"

    def _headers(self) -> dict:
        headers = {"User-Agent": self.user_agent}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        return headers

    def _keep_cookies(self, response: Response) -> None:
        for line in response.headers.get("set-cookie", "").splitlines():
            name, _, value = line.split(";", 1)[0].partition("=")
            if name.strip():
                self.cookies[name.strip()] = value.strip()

    def get(self, path: str, timeout: float = 20) -> Response:
        response = request("GET", self.base_url, path, headers=self._headers(), timeout=timeout)
        self._keep_cookies(response)
        return response

    def post(self, path: str, fields: dict, timeout: float = 20) -> Response:
        headers = {**self._headers(), "Content-Type": "application/x-www-form-urlencoded"}
        body = urlencode(fields).encode()
        response = request("POST", self.base_url, path, body, headers, timeout)
        self._keep_cookies(response)
        return response

    def comment_form(self, article_url: str) -> dict:
        """The hidden fields of the article's comment form (CSRF token, security hash)."""
        page = self.get(article_url)
        if page.status != 200:
            raise RuntimeError(f"GET {article_url} answered {page.status}")
        form = page.body.split('id="comment-form"', 1)[1].split("</form>", 1)[0]
        return {name: html.unescape(value) for name, value in HIDDEN_INPUT.findall(form)}


def comment_fields(form: dict, text: str, email: str, reply_to: int = 0, **extra) -> dict:
    """The POST body of the comment form: its hidden fields plus what the reader typed."""
    return {
        **form,
        "name": email.split("@")[0].title(),
        "email": email,
        "url": "",
        "comment": text,
        "reply_to": str(reply_to),
        "honeypot": "",
        **extra,
    }


def posted_id(response: Response) -> int | None:
    """The id of the published comment a successful post redirects to (…#c<id>)."""
    match = re.search(r"#c(\d+)$", response.location)
    return int(match.group(1)) if match else None


# Reading the stored comments back, straight from PostgreSQL.

COMMENTS_SQL = """
SELECT c.id, c.comment, c.object_pk, x.thread_id, x.parent_id, x.level, t.thread_path,
       x.nested_count, t.status,
       (SELECT count(*) FROM comments_moderationdecision d WHERE d.comment_id = c.id)
FROM django_comments c
LEFT JOIN django_comments_xtd_xtdcomment x ON x.comment_ptr_id = c.id
LEFT JOIN comments_tribunecomment t ON t.xtdcomment_ptr_id = c.id
ORDER BY c.id
"""


@dataclass
class StoredComment:
    id: int
    text: str
    object_pk: str
    thread_id: int | None
    parent_id: int | None
    level: int | None
    path: str | None
    nested_count: int | None
    status: str | None
    decisions: int


def stored_comments(conn) -> list[StoredComment]:
    return [StoredComment(*row) for row in conn.execute(COMMENTS_SQL).fetchall()]


def thread_problems(comments: list[StoredComment], depth_limit: int = DEPTH_LIMIT) -> list[str]:
    """Every way in which the stored threads are inconsistent (an empty list when none).

    Checks: paths are distinct within a thread; a reply's path extends its parent's; a preorder
    walk by path meets each comment inside its parent's subtree; nested_count is the real
    number of descendants; level is the parent's level + 1 and within the depth limit.
    """
    problems: list[str] = []
    by_id = {c.id: c for c in comments}
    threads: dict[int, list[StoredComment]] = {}
    for c in comments:
        if c.thread_id is None:
            problems.append(f"comment {c.id} has no xtd row (half-written)")
            continue
        threads.setdefault(c.thread_id, []).append(c)

    for thread_id, members in threads.items():
        root = by_id.get(thread_id)
        if root is None or root.parent_id != root.id or root.level != 0:
            problems.append(f"thread {thread_id}: its root is missing or not a root")
        paths = [c.path for c in members]
        if None in paths or len(set(paths)) != len(members):
            problems.append(f"thread {thread_id}: paths {sorted(map(str, paths))} not distinct")
        # Preorder walk: the stack holds the path from the root to the previous comment.
        stack: list[int] = []
        for c in sorted(members, key=lambda c: c.path or ""):
            if c.parent_id == c.id:
                if stack:
                    problems.append(f"thread {thread_id}: a second root {c.id}")
                stack = [c.id]
                continue
            while stack and stack[-1] != c.parent_id:
                stack.pop()
            if not stack:
                problems.append(
                    f"thread {thread_id}: comment {c.id} (path {c.path}) is not inside the "
                    f"subtree of its parent {c.parent_id}"
                )
                stack = [c.id]
                continue
            stack.append(c.id)

    children: dict[int, list[int]] = {}
    for c in comments:
        if c.parent_id is not None and c.parent_id != c.id:
            children.setdefault(c.parent_id, []).append(c.id)

    def descendants(comment_id: int) -> int:
        pending, count = list(children.get(comment_id, [])), 0
        while pending:
            count += 1
            pending.extend(children.get(pending.pop(), []))
        return count

    for c in comments:
        if c.thread_id is None:
            continue
        if c.nested_count != descendants(c.id):
            problems.append(
                f"comment {c.id}: nested_count {c.nested_count}, real descendants "
                f"{descendants(c.id)}"
            )
        if c.parent_id == c.id:
            continue
        parent = by_id.get(c.parent_id)
        if parent is None:
            problems.append(f"comment {c.id}: parent {c.parent_id} does not exist")
            continue
        if parent.thread_id != c.thread_id:
            problems.append(f"comment {c.id}: thread {c.thread_id}, parent's {parent.thread_id}")
        if not (c.path or "").startswith(parent.path or "-") or c.path == parent.path:
            problems.append(f"comment {c.id}: path {c.path} not below parent's {parent.path}")
        if c.level != parent.level + 1:
            problems.append(f"comment {c.id}: level {c.level}, parent's level {parent.level}")
        if c.level > depth_limit:
            problems.append(f"comment {c.id}: level {c.level} above the limit {depth_limit}")
    return problems


# Client processes: each runs one of the loops below and hands back a list of plain records.


def _report(results, index: int, target: Callable, args: tuple) -> None:
    try:
        results.put((index, True, target(*args)))
    except BaseException:
        results.put((index, False, traceback.format_exc()))


class ClientProcesses:
    """Client loops in separate (spawned) processes, each given its own arguments."""

    def __init__(self, target: Callable, args_list: list[tuple]):
        self.context = multiprocessing.get_context("spawn")
        self.queue = self.context.Queue()
        self.processes = [
            self.context.Process(target=_report, args=(self.queue, i, target, args), daemon=True)
            for i, args in enumerate(args_list)
        ]
        for process in self.processes:
            process.start()

    def results(self, timeout: float) -> list:
        """Every client's records, in client order; raises if a client failed or hung."""
        collected: dict[int, tuple[bool, object]] = {}
        deadline = time.monotonic() + timeout
        while len(collected) < len(self.processes) and time.monotonic() < deadline:
            try:
                index, ok, value = self.queue.get(timeout=1)
            except queue.Empty:
                if not any(p.is_alive() for p in self.processes) and self.queue.empty():
                    break
                continue
            collected[index] = (ok, value)
        self.stop()
        failures = [str(v) for ok, v in collected.values() if not ok]
        missing = len(self.processes) - len(collected)
        if failures or missing:
            raise RuntimeError(
                f"{missing} client(s) did not report; failures:\n" + "\n".join(failures)
            )
        return [collected[i][1] for i in range(len(self.processes))]

    def stop(self) -> None:
        for process in self.processes:
            process.join(timeout=5)
            if process.is_alive():
                process.terminate()
                process.join(timeout=5)


def _record(kind: str, text: str, response: Response | None, error: str = "") -> dict:
    if response is None:
        return {
            "kind": kind,
            "text": text,
            "status": 0,
            "error": error,
            "started": time.time(),
            "elapsed": 0.0,
            "location": "",
            "id": None,
            "text_in_body": False,
            "retry_after": "",
        }
    return {
        "kind": kind,
        "text": text,
        "status": response.status,
        "error": error,
        "started": response.started,
        "elapsed": response.elapsed,
        "location": response.location,
        "id": posted_id(response),
        "text_in_body": bool(text) and html.escape(text) in response.body,
        "retry_after": response.headers.get("retry-after", ""),
    }


def post_and_record(reader: Reader, fields: dict, timeout: float = 20) -> dict:
    try:
        response = reader.post("/comments/post/", fields, timeout=timeout)
    except OSError as exc:
        return _record("post", fields["comment"], None, repr(exc))
    return _record("post", fields["comment"], response)


def get_and_record(reader: Reader, path: str, timeout: float = 20) -> dict:
    try:
        return _record("get", "", reader.get(path, timeout=timeout))
    except OSError as exc:
        return _record("get", "", None, repr(exc))


def confirm_and_record(reader: Reader, path: str, timeout: float = 20) -> dict:
    """Press Confirm on a confirmation page (the link itself only shows the button)."""
    try:
        return _record("post", "", reader.post(path, {}, timeout=timeout))
    except OSError as exc:
        return _record("post", "", None, repr(exc))


def load_client(
    base_url: str,
    article_url: str,
    index: int,
    run: str,
    seeds: list[tuple[int, int]],
    posts: int,
    seconds: float,
    followup: bool,
) -> list[dict]:
    """Post `posts` comments (within `seconds`): mostly replies to the shared seed threads and
    to this client's own replies, some new threads; read the article now and then."""
    rng = random.Random(f"{run}-{index}")
    reader = Reader(base_url)
    form = reader.comment_form(article_url)
    known = list(seeds)  # (comment id, level)
    email = f"client{index}@example.com"
    extra = {"followup": "on"} if followup else {}
    records = []
    deadline = time.monotonic() + seconds
    for seq in range(posts):
        if time.monotonic() > deadline:
            break
        if seq % 10 == 9:
            records.append(get_and_record(reader, article_url))
        open_to_reply = [k for k in known if k[1] < DEPTH_LIMIT]
        parent_id, parent_level = (
            (0, -1) if rng.random() < 0.06 or not open_to_reply else rng.choice(open_to_reply)
        )
        text = f"load {run} client {index} post {seq} replying to {parent_id or 'the article'}"
        record = post_and_record(reader, comment_fields(form, text, email, parent_id, **extra))
        record["parent"] = parent_id
        records.append(record)
        if record["status"] == 302 and record["id"]:
            known.append((record["id"], parent_level + 1))
    return records


def same_body_client(
    base_url: str, cookies: dict, bodies: list[dict], barrier, timeout: float
) -> list[dict]:
    """Post each body at the same moment as the other clients (a double click, many times)."""
    records = []
    for fields in bodies:
        barrier.wait(timeout=timeout)
        records.append(post_and_record(Reader(base_url, cookies=dict(cookies)), fields))
    return records


def same_link_client(base_url: str, paths: list[str], barrier, timeout: float) -> list[dict]:
    """Open each link at the same moment as the other clients."""
    records = []
    for path in paths:
        barrier.wait(timeout=timeout)
        records.append(confirm_and_record(Reader(base_url), path))
    return records


def steady_client(
    base_url: str,
    article_url: str,
    index: int,
    run: str,
    seeds: list[int],
    ready,
    stop,
    max_requests: int,
    seconds: float,
    pause: float,
) -> list[dict]:
    """Post (and now and then read) until told to stop: the readers of the outage test."""
    rng = random.Random(f"{run}-{index}")
    reader = Reader(base_url)
    form = reader.comment_form(article_url)
    email = f"steady{index}@example.com"
    ready.wait(timeout=60)
    records = []
    deadline = time.monotonic() + seconds
    for seq in range(max_requests):
        if stop.is_set() or time.monotonic() > deadline:
            break
        if seq % 5 == 4:
            records.append(get_and_record(reader, article_url, timeout=15))
        else:
            parent = 0 if rng.random() < 0.2 else rng.choice(seeds)
            text = f"steady {run} client {index} request {seq} to {parent or 'the article'}"
            records.append(
                post_and_record(reader, comment_fields(form, text, email, parent), timeout=15)
            )
        time.sleep(pause)
    return records

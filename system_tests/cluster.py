"""The parts of a several-server Tribune for the cluster test: a throwaway Redis, a streaming
replica of a throwaway PostgreSQL cluster, an SMTP sink, and manage.py workers.

Standard library only (psycopg aside), no Django. Everything listens on 127.0.0.1.
"""

from __future__ import annotations

import email
import os
import shutil
import signal
import socket
import socketserver
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from system_tests.net import free_port
from system_tests.postgres import ThrowawayCluster

PROJECT_DIR = Path(__file__).resolve().parents[1]


def wait_for_port(port: int, seconds: float = 20) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"nothing listens on 127.0.0.1:{port} after {seconds}s")


class Redis:
    """redis-server on a free port, nothing saved; stop() and start() again on the same port."""

    def __init__(self):
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process: subprocess.Popen | None = None
        self.start()

    def start(self) -> None:
        binary = shutil.which("redis-server") or "redis-server"
        options = ["--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]
        self.process = subprocess.Popen(
            [binary, "--port", str(self.port), *options],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        wait_for_port(self.port)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)


class StreamingReplica(ThrowawayCluster):
    """A hot standby of `primary`, copied with `pg_basebackup -R` (so it streams from it)."""

    def __init__(self, primary: ThrowawayCluster):
        # Not super().__init__(): that would initdb; the data directory is a base backup.
        self.bin = primary.bin
        self.port = free_port()
        self.dir = Path(tempfile.mkdtemp(prefix="tribune-pg-replica-"))
        self.data = self.dir / "data"
        self.logfile = self.dir / "postgres.log"
        self.server = {"host": "127.0.0.1", "port": self.port, "user": "postgres", "password": ""}
        self._as_postgres = primary._as_postgres
        if self._as_postgres:
            shutil.chown(self.dir, user="postgres", group="postgres")
        try:
            self._run(
                str(self.bin / "pg_basebackup"),
                *("-h", "127.0.0.1", "-p", str(primary.port), "-U", "postgres"),
                *("-D", str(self.data), "-R", "-X", "stream", "-c", "fast", "--no-sync"),
                timeout=120,
            )
        except BaseException:
            shutil.rmtree(self.dir, ignore_errors=True)
            raise


class SmtpSink:
    """A tiny SMTP server that keeps every message it receives (thread-safe list)."""

    def __init__(self):
        self.messages: list[email.message.Message] = []
        self._lock = threading.Lock()
        sink = self

        class Handler(socketserver.StreamRequestHandler):
            def handle(self):
                self.wfile.write(b"220 sink ESMTP\r\n")
                data, lines = False, []
                while line := self.rfile.readline():
                    if data:
                        if line.rstrip(b"\r\n") == b".":
                            sink._keep(b"".join(lines))
                            data, lines = False, []
                            self.wfile.write(b"250 2.0.0 kept\r\n")
                        else:
                            lines.append(line[1:] if line.startswith(b"..") else line)
                        continue
                    verb = line[:4].upper()
                    if verb == b"DATA":
                        data = True
                        self.wfile.write(b"354 go ahead\r\n")
                    elif verb == b"QUIT":
                        self.wfile.write(b"221 bye\r\n")
                        return
                    else:  # EHLO, HELO, MAIL, RCPT, RSET, NOOP
                        self.wfile.write(b"250 ok\r\n")

        self.server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def _keep(self, raw: bytes) -> None:
        with self._lock:
            self.messages.append(email.message_from_bytes(raw))

    def bodies(self) -> list[str]:
        with self._lock:
            return [m.get_payload(decode=True).decode("utf-8", "replace") for m in self.messages]

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


class ManagedCommand:
    """A long-running `manage.py` command (the task worker, the scheduler) in its own process
    group, with its output in a log file."""

    def __init__(self, env: dict, log_dir: Path, *args: str):
        self.env, self.args = env, args
        self.log_path = Path(log_dir) / f"{args[0]}.log"
        self.process: subprocess.Popen | None = None
        self.start()

    def start(self) -> None:
        log = open(self.log_path, "a")  # noqa: SIM115 (the child keeps it; closed here at once)
        self.process = subprocess.Popen(
            [sys.executable, "manage.py", *self.args],
            cwd=PROJECT_DIR,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        log.close()

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=10)

    def log(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

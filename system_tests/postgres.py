"""PostgreSQL for the system tests: the server in DATABASE_URL, databases created and dropped
on it, and throwaway clusters of their own (initdb, a free port, removed afterwards).

Standard library only (psycopg aside), no Django: spawned client processes import it too.
"""

from __future__ import annotations

import os
import secrets
import shutil
import subprocess
import tempfile
from pathlib import Path
from urllib.parse import urlsplit

from system_tests.net import free_port


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

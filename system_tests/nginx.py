"""Debian's nginx running deploy/nginx/tribune.conf on a loopback port, for the system tests.

The shipped site is used as it is, except: its app servers are the ones under test, the TLS
server listens on plain HTTP (no certificate here) and the plain-HTTP redirect goes, and its
folders are temporary ones.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import time
from pathlib import Path

from system_tests.net import free_port

PROJECT_DIR = Path(__file__).resolve().parents[1]
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
CONF = PROJECT_DIR / "deploy" / "nginx" / "tribune.conf"


def nginx_installed() -> bool:
    return Path(NGINX).exists()


def render_site(upstreams: list[str], port: int, workdir: Path, static_dir: Path) -> str:
    """deploy/nginx/tribune.conf for upstreams (host:port), plain HTTP on 127.0.0.1:port."""
    text = CONF.read_text()
    servers = "".join(f"    server {u} max_fails=1 fail_timeout=10s;\n" for u in upstreams)
    text, found = re.subn(
        r"upstream tribune_app \{\n.*?\n\}",
        f"upstream tribune_app {{\n{servers}    keepalive 32;\n}}",
        text,
        flags=re.S,
    )
    assert found == 1, "tribune.conf: no upstream tribune_app block"
    text, found = re.subn(r"# Plain HTTP only redirects.*?\n    \}\n\}\n", "", text, flags=re.S)
    assert found == 1, "tribune.conf: no plain-HTTP redirect server"
    text = re.sub(r"\n\s*listen [^\n]*443[^\n]*;", "", text)
    text = re.sub(r"\n\s*(ssl_[a-z_]+|http2) [^\n]*;", "", text)
    text = text.replace("server_name _;", f"listen 127.0.0.1:{port};\n    server_name _;", 1)
    return (
        text.replace("/var/cache/nginx/tribune", str(workdir / "cache"))
        .replace("/srv/tribune/static_collected/", f"{static_dir}/")
        .replace("/srv/tribune/media/", f"{workdir}/media/")
    )


class Nginx:
    """nginx in the foreground with the rendered site, stopped by stop()."""

    def __init__(self, upstreams: list[str], workdir: Path, static_dir: Path):
        self.dir = Path(workdir)
        self.dir.mkdir(parents=True, exist_ok=True)
        self.port = free_port()
        self.base_url = f"http://127.0.0.1:{self.port}"
        (self.dir / "tribune.conf").write_text(
            render_site(upstreams, self.port, self.dir, static_dir)
        )
        user = "user root;" if os.geteuid() == 0 else ""
        temp = " ".join(
            f"{name}_temp_path {self.dir}/{name};"
            for name in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
        )
        (self.dir / "nginx.conf").write_text(
            f"""{user}
            worker_processes 1;
            pid {self.dir}/nginx.pid;
            error_log {self.dir}/error.log;
            events {{ worker_connections 512; }}
            http {{
                include /etc/nginx/mime.types;
                access_log off;
                {temp}
                include {self.dir}/tribune.conf;
            }}
            """
        )
        command = [NGINX, "-p", str(self.dir), "-c", str(self.dir / "nginx.conf"), "-e", "stderr"]
        subprocess.run([*command, "-t"], check=True, capture_output=True)
        self.process = subprocess.Popen(
            [*command, "-g", "daemon off;"], stderr=subprocess.DEVNULL, start_new_session=True
        )
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
                return
            except OSError:
                time.sleep(0.1)
        self.stop()
        raise RuntimeError("nginx did not start")

    def error_log(self) -> str:
        path = self.dir / "error.log"
        return path.read_text(errors="replace") if path.exists() else ""

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)

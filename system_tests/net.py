"""The network side of the system tests: free loopback ports and one HTTP request at a time.

Standard library only (psycopg aside), no Django: spawned client processes import it too.
"""

from __future__ import annotations

import http.client
import socket
import time
from dataclasses import dataclass
from urllib.parse import urlsplit


def free_port() -> int:
    """A TCP port on the loopback interface that nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


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

"""deploy/gunicorn.conf.py: sizes from the CPU count, JSON access lines, probes left out."""

import importlib.util
import json
import logging
from datetime import timedelta
from pathlib import Path
from types import SimpleNamespace

from django.conf import settings


def load_conf(monkeypatch, **env):
    for name in ("GUNICORN_WORKERS", "GUNICORN_THREADS"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    path = Path(settings.BASE_DIR) / "deploy" / "gunicorn.conf.py"
    spec = importlib.util.spec_from_file_location("tribune_gunicorn_conf", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_workers_follow_the_cpu_count_unless_set(monkeypatch):
    monkeypatch.setattr("multiprocessing.cpu_count", lambda: 4)
    assert load_conf(monkeypatch).workers == 9
    assert load_conf(monkeypatch, GUNICORN_WORKERS="2").workers == 2


def _access_lines(monkeypatch, path: str) -> list[str]:
    conf = load_conf(monkeypatch)
    logger = conf.TribuneLogger.__new__(conf.TribuneLogger)
    lines = []
    handler = logging.Handler()
    handler.emit = lambda record: lines.append(record.getMessage())
    logger.access_log = logging.getLogger(f"test.gunicorn.access.{path}")
    logger.access_log.handlers = [handler]
    logger.access_log.setLevel(logging.INFO)
    response = SimpleNamespace(status_code=503, headers=[("X-Request-ID", "abc123def")], sent=10)
    environ = {"PATH_INFO": path, "REQUEST_METHOD": "GET", "REMOTE_ADDR": "127.0.0.1"}
    logger.access(response, None, environ, timedelta(milliseconds=12))
    return lines


def test_health_probes_are_not_in_the_access_log(monkeypatch):
    assert _access_lines(monkeypatch, "/readyz") == []
    assert _access_lines(monkeypatch, "/healthz") == []


def test_access_lines_are_json_with_the_request_id(monkeypatch):
    [line] = _access_lines(monkeypatch, "/blog/")
    entry = json.loads(line)
    assert entry["request_id"] == "abc123def"
    assert (entry["path"], entry["status"], entry["duration_ms"]) == ("/blog/", 503, 12.0)

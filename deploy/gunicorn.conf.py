"""gunicorn for Tribune: `gunicorn -c deploy/gunicorn.conf.py config.wsgi`.

Every value can be overridden from the environment (GUNICORN_*). Graceful reload: send HUP
(`systemctl reload tribune`) and gunicorn starts new workers on the new code before the old
ones finish their requests; TERM stops after graceful_timeout.
"""

import json
import multiprocessing
import os

from gunicorn.glogging import Logger

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# Page renders wait on PostgreSQL as much as on the CPU: two processes a core, a few threads
# each (threads share a process's database connection pool and page cache).
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2 + 1))
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
worker_class = "gthread"
# A request that takes longer is killed (the worker restarts); nginx gives up a bit earlier.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", "20"))
keepalive = int(os.environ.get("GUNICORN_KEEPALIVE", "5"))
# Recycle workers now and then (jittered, so they never restart together) to bound memory.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "2000"))
max_requests_jitter = int(os.environ.get("GUNICORN_MAX_REQUESTS_JITTER", "200"))
# Load the code in each worker, not the master, so HUP reloads it.
preload_app = False
# Only the local proxy may set X-Forwarded-* for gunicorn itself; Django reads them through
# TRUSTED_PROXIES.
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
control_socket_disable = True
accesslog = os.environ.get("GUNICORN_ACCESSLOG", "-")
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOGLEVEL", "info")

HEALTH_PATHS = ("/healthz", "/readyz")


class TribuneLogger(Logger):
    """Access log lines as JSON with the request id. Health probes are left out (Django logs
    an unready instance once per probe as a warning, with the reason)."""

    def access(self, resp, req, environ, request_time):
        if environ.get("PATH_INFO") in HEALTH_PATHS:
            return
        if not self.access_log.handlers:
            return
        request_id = next((v for k, v in resp.headers if k.lower() == "x-request-id"), "")
        self.access_log.info(
            json.dumps(
                {
                    "logger": "gunicorn.access",
                    "method": environ.get("REQUEST_METHOD"),
                    "path": environ.get("PATH_INFO"),
                    "status": resp.status_code,
                    "bytes": getattr(resp, "sent", None),
                    "duration_ms": round(request_time.total_seconds() * 1000, 1),
                    "request_id": request_id,
                    "remote": environ.get("HTTP_X_FORWARDED_FOR") or environ.get("REMOTE_ADDR"),
                }
            )
        )


logger_class = TribuneLogger

"""Health endpoints for load balancers and monitors, answered before any other middleware
(no host check, no session, no page cache, no HTTPS redirect) and never cached.

- /healthz: liveness. The process answers; nothing else is checked.
- /readyz: readiness. The database answers, every migration is applied, the cache answers
  and the task worker keeps up. Any failure is a 503 whose JSON body says which check failed
  and why. READYZ_OPTIONAL (e.g. "cache,worker") lists checks that are reported but do not
  make the instance unready: a Redis or worker outage slows nothing that readers need.
"""

from __future__ import annotations

import json
import logging
import uuid
from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.db import connections
from django.http import HttpResponse
from django.utils import timezone

logger = logging.getLogger(__name__)

_migrations_applied = False  # once true it stays true for this process


def check_database() -> str | None:
    with connections["default"].cursor() as cursor:
        cursor.execute("SELECT 1")
    return None


def check_migrations() -> str | None:
    global _migrations_applied
    if _migrations_applied:
        return None
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connections["default"])
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    if plan:
        names = ", ".join(f"{m.app_label}.{m.name}" for m, _ in plan[:5])
        return f"{len(plan)} migration(s) not applied: {names}"
    _migrations_applied = True
    return None


def check_cache() -> str | None:
    # django-redis is set to swallow errors (a Redis outage means uncached pages), so a
    # round trip is the only way to know it answers.
    key, value = "tribune:readyz", uuid.uuid4().hex
    cache.set(key, value, timeout=30)
    if cache.get(key) != value:
        return "the cache did not answer (is Redis up at REDIS_URL?)"
    return None


def check_worker() -> str | None:
    backend = settings.TASKS.get("default", {}).get("BACKEND", "")
    if backend != "django_tasks_db.DatabaseBackend":
        return None  # tasks run in the request (tests, one-server set-ups): no worker needed
    from django.db.models import Q
    from django_tasks_db.models import DBTaskResult, get_date_max

    # Due since the later of when it was queued and when it was to run (a task to run at once
    # carries the far-future run_after).
    limit = timezone.now() - timedelta(seconds=settings.TRIBUNE_WORKER_MAX_LAG)
    late = (
        DBTaskResult.objects.ready()
        .filter(enqueued_at__lte=limit)
        .filter(Q(run_after=get_date_max()) | Q(run_after__lte=limit))
        .order_by("enqueued_at")
        .first()
    )
    if late is None:
        return None
    seconds = int((timezone.now() - late.enqueued_at).total_seconds())
    return f"a task due since {seconds}s has not been picked up (is `manage.py db_worker` running?)"


CHECKS = {
    "database": check_database,
    "migrations": check_migrations,
    "cache": check_cache,
    "worker": check_worker,
}


def readiness() -> tuple[bool, dict]:
    """Run every check; (ready, {check: "ok" | reason})."""
    optional = set(settings.TRIBUNE_READYZ_OPTIONAL)
    results, ready = {}, True
    for name, check in CHECKS.items():
        if name in {"migrations", "worker"} and results.get("database", "ok") != "ok":
            results[name] = "not checked: the database is down"
            ready = ready and name in optional
            continue
        try:
            problem = check()
        except Exception as exc:  # a check that raises has found its answer
            problem = f"{type(exc).__name__}: {exc}".strip()[:300]
        results[name] = problem or "ok"
        if problem and name not in optional:
            ready = False
    from config.replica import replica_configured, replica_status

    if replica_configured():  # reported only: without it reads go to the primary
        results["replica"] = replica_status()
    return ready, results


def _json(status: int, body: dict) -> HttpResponse:
    response = HttpResponse(json.dumps(body), status=status, content_type="application/json")
    response["Cache-Control"] = "no-store"
    # Probes come every few seconds: Django's request log would report every 503 as an error.
    response._has_been_logged = True
    return response


class HealthCheckMiddleware:
    """Answer /healthz and /readyz first, whatever the Host header (probes use addresses)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path == "/healthz":
            return _json(200, {"status": "ok"})
        if request.path == "/readyz":
            ready, checks = readiness()
            if not ready:
                logger.warning("Not ready: %s", checks)
            return _json(200 if ready else 503, {"ready": ready, "checks": checks})
        return self.get_response(request)

"""Reads from a PostgreSQL streaming replica (DATABASE_REPLICA_URL), writes to the primary.

Which requests read from the replica: anonymous GET and HEAD requests (no session cookie)
that have not written recently; everything else reads the primary:

- every write and every transaction (a read inside atomic() stays on the primary);
- readers with a session (signed in, or with a held comment to see);
- whoever has just written: any POST, PUT, PATCH or DELETE sets a short "read your writes"
  cookie (READ_YOUR_WRITES_SECONDS, 15 s by default), and requests carrying it read the
  primary, so an author's next view shows their comment even if the replica is behind;
- management commands and the task worker (the contextvar is off outside requests).

The replica is used only while it answers and its replay lag is within REPLICA_MAX_LAG
seconds (pg_last_xact_replay_timestamp(); zero when everything received is replayed); its
state is checked at most once a second per process, and a replica that is down is retried
after REPLICA_RETRY_SECONDS.

A page that fills the shared page cache is stamped with version tokens read from the cache;
a copy rendered from a replica that has not yet replayed the write behind those tokens would
be stale under a fresh stamp. So before such a render (comments.signals.shared_copy_rendering)
the request moves to the primary unless the replica has replayed up to the primary's current
WAL position.
"""

from __future__ import annotations

import contextlib
import contextvars
import logging
import threading
import time
from dataclasses import dataclass

from django.conf import settings
from django.db import connections
from django.dispatch import receiver

from comments.signals import shared_copy_rendering

logger = logging.getLogger(__name__)

REPLICA = "replica"
READ_YOUR_WRITES_COOKIE = "tribune_rw"
_SAFE_METHODS = {"GET", "HEAD"}

reads_from_replica: contextvars.ContextVar[bool] = contextvars.ContextVar(
    "tribune_reads_from_replica", default=False
)


def replica_configured() -> bool:
    return REPLICA in settings.DATABASES


@dataclass
class _State:
    usable: bool = False
    checked_at: float = float("-inf")
    lag: float | None = None
    reason: str = "not checked yet"


_state = _State()
_lock = threading.Lock()

LAG_SQL = """
SELECT pg_is_in_recovery(),
       CASE WHEN pg_last_wal_receive_lsn() IS NOT DISTINCT FROM pg_last_wal_replay_lsn()
            THEN 0
            ELSE COALESCE(EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp()), 0)
       END
"""


def replica_lag() -> float:
    """Seconds the replica is behind (0 when it has replayed all it received); raises if it
    cannot be reached or is not a replica."""
    with connections[REPLICA].cursor() as cursor:
        cursor.execute(LAG_SQL)
        in_recovery, lag = cursor.fetchone()
    if not in_recovery:
        raise RuntimeError("DATABASE_REPLICA_URL is not a replica (not in recovery)")
    return float(lag)


def replica_usable(recheck: bool = False) -> bool:
    """Is the replica up and within the allowed lag (checked at most once a second)."""
    if recheck:
        _state.checked_at = float("-inf")
    now = time.monotonic()
    wait = 1.0 if _state.usable else settings.TRIBUNE_REPLICA_RETRY_SECONDS
    if now - _state.checked_at < wait:
        return _state.usable
    with _lock:
        if now - _state.checked_at < wait:
            return _state.usable
        try:
            lag = replica_lag()
        except Exception as exc:
            _close_replica()
            _set(False, None, f"unreachable: {type(exc).__name__}: {exc}".strip()[:200])
        else:
            ok = lag <= settings.TRIBUNE_REPLICA_MAX_LAG
            _set(ok, lag, "ok" if ok else f"lagging {lag:.1f}s behind the primary")
        _state.checked_at = time.monotonic()
    return _state.usable


def _set(usable: bool, lag: float | None, reason: str) -> None:
    if usable != _state.usable or (not usable and reason != _state.reason):
        log = logger.info if usable else logger.warning
        log("Replica %s: %s", "in use" if usable else "not used", reason)
    _state.usable, _state.lag, _state.reason = usable, lag, reason


def _close_replica() -> None:
    with contextlib.suppress(Exception):  # a dead connection may fail to close
        connections[REPLICA].close()


def replica_status() -> str:
    """For /readyz: "ok", or why reads go to the primary."""
    replica_usable()
    return _state.reason


def replica_caught_up() -> bool:
    """Has the replica replayed every write the primary has made so far?"""
    try:
        with connections["default"].cursor() as cursor:
            # The insert position: with synchronous_commit off, a commit already visible on
            # the primary may still be in its WAL buffers, past pg_current_wal_lsn().
            cursor.execute("SELECT pg_current_wal_insert_lsn()")
            (primary_lsn,) = cursor.fetchone()
        with connections[REPLICA].cursor() as cursor:
            cursor.execute("SELECT pg_last_wal_replay_lsn() >= %s::pg_lsn", [primary_lsn])
            (caught_up,) = cursor.fetchone()
    except Exception:
        logger.warning("Replica position unknown: reading from the primary", exc_info=True)
        return False
    return bool(caught_up)


class ReplicaRouter:
    """Reads go to the replica only when the request allowed it and the replica is fit."""

    def db_for_read(self, model, **hints):
        if not reads_from_replica.get():
            return "default"
        if connections["default"].in_atomic_block:
            return "default"  # a transaction reads what it (or its locks) will write
        return REPLICA if replica_usable() else "default"

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        return True  # the replica holds the primary's rows

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == "default"


def may_read_replica(request) -> bool:
    return (
        request.method in _SAFE_METHODS
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        # A guest who posted sees their own held comments: the primary has them at once.
        and settings.TRIBUNE_OWN_COMMENTS_COOKIE not in request.COOKIES
        and READ_YOUR_WRITES_COOKIE not in request.COOKIES
    )


class ReplicaMiddleware:
    """Allow replica reads for this request, or not; mark writers to read the primary."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not replica_configured():
            return self.get_response(request)
        allowed = may_read_replica(request)
        token = reads_from_replica.set(allowed)
        try:
            response = self.get_response(request)
        finally:
            reads_from_replica.reset(token)
        if allowed and response.status_code == 503 and not replica_usable(recheck=True):
            # The replica went away during the request (the outage page answered): a GET
            # can safely be served again, from the primary.
            response = self.get_response(request)
        if request.method not in _SAFE_METHODS:
            response.set_cookie(
                READ_YOUR_WRITES_COOKIE,
                "1",
                max_age=settings.TRIBUNE_READ_YOUR_WRITES_SECONDS,
                httponly=True,
                samesite="Lax",
                secure=settings.SESSION_COOKIE_SECURE,
            )
        return response


@receiver(shared_copy_rendering, dispatch_uid="tribune-replica-shared-copy")
def _before_shared_copy(sender, **kwargs):
    if reads_from_replica.get() and (not replica_usable() or not replica_caught_up()):
        reads_from_replica.set(False)

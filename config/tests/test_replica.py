"""The replica router: who reads the replica, and when everyone falls back to the primary."""

from unittest import mock

import pytest
from django.db import transaction
from django.test import RequestFactory

from comments.signals import shared_copy_rendering
from config import replica
from config.replica import (
    READ_YOUR_WRITES_COOKIE,
    ReplicaMiddleware,
    ReplicaRouter,
    may_read_replica,
    reads_from_replica,
)

rf = RequestFactory()


@pytest.fixture(autouse=True)
def fresh_state(monkeypatch):
    monkeypatch.setattr(replica, "_state", replica._State())


@pytest.fixture
def replica_lag(monkeypatch):
    lag = mock.Mock(return_value=0.0)
    monkeypatch.setattr(replica, "replica_lag", lag)
    return lag


@pytest.fixture
def replica_reads():
    token = reads_from_replica.set(True)
    yield
    reads_from_replica.reset(token)


def test_an_anonymous_get_may_read_the_replica():
    assert may_read_replica(rf.get("/blog/"))


@pytest.mark.parametrize(
    "request_",
    [
        rf.post("/comments/post/"),
        rf.get("/blog/", HTTP_COOKIE="sessionid=abc"),
        rf.get("/blog/", HTTP_COOKIE=f"{READ_YOUR_WRITES_COOKIE}=1"),
        rf.get("/blog/", HTTP_COOKIE="tribune_own=1:abc"),
    ],
    ids=["a write", "a session", "a recent writer", "a guest with own comments"],
)
def test_writes_sessions_and_recent_writers_read_the_primary(request_):
    assert not may_read_replica(request_)


def test_a_write_marks_the_writer_to_read_the_primary_for_a_while(settings):
    settings.TRIBUNE_READ_YOUR_WRITES_SECONDS = 15
    middleware = ReplicaMiddleware(lambda request: __import__("django").http.HttpResponse())
    with mock.patch.object(replica, "replica_configured", return_value=True):
        response = middleware(rf.post("/comments/post/"))
        quiet = middleware(rf.get("/blog/"))
    assert response.cookies[READ_YOUR_WRITES_COOKIE]["max-age"] == 15
    assert READ_YOUR_WRITES_COOKIE not in quiet.cookies


def test_a_request_allowed_the_replica_reads_it(replica_lag, replica_reads):
    assert ReplicaRouter().db_for_read(None) == "replica"


def test_outside_an_allowed_request_reads_go_to_the_primary(replica_lag):
    assert ReplicaRouter().db_for_read(None) == "default"


def test_writes_always_go_to_the_primary(replica_lag, replica_reads):
    assert ReplicaRouter().db_for_write(None) == "default"


@pytest.mark.django_db
def test_reads_inside_a_transaction_go_to_the_primary(replica_lag, replica_reads):
    with transaction.atomic():
        assert ReplicaRouter().db_for_read(None) == "default"


def test_a_lagging_replica_is_left_for_the_primary(replica_lag, replica_reads, settings):
    settings.TRIBUNE_REPLICA_MAX_LAG = 5
    replica_lag.return_value = 12.5
    assert ReplicaRouter().db_for_read(None) == "default"
    assert replica.replica_status() == "lagging 12.5s behind the primary"


def test_a_replica_that_is_down_is_left_and_retried_later(
    replica_lag, replica_reads, settings, monkeypatch
):
    settings.TRIBUNE_REPLICA_RETRY_SECONDS = 10
    replica_lag.side_effect = ConnectionRefusedError("refused")
    clock = mock.Mock(return_value=1000.0)
    monkeypatch.setattr(replica.time, "monotonic", clock)
    monkeypatch.setattr(replica, "_close_replica", lambda: None)
    assert ReplicaRouter().db_for_read(None) == "default"
    replica_lag.side_effect, replica_lag.return_value = None, 0.0
    clock.return_value = 1005.0
    assert ReplicaRouter().db_for_read(None) == "default"  # not asked again yet
    clock.return_value = 1011.0
    assert ReplicaRouter().db_for_read(None) == "replica"
    assert replica_lag.call_count == 2


def test_migrations_run_on_the_primary_only():
    router = ReplicaRouter()
    assert router.allow_migrate("default", "comments")
    assert not router.allow_migrate("replica", "comments")


@pytest.mark.parametrize(("caught_up", "expected"), [(True, True), (False, False)])
def test_a_shared_copy_is_rendered_from_the_replica_only_if_it_has_caught_up(
    replica_lag, replica_reads, monkeypatch, caught_up, expected
):
    monkeypatch.setattr(replica, "replica_caught_up", lambda: caught_up)
    shared_copy_rendering.send(sender=None)
    assert reads_from_replica.get() is expected


def test_a_get_whose_replica_vanished_mid_request_is_served_again_from_the_primary(
    replica_lag, monkeypatch
):
    from django.http import HttpResponse

    seen = []

    def view(request):
        seen.append(ReplicaRouter().db_for_read(None))
        return HttpResponse(status=503 if len(seen) == 1 else 200)

    monkeypatch.setattr(replica, "_close_replica", lambda: None)
    replica_lag.side_effect = [0.0, ConnectionRefusedError("refused")]
    with mock.patch.object(replica, "replica_configured", return_value=True):
        response = ReplicaMiddleware(view)(rf.get("/blog/"))
    assert response.status_code == 200
    assert seen == ["replica", "default"]

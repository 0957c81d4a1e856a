"""/healthz and /readyz: what a load balancer asks, answered before host checks and caches."""

import json
from datetime import timedelta
from unittest import mock

import pytest
from django.utils import timezone

from config import health

pytestmark = pytest.mark.django_db


def test_healthz_answers_ok_whatever_the_host(client):
    response = client.get("/healthz", HTTP_HOST="10.0.0.7")
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"


def test_readyz_is_ready_when_every_check_passes(client):
    response = client.get("/readyz")
    body = json.loads(response.content)
    assert response.status_code == 200
    assert body == {
        "ready": True,
        "checks": {"database": "ok", "migrations": "ok", "cache": "ok", "worker": "ok"},
    }


def test_readyz_says_503_and_why_when_the_cache_does_not_answer(client):
    with mock.patch.object(health.cache, "get", return_value=None):
        response = client.get("/readyz")
    body = json.loads(response.content)
    assert response.status_code == 503
    assert "Redis" in body["checks"]["cache"]
    assert body["checks"]["database"] == "ok"


def test_readyz_reports_an_optional_check_without_becoming_unready(client, settings):
    settings.TRIBUNE_READYZ_OPTIONAL = ["cache"]
    with mock.patch.object(health.cache, "get", return_value=None):
        response = client.get("/readyz")
    assert response.status_code == 200
    assert json.loads(response.content)["checks"]["cache"] != "ok"


def test_readyz_names_the_database_error_and_skips_what_needs_it(client):
    def refused():
        raise health.connections["default"].Database.OperationalError("connection refused")

    with mock.patch.dict(health.CHECKS, {"database": refused}):
        response = client.get("/readyz")
    checks = json.loads(response.content)["checks"]
    assert response.status_code == 503
    assert "connection refused" in checks["database"]
    assert checks["worker"] == "not checked: the database is down"


def test_readyz_lists_unapplied_migrations(monkeypatch):
    monkeypatch.setattr(health, "_migrations_applied", False)
    migration = mock.Mock(app_label="comments")
    migration.name = "0099_new"
    with mock.patch(
        "django.db.migrations.executor.MigrationExecutor.migration_plan",
        return_value=[(migration, False)],
    ):
        problem = health.check_migrations()
    assert problem == "1 migration(s) not applied: comments.0099_new"


@pytest.mark.parametrize("deferred", [False, True], ids=["queued to run now", "deferred"])
def test_readyz_says_the_worker_is_down_when_a_due_task_waits_too_long(settings, deferred):
    from django_tasks_db.models import DBTaskResult

    from comments.tasks import heartbeat

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.TRIBUNE_WORKER_MAX_LAG = 60
    old = timezone.now() - timedelta(seconds=300)
    heartbeat.using(run_after=old).enqueue() if deferred else heartbeat.enqueue()
    assert health.check_worker() is None  # just queued
    DBTaskResult.objects.update(enqueued_at=old)
    assert "db_worker" in health.check_worker()


def test_readyz_is_not_cached_nor_logged_as_an_error(client, caplog):
    with mock.patch.object(health.cache, "get", return_value=None):
        response = client.get("/readyz")
    assert response["Cache-Control"] == "no-store"
    assert not [r for r in caplog.records if r.name == "django.request"]

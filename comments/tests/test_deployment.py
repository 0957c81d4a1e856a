"""Production settings: a real secret is required, and Django's deployment checks pass."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _manage(*args: str, secret_key: str | None) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "SECRET_KEY"}
    env.update(DJANGO_SETTINGS_MODULE="config.settings.production", ALLOWED_HOSTS="tribune.example")
    if secret_key is not None:
        env["SECRET_KEY"] = secret_key
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_deploy_check_reports_nothing():
    result = _manage(
        "check", "--deploy", "--fail-level", "WARNING", secret_key=secrets.token_urlsafe(64)
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


@pytest.mark.parametrize(
    "key", [None, "", "short", "dev-only-insecure-key-never-use-in-production" * 2]
)
def test_production_refuses_to_start_without_a_real_secret_key(key):
    result = _manage("check", secret_key=key)
    assert result.returncode != 0
    assert "Set SECRET_KEY" in result.stderr

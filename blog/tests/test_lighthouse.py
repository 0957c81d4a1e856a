"""Lighthouse on the home page and the reference article (with its 50-comment discussion):
accessibility and best practices at 100, and no layout shift (CLS 0).

Lighthouse (pinned in package.json, installed by `npm ci`) runs offline against the test's live
server in Debian's Chromium. Skipped without it, unless REQUIRE_BROWSER=1 (as in CI).
LIGHTHOUSE_CLI may point to another copy of lighthouse/cli/index.js.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings

from comments.tests.browser import BROWSER_TEST_MARKS, CHROMIUM

pytestmark = BROWSER_TEST_MARKS

CLI = Path(
    os.environ.get("LIGHTHOUSE_CLI")
    or Path(settings.BASE_DIR) / "node_modules" / "lighthouse" / "cli" / "index.js"
)
CHROME_FLAGS = "--headless --no-sandbox --disable-gpu"
ATTEMPTS = 3


def _lighthouse(url: str, folder: Path) -> dict:
    """Lighthouse's report on the page. Its trace recording sometimes fails on a busy machine
    ("NO_NAVSTART"), whatever the page: such a run is tried again, up to ATTEMPTS times."""
    report = folder / "report.json"
    command = [
        shutil.which("node") or "node",
        str(CLI),
        url,
        "--only-categories=accessibility,best-practices,performance",
        f"--chrome-flags={CHROME_FLAGS}",
        "--output=json",
        f"--output-path={report}",
        "--quiet",
    ]
    for _attempt in range(ATTEMPTS):
        run = subprocess.run(
            command,
            env={**os.environ, "CHROME_PATH": str(CHROMIUM)},
            capture_output=True,
            text=True,
            timeout=240,
        )
        if run.returncode == 0:
            return json.loads(report.read_text())
    pytest.fail(f"Lighthouse failed {ATTEMPTS} times; last: {run.stderr[-2000:]}")


def _failing_audits(result: dict, category: str) -> list[str]:
    refs = result["categories"][category]["auditRefs"]
    audits = result["audits"]
    return [
        f"{ref['id']}: {audits[ref['id']]['title']}"
        for ref in refs
        if ref["weight"] and audits[ref["id"]]["score"] not in (None, 1)
    ]


@pytest.mark.parametrize("page", ["home", "article"])
def test_lighthouse_accessibility_and_best_practices_are_100_and_cls_0(
    live_server, reading_site, page, tmp_path
):
    if not (CLI.exists() and shutil.which("node") and CHROMIUM.exists()):
        if os.environ.get("REQUIRE_BROWSER") == "1":
            pytest.fail(f"REQUIRE_BROWSER=1 but there is no {CLI} (run `npm ci`) or no Chromium")
        pytest.skip(f"no {CLI}: run `npm ci`")
    result = _lighthouse(live_server.url + reading_site[page], tmp_path)
    scores = {name: category["score"] for name, category in result["categories"].items()}
    failing = {name: _failing_audits(result, name) for name in ("accessibility", "best-practices")}
    assert (scores["accessibility"], scores["best-practices"]) == (1, 1), failing
    assert result["audits"]["cumulative-layout-shift"]["numericValue"] == 0

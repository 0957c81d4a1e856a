"""A real headless Chromium for tests of what a person clicks.

Needs Debian's Chromium at /usr/bin/chromium (Playwright's own browser download is not used).
Without it the browser tests are skipped, unless REQUIRE_BROWSER=1 is set (as in CI): then
they fail.
"""

import os
from pathlib import Path

import pytest
from django.db import connections
from playwright.sync_api import sync_playwright

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

# The live server thread needs committed data. Flushing after the test would also wipe
# Wagtail's root page and default site, which come from migrations: restore them.
BROWSER_TEST_MARKS = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def browser(monkeypatch):
    """A headless Chromium; skipped when it is not installed, unless REQUIRE_BROWSER=1."""
    if not CHROMIUM.exists():
        if os.environ.get("REQUIRE_BROWSER") == "1":
            pytest.fail(
                f"REQUIRE_BROWSER=1 but there is no Chromium at {CHROMIUM}: "
                "install Debian's chromium package to run the browser tests."
            )
        pytest.skip(f"no Chromium at {CHROMIUM}")
    # Playwright's sync API keeps an event loop running in this thread, so Django would
    # refuse ORM calls from the test body with SynchronousOnlyOperation.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        try:
            yield chromium
        finally:
            chromium.close()
            # Under Playwright's running loop Django keeps this thread's database connections
            # apart from the usual ones (asgiref's Local); close them here, or PostgreSQL
            # refuses to drop the test database at the end of the run.
            connections.close_all()

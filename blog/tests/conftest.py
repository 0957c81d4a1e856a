"""Fixtures for the blog tests: the Chromium (its notes are in comments/tests/browser.py) and
the site the reading-experience browser tests look at (screenshots, Lighthouse)."""

from blog.tests.reading_site import reading_site  # noqa: F401
from comments.tests.browser import browser  # noqa: F401

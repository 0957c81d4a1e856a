"""Fixtures for the blog tests."""

# The Chromium fixture lives with its notes in comments/tests/browser.py.
from comments.tests.browser import browser  # noqa: F401

"""Fixtures for the comments tests."""

import pytest

from comments.tests.helpers import set_policy


@pytest.fixture
def trusting_policy(db):
    """A policy that publishes a plain comment at once: new commenters are not held."""
    return set_policy(premoderate_new_commenters=False)


# The Chromium fixture lives with its notes in comments/tests/browser.py.
from comments.tests.browser import browser  # noqa: E402, F401

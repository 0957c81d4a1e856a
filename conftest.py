"""Project-wide test fixtures."""

import pytest


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    """Keep uploaded files of a test out of the project folder."""
    settings.MEDIA_ROOT = tmp_path / "media"

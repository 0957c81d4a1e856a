"""Fixtures shared by every test: an article, the people around it, and the site's settings."""

import pytest
from django.contrib.auth.models import Group

from blog.tests.factories import BlogPageFactory

# The Chromium fixture lives with its notes in comments/tests/browser.py.
from comments.tests.browser import browser  # noqa: F401
from comments.tests.helpers import set_policy


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    """Keep uploaded files of a test out of the project folder."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty Django cache: rows cached by an earlier test
    (comments.row_cache) were rolled back with its transaction."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def committing(django_capture_on_commit_callbacks):
    """Run what the code defers to after commit (test transactions never commit)."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def article(db):
    """A published article, open for comments under the site's policy."""
    return BlogPageFactory()


@pytest.fixture
def reader(django_user_model):
    """A signed-up reader with no role on the site; the password is "pw"."""
    return django_user_model.objects.create_user("reader", "reader@example.com", "pw")


@pytest.fixture
def moderator(django_user_model):
    """A member of the Moderators group (the desk, not page editing); the password is "pw"."""
    user = django_user_model.objects.create_user("moderator", "moderator@example.com", "pw")
    user.groups.add(Group.objects.get(name="Moderators"))
    return user


@pytest.fixture
def trusting_policy(db):
    """A policy that publishes a plain comment at once: new commenters are not held."""
    return set_policy(premoderate_new_commenters=False)


@pytest.fixture
def no_email_confirmation(settings):
    """Anonymous comments skip the confirmation email: a post is stored (and decided) at once."""
    settings.COMMENTS_XTD_CONFIRM_EMAIL = False


@pytest.fixture
def queued_tasks(settings):
    """Email in "tasks" mode on the database queue, as production runs it (`manage.py
    db_worker` runs the queue: comments.tests.helpers.run_worker)."""
    settings.TRIBUNE_EMAIL_DELIVERY = "tasks"
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
    }
    return settings

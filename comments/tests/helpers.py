"""Helpers for posting the real comment form, setting the moderation policy and running the
task worker in tests."""

import time
from collections.abc import Iterable
from unittest import mock

from django.core.management import call_command
from django.urls import reverse
from wagtail.models import Site
from wagtail.test.utils.form_data import querydict_from_html

from comments.comment_form_html import comment_form_html
from comments.discussion import comment_form_for
from comments.moderation.site_settings import ModerationSettings

# What a reader types into the form unless a test says otherwise.
READER_FIELDS = {
    "name": "Reader",
    "email": "reader@example.com",
    "url": "",
    "comment": "A thoughtful reply.",
}


def rendered_form_fields(target) -> dict:
    """The fields a browser would send from the comment form under `target`, as the article
    page renders it (the same markup and form), before the reader types anything."""
    markup = comment_form_html(comment_form_for(target), title="Leave a Comment")
    return querydict_from_html(markup, form_id="comment-form").dict()


def security_hash(target, timestamp, *, content_type=None, object_pk=None) -> str:
    """The hash the server signs a rendered form with; by default for `target` itself."""
    form = comment_form_for(target)
    return form.generate_security_hash(
        str(target._meta) if content_type is None else content_type,
        str(target.pk) if object_pk is None else object_pk,
        str(timestamp),
    )


def comment_form_data(
    target, rendered_seconds_ago: int = 60, without: Iterable[str] = (), **fields
) -> dict:
    """The POST body of the comment form on `target`, read from the rendered form and signed
    as if rendered `rendered_seconds_ago` seconds ago (a reader takes time to write), with the
    reader's fields filled in, `fields` changed and the `without` fields left out."""
    timestamp = int(time.time()) - rendered_seconds_ago
    data = {
        **rendered_form_fields(target),
        "timestamp": str(timestamp),
        "security_hash": security_hash(target, timestamp),
        **READER_FIELDS,
    }
    data.update({key: str(value) for key, value in fields.items()})
    for key in without:
        data.pop(key)
    return data


def post_comment(client, target, rendered_seconds_ago: int = 60, **fields):
    """POST the comment form as a browser would."""
    data = comment_form_data(target, rendered_seconds_ago=rendered_seconds_ago, **fields)
    return client.post(reverse("comments-post"), data, HTTP_USER_AGENT="Mozilla/5.0 (test)")


def set_policy(**values) -> ModerationSettings:
    """Change the default site's moderation policy, as an editor would in the admin."""
    policy = ModerationSettings.for_site(Site.objects.get(is_default_site=True))
    for name, value in values.items():
        setattr(policy, name, value)
    policy.full_clean()
    policy.save()
    return policy


def moderate(comment, action: str, *, actor, note: str = ""):
    """A moderator's action (approve, spam, remove, restore) through the one transition."""
    from comments.transitions import ACTIONS, comment_transition

    chosen = ACTIONS[action]
    return comment_transition(comment=comment, to=chosen.to, action=chosen, actor=actor, note=note)


def run_worker():
    """`manage.py db_worker` until the queue is empty; inside the test's transaction, so the
    worker's "close stale connections" step, which would end that transaction, is skipped."""
    with mock.patch("django_tasks_db.management.commands.db_worker.close_old_connections"):
        call_command("db_worker", "--batch", "--no-startup-delay", "--interval=0")


def prepared_statements(like: str) -> int:
    """How many statements this connection has prepared on the server whose text is LIKE
    `like` (PostgreSQL; comments.prepared)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_prepared_statements WHERE statement LIKE %s", [like]
        )
        return cursor.fetchone()[0]

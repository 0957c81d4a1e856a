"""The comment POST's server-bound statements (comments.prepared): prepared where they repeat,
and only they."""

from __future__ import annotations

import pytest
from django.db import connection

from comments.models import TribuneComment
from comments.tests.helpers import post_comment, prepared_statements, set_policy

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="server binding is PostgreSQL's"
)


def test_djangos_own_queries_are_never_prepared(article):
    """Only comments.prepared's cursors bind on the server: the threshold that prepares them
    (config.settings.base) must leave the ORM's queries alone."""
    for _ in range(8):
        TribuneComment.objects.filter(user_url="https://nobody.example/").exists()
    assert prepared_statements('%"user_url" = $%') == 0


def test_the_insert_chain_prepared_on_a_busy_connection_stores_whole_comments(client, article):
    set_policy(premoderate_new_commenters=False, flood_max_comments=0)
    for number in range(7):  # psycopg prepares on the fifth run
        response = post_comment(
            client, article, comment=f"Comment number {number}", email=f"r{number}@example.com"
        )
        assert response.status_code == 302
    assert prepared_statements("WITH claim AS%") >= 1
    last = TribuneComment.objects.get(comment="Comment number 6")
    assert last.thread_id == last.parent_id == last.pk
    assert last.thread_path.endswith(str(last.pk)) and last.decisions.count() == 1


def _ask_facts(article):
    from django.utils import timezone

    from comments.moderation.facts import gather_facts
    from comments.moderation.types import PolicySnapshot, Submission

    submission = Submission(text="Words", html="Words", email="a@example.com", ip="10.0.0.1")
    gather_facts(submission, article, PolicySnapshot(), now=timezone.now())


@pytest.mark.parametrize(("max_age", "prepared"), [(60, 1), (None, 1), (0, 0)])
def test_a_persistent_connection_prepares_the_facts_at_their_first_run(
    article, monkeypatch, max_age, prepared
):
    """Counting runs would seldom reach psycopg's threshold on a busy connection (every other
    query counts in the same list, and a ROLLBACK forgets all): a connection that lives on
    prepares at once; one made for a single request never does."""
    connection.connection.execute("DEALLOCATE ALL")
    connection.connection._prepared.clear()
    monkeypatch.setitem(connection.settings_dict, "CONN_MAX_AGE", max_age)
    _ask_facts(article)
    assert prepared_statements("%AS by_ip%") == prepared


def _plans(like: str) -> tuple[int, int]:
    """How often this connection ran its prepared statement LIKE `like` with the plan made once
    for any values, and with a plan made for the run's own values."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT generic_plans, custom_plans FROM pg_prepared_statements"
            " WHERE statement LIKE %s",
            [like],
        )
        return cursor.fetchone()


def test_a_comment_post_runs_the_facts_plan_made_once(client, article, monkeypatch):
    """Left to choose, PostgreSQL planned the facts query again at every POST (planning cost
    more than the run); the query asks for the plan made once, from its next run on."""
    set_policy(premoderate_new_commenters=False, flood_max_comments=0)
    connection.connection.execute("DEALLOCATE ALL")
    connection.connection.execute("RESET plan_cache_mode")
    connection.connection._prepared.clear()
    monkeypatch.setitem(connection.settings_dict, "CONN_MAX_AGE", 60)
    for number in range(8):
        # Each from its own reader: one reader's quick second post is made again under the
        # posting lock (comments.claims), and a rolled-back attempt makes psycopg prepare anew.
        response = post_comment(
            client, article, comment=f"Comment number {number}", email=f"r{number}@example.com"
        )
        assert response.status_code == 302
    assert _plans("%AS by_ip%") == (7, 1)

"""The facts' SQL (comments.moderation.facts_query) answers exactly as the ORM aggregate it
replaced on PostgreSQL (kept in comments.moderation.facts for other databases)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from comments.models import CommentType, Status
from comments.moderation.facts import _facts_params, _facts_row_orm
from comments.moderation.facts_query import FACT_NAMES, facts_row
from comments.moderation.types import PolicySnapshot, Submission
from comments.tests.factories import CommentFactory
from comments.tests.helpers import prepared_statements

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the SQL is PostgreSQL's; others use the ORM"
)

POLICY = PolicySnapshot(flood_window_minutes=10, duplicate_window_minutes=60)
TEXT = "The same words again"


@pytest.fixture
def history(article, reader, django_user_model):
    """Comments that each condition of the query can tell apart."""
    now = timezone.now()
    other_article = CommentFactory().content_object
    old = now - timedelta(hours=3)
    rows = [
        dict(user_email="Same@Example.com", ip_address="10.0.0.1", comment=TEXT),
        dict(user_email="same@example.com", ip_address="10.0.0.2", submit_date=old),
        dict(user_email="same@example.com", comment=TEXT, status=Status.REMOVED),
        dict(user_email="same@example.com", comment=TEXT, status=Status.HELD),
        dict(user_email="same@example.com", comment_type=CommentType.PINGBACK),
        dict(user_email="other@example.com", ip_address="10.0.0.1"),
        dict(user_email="other@example.com", ip_address="10.0.0.1", submit_date=old),
        dict(user_email="", user=reader, ip_address="10.0.0.3", comment=TEXT),
        dict(user_email="x@example.com", user=reader, submit_date=old, status=Status.SPAM),
        dict(user_email="same@example.com", comment=TEXT, content_object=other_article),
    ]
    stored = []
    for row in rows:
        row.setdefault("content_object", article)
        row.setdefault("submit_date", now - timedelta(minutes=1))
        stored.append(CommentFactory(**row))
    return stored


SUBMISSIONS = {
    "guest with address and email": dict(email="SAME@example.com", ip="10.0.0.1"),
    "guest without address": dict(email="same@example.com", ip=None),
    "address only": dict(email="", ip="10.0.0.1"),
    "signed-in reader": dict(email="reader@example.com", ip="10.0.0.3", signed_in=True),
    "signed-in reader without email": dict(email="", ip=None, signed_in=True),
    "nothing known": dict(email="", ip=None),
}


@pytest.mark.parametrize("exclude_first", [False, True])
@pytest.mark.parametrize("case", SUBMISSIONS)
def test_the_facts_sql_gives_the_orm_answers(history, article, reader, case, exclude_first):
    given = SUBMISSIONS[case]
    submission = Submission(
        text=TEXT,
        html=TEXT,
        email=given["email"],
        ip=given["ip"],
        user_id=reader.pk if given.get("signed_in") else None,
    )
    now = timezone.now()
    exclude = history[0].pk if exclude_first else None
    orm = _facts_row_orm(submission, article, POLICY, now, exclude)
    sql = facts_row(_facts_params(submission, article, POLICY, now, exclude))
    snapshot = sql.pop("snapshot", None)
    assert (snapshot is None) == (sql == {}), "read with the facts, when there are any"
    assert set(sql) <= set(FACT_NAMES)
    assert sql == orm


def test_the_facts_sql_finds_something_in_every_column(history, article):
    """The comparison above means something only if the answers are not all empty."""
    submission = Submission(text=TEXT, html=TEXT, email="same@example.com", ip="10.0.0.1")
    row = facts_row(_facts_params(submission, article, POLICY, timezone.now(), None))
    assert row["by_ip"] == 2 and row["by_email"] == 5
    assert row["duplicate_of"] == history[0].pk
    assert row["history"] == 3 and row["oldest"] is not None


def _plan(params, *, generic: bool) -> str:
    """The plan of a POST's facts query: planned for its values, or (as a statement prepared on
    a busy connection may be, comments.prepared) once for any values."""
    from comments.moderation.facts_query import FactsShape, _bind, facts_sql

    sql, _names = facts_sql(FactsShape(ip=True, email=True, user=False, exclude=False))
    bound = _bind(params)
    with connection.cursor() as cursor:
        if not generic:
            cursor.execute("EXPLAIN " + sql, bound)
            return "\n".join(row[0] for row in cursor.fetchall())
        used = [name for name in bound if f"%({name})s" in sql]
        for number, name in enumerate(used, start=1):
            sql = sql.replace(f"%({name})s", f"${number}")
        cursor.execute("PREPARE facts_probe AS " + sql)
        cursor.execute("SET plan_cache_mode = force_generic_plan")
        try:
            cursor.execute(
                f"EXPLAIN EXECUTE facts_probe({', '.join(['%s'] * len(used))})",
                [bound[name] for name in used],
            )
            return "\n".join(row[0] for row in cursor.fetchall())
        finally:
            cursor.execute("RESET plan_cache_mode")
            cursor.execute("DEALLOCATE facts_probe")


@pytest.mark.parametrize("generic", [False, True], ids=["planned for its values", "prepared"])
def test_the_sender_counts_read_their_own_indexes_while_statistics_lag(article, generic):
    """The planner's statistics never hold the last minutes' comments. With them missing, one
    OR over address and email read the date index: every recent comment of the site. A
    prepared statement's plan for any values must keep to the same indexes."""
    from django_comments.models import Comment

    def comments(count, minutes_ago):
        when = timezone.now() - timedelta(minutes=minutes_ago)
        Comment.objects.bulk_create(
            Comment(
                content_object=article,
                site_id=1,
                user_email=f"r{i}@example.com",
                ip_address=f"10.1.{i // 250}.{i % 250}",
                comment="words",
                submit_date=when,
            )
            for i in range(count)
        )

    comments(3000, minutes_ago=600)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE django_comments")
    comments(3000, minutes_ago=1)  # after the statistics, as on a live site
    submission = Submission(text=TEXT, html=TEXT, email="new@example.com", ip="10.9.9.9")
    plan = _plan(_facts_params(submission, article, POLICY, timezone.now(), None), generic=generic)
    assert ("$1" in plan) == generic  # a plan for any values names its parameters
    assert "tribune_comment_ip_recent" in plan
    assert "tribune_comment_email_recent" in plan
    assert "submit_date_514ed2d9" not in plan  # django-comments' index on the date alone


def test_the_facts_query_prepared_on_a_busy_connection_gives_the_orm_answers(history, article):
    submission = Submission(text=TEXT, html=TEXT, email="same@example.com", ip="10.0.0.1")
    now = timezone.now()
    params = _facts_params(submission, article, POLICY, now, None)
    answers = [facts_row(params) for _ in range(7)]  # psycopg prepares on the fifth run
    assert prepared_statements("%AS by_ip%") >= 1
    for answer in answers:
        answer.pop("snapshot")
    assert answers[-1] == answers[0] == _facts_row_orm(submission, article, POLICY, now, None)

"""The comment POST's server-bound statements (comments.prepared): prepared where they repeat,
sent together where they can be, and never at the cost of what a statement reads."""

from __future__ import annotations

import threading
import time

import pytest
from django.db import connection, connections, transaction

from comments.locks import serialize_on
from comments.models import TribuneComment
from comments.moderation.facts import ask_facts
from comments.moderation.types import PolicySnapshot, Submission
from comments.prepared import one_round_trip
from comments.tests.factories import CommentFactory

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="server binding and pipelines are PostgreSQL's"
)

TEXT = "Sent twice by a double click"
EMAIL = "double@example.com"


def test_djangos_own_queries_are_never_prepared(article):
    """Only comments.prepared's cursors bind on the server: the threshold that prepares them
    (config.settings.base) must leave the ORM's queries alone."""
    for _ in range(8):
        TribuneComment.objects.filter(user_url="https://nobody.example/").exists()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_prepared_statements WHERE statement LIKE %s",
            ['%"user_url" = $%'],
        )
        assert cursor.fetchone()[0] == 0


@pytest.mark.django_db(transaction=True)
def test_facts_sent_with_the_lock_read_what_the_lock_holder_committed(article):
    """The lock and the facts leave in one round trip, yet the facts must be read after the
    lock is granted: a double click's second POST finds the first comment as a duplicate."""
    lock_name = ("comment", "double", EMAIL)
    holding = threading.Event()

    def first_click():
        try:
            with transaction.atomic():
                serialize_on(*lock_name)
                holding.set()
                CommentFactory(content_object=article, user_email=EMAIL, comment=TEXT)
                time.sleep(0.5)  # the second click arrives while this one is deciding
        finally:
            holding.set()
            connections.close_all()

    clicked = threading.Thread(target=first_click)
    clicked.start()
    assert holding.wait(10)
    submission = Submission(text=TEXT, html=TEXT, email=EMAIL, ip="10.0.0.9")
    policy = PolicySnapshot(duplicate_window_minutes=60)
    with transaction.atomic():
        with one_round_trip():
            serialize_on(*lock_name)
            answer = ask_facts(submission, article, policy)
        facts = answer()
    clicked.join()
    first = TribuneComment.objects.get(user_email=EMAIL)
    assert facts.duplicate_of == first.pk

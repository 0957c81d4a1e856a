"""A comment POST costs a fixed, small number of queries (issue 17: at most 12; 5 on PostgreSQL),
whoever posts.

Counted, never timed, as production runs: real transactions (no test savepoints among the
statements), emails queued as tasks in the database, and nothing queued for the followers (the
scheduler's sweep tells them: comments.tasks.notify_pending_followers). The settings,
discussion settings, spam model, sanctions, sessions and the article come from the cache
(comments.row_cache, config.sessions, comments.targets); what is left is the facts (one query),
the comment with its decision record and its posting claim (one statement:
comments.insert_chain, comments.claims), the confirmation email and its task for a comment
awaiting confirmation, or for a signed-in reader the account and the parent. An author's
second post on an article within a minute is made again under the posting lock when its claim
is taken: the lock and the facts once more. A guest's own comments are
remembered in a signed cookie (comments.own_comments), not in a session.
"""

from __future__ import annotations

from contextlib import contextmanager

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from comments.models import Status, TribuneComment
from comments.tests.factories import CommentFactory
from comments.tests.helpers import comment_form_data

# PostgreSQL stores the comment and its record in one statement (comments.insert_chain) and
# reads the facts in one; SQLite (the zero-config default) keeps the ORM's statements, within
# the limit of 12.
MAX_QUERIES = 5 if connection.vendor == "postgresql" else 12
pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("trusting_policy", "production_queues"),
]


@pytest.fixture
def production_queues(settings):
    settings.TRIBUNE_EMAIL_DELIVERY = "tasks"
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


TRANSACTION_CONTROL = ("BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE SAVEPOINT")


@contextmanager
def at_most(limit: int):
    """Fail when the block runs more than `limit` statements, leaving out transaction control
    (SQLite's BEGIN IMMEDIATE and COMMIT are statements; PostgreSQL's are not)."""
    with CaptureQueriesContext(connection) as captured:
        yield
    work = [q["sql"] for q in captured if not q["sql"].startswith(TRANSACTION_CONTROL)]
    assert len(work) <= limit, "\n".join([f"{len(work)} statements:", *work])


def _post(client: Client, data: dict):
    return client.post(reverse("comments-post"), data, HTTP_USER_AGENT="Mozilla/5.0 (test)")


def _warm(client: Client, article) -> None:
    """One earlier post fills the row cache, as any earlier request of the site would have."""
    _post(client, comment_form_data(article, comment="An earlier comment", email="e@example.com"))


@pytest.mark.parametrize("confirm_by_email", [True, False])
def test_a_guest_comment_costs_a_fixed_few_queries(settings, article, confirm_by_email):
    settings.COMMENTS_XTD_CONFIRM_EMAIL = confirm_by_email
    _warm(Client(), article)
    data = comment_form_data(article, comment="A guest's words", email="guest@example.com")
    with at_most(MAX_QUERIES):
        response = _post(Client(), data)
    assert response.status_code == 302
    assert TribuneComment.objects.filter(comment="A guest's words").exists()


def test_a_signed_in_readers_reply_costs_a_fixed_few_queries(article, reader):
    parent = CommentFactory(content_object=article, followup=True, email_confirmed=True)
    client = Client()
    client.force_login(reader)
    _warm(Client(), article)
    client.get(reverse("readers-home"))  # the reader's session, as any earlier page loads it
    data = comment_form_data(article, comment="A reader's reply", reply_to=parent.pk)
    with at_most(MAX_QUERIES):
        response = _post(client, data)
    reply = TribuneComment.objects.get(comment="A reader's reply")
    assert response.status_code == 302
    assert (reply.parent_id, reply.user_id, reply.status) == (parent.pk, reader.pk, Status.APPROVED)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the chain is PostgreSQL's")
def test_a_published_guest_comment_is_two_statements_and_no_transaction(settings, article):
    """The facts, then the comment with its record and claim: no lock, no BEGIN or COMMIT."""
    settings.COMMENTS_XTD_CONFIRM_EMAIL = False
    _warm(Client(), article)
    data = comment_form_data(article, comment="Two statements", email="two@example.com")
    with CaptureQueriesContext(connection) as captured:
        response = _post(Client(), data)
    assert response.status_code == 302
    assert [q["sql"].split()[0] for q in captured] == ["SELECT", "WITH"]
    assert TribuneComment.objects.get(comment="Two statements").status == Status.APPROVED


def test_an_authors_second_post_within_a_minute_is_made_under_the_lock(article):
    """Its claim is taken by the first: it is made again serialised, and still stored once."""
    client = Client()
    _post(client, comment_form_data(article, comment="First words", email="again@example.com"))
    data = comment_form_data(article, comment="Second words", email="again@example.com")
    with at_most(MAX_QUERIES + 3):
        response = _post(client, data)
    assert response.status_code == 302
    assert TribuneComment.objects.filter(comment="Second words").count() == 1


def test_the_facts_are_gathered_in_one_query(article):
    from comments.moderation.facts import gather_facts, submission_for
    from comments.moderation.site_settings import current_policy
    from comments.moderation.spam_store import active_spam_model

    CommentFactory(content_object=article, user_email="same@example.com", ip_address="10.0.0.1")
    comment = TribuneComment(
        content_object=article, user_email="SAME@example.com", comment="x", ip_address="10.0.0.1"
    )
    policy = current_policy()
    active_spam_model()  # from the row cache from now on, as in a running site
    with CaptureQueriesContext(connection) as queries:
        facts = gather_facts(submission_for(comment), article, policy, article=object())
    assert len(queries) == 1
    assert (facts.recent_by_ip, facts.recent_by_email, facts.has_approved_history) == (1, 1, True)

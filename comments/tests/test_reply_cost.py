"""A reply costs the same number of SQL statements whatever the size of its thread."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from blog.tests.factories import BlogPageFactory
from comments.models import TribuneComment
from comments.seeding import seed_comments
from comments.tests.factories import CommentFactory

pytestmark = pytest.mark.django_db


def _statements_for_a_reply(thread_size: int) -> int:
    article = BlogPageFactory()
    seed_comments(article, thread_size, seed=5, one_thread=True)
    thread = TribuneComment.objects.for_target(article)
    assert thread.values("thread_id").distinct().count() == 1
    assert thread.count() == thread_size
    parent = thread.filter(level=2, status="approved").order_by("pk").first()
    with CaptureQueriesContext(connection) as statements:
        reply = CommentFactory(parent=parent)
    ordered = list(thread.in_thread_order().values_list("pk", flat=True))
    subtree_end = ordered.index(parent.pk) + parent.nested_count + 1
    assert ordered.index(reply.pk) == subtree_end
    return len(statements)


def test_reply_into_a_huge_thread_costs_what_it_costs_in_a_small_one():
    assert _statements_for_a_reply(100) == _statements_for_a_reply(10_000)


def test_reply_updates_each_ancestors_reply_count_once():
    root = CommentFactory()
    child = CommentFactory(parent=root)
    CommentFactory(parent=CommentFactory(parent=child))
    root.refresh_from_db()
    child.refresh_from_db()
    assert (root.nested_count, child.nested_count) == (3, 2)

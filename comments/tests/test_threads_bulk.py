"""insert_comments_bulk (imports) leaves threads exactly as insert_comment one by one would."""

import pytest
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from blog.tests.factories import BlogPageFactory
from comments.models import Status, TribuneComment
from comments.tests.factories import CommentFactory
from comments.threads import insert_comment, insert_comments_bulk
from comments.transitions import comment_set_initial_status

pytestmark = pytest.mark.django_db


@st.composite
def forests(draw):
    """Each comment replies to an earlier one or starts a thread; some already stored."""
    n = draw(st.integers(1, 25))
    parents = [None] + [draw(st.one_of(st.none(), st.integers(0, i - 1))) for i in range(1, n)]
    stored = draw(st.integers(0, n))  # the first `stored` exist before the bulk insert
    return parents, stored


def _new(article, i):
    comment = TribuneComment(
        content_object=article, site_id=1, user_name=f"R{i}", comment="x", comment_html="<p>x</p>",
        submit_date=timezone.now(), followers_notified=True,
    )  # fmt: skip
    return comment_set_initial_status(comment, status=Status.APPROVED)


def _build(parents, stored, bulk):
    article = BlogPageFactory()
    made = []
    pending = []
    for i, parent_index in enumerate(parents):
        comment = _new(article, i)
        parent = None if parent_index is None else made[parent_index]
        if i < stored or not bulk:
            insert_comment(comment, parent)
        else:
            comment.level = 0 if parent is None else parent.level + 1
            pending.append((comment, parent))
        made.append(comment)
    insert_comments_bulk(pending)
    return _shape(article)


def _shape(article):
    rows = list(TribuneComment.objects.for_target(article).in_thread_order())
    names = {c.pk: c.user_name for c in rows}
    return [
        (c.level, c.nested_count, len(c.thread_path) // 12, names[c.parent_id],
         names[c.thread_id], c.status, c.user_name)
        for c in rows
    ]  # fmt: skip


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(forest=forests())
def test_bulk_insert_gives_the_threads_one_by_one_insert_gives(forest):
    parents, stored = forest
    assert _build(parents, stored, bulk=True) == _build(parents, stored, bulk=False)


def test_bulk_inserted_comments_are_usable_as_stored_comments():
    root = CommentFactory()
    reply = _new(root.content_object, 1)
    insert_comments_bulk([(reply, root)])
    fresh = TribuneComment.objects.get(pk=reply.pk)
    assert (fresh.parent_id, fresh.thread_id, fresh.level) == (root.pk, root.pk, 1)
    assert fresh.thread_path == reply.thread_path and not reply._state.adding
    assert TribuneComment.objects.get(pk=root.pk).nested_count == 1

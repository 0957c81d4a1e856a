"""Threads keep their shape: the database refuses two comments at one place, and a reply moves
nothing else."""

import pytest
from django.db import IntegrityError, transaction

from comments.models import TribuneComment
from comments.tests.factories import CommentFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_two_comments_cannot_share_a_place_in_a_thread():
    root = CommentFactory()
    first = CommentFactory(parent=root)
    second = CommentFactory(parent=root)
    with pytest.raises(IntegrityError), transaction.atomic():
        TribuneComment.objects.filter(pk=second.pk).update(thread_path=first.thread_path)


def test_a_reply_changes_no_comment_but_its_ancestors_reply_counts():
    root = CommentFactory()
    first, second = CommentFactory(parent=root), CommentFactory(parent=root)
    CommentFactory(parent=second)
    before = {c["id"]: c for c in TribuneComment.objects.values()}
    late = CommentFactory(parent=first)
    after = {c["id"]: c for c in TribuneComment.objects.values()}
    for ancestor in (root, first):
        after[ancestor.pk]["nested_count"] -= 1
    assert {pk: after[pk] for pk in before} == before
    ordered = list(TribuneComment.objects.for_target(root.content_object).in_thread_order())
    assert ordered.index(late) == ordered.index(first) + 1

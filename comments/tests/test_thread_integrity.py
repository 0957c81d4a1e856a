"""The database itself refuses a corrupted thread order (PostgreSQL)."""

import pytest
from django.db import IntegrityError, connection, transaction
from django_comments_xtd.models import XtdComment

from comments.tests.factories import CommentFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite cannot defer unique checks")
def test_two_comments_cannot_share_a_place_in_a_thread():
    root = CommentFactory()
    first = CommentFactory(parent=root)
    second = CommentFactory(parent=root)
    with pytest.raises(IntegrityError), transaction.atomic():
        XtdComment.norel_objects.filter(pk=second.pk).update(order=first.order)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite cannot defer unique checks")
def test_renumbering_inside_a_transaction_is_allowed():
    root = CommentFactory()
    reply = CommentFactory(parent=root)
    CommentFactory(parent=reply)
    late = CommentFactory(parent=root)
    assert sorted(
        XtdComment.norel_objects.filter(thread_id=root.pk).values_list("order", flat=True)
    ) == [1, 2, 3, 4]
    assert late.order == 4

"""seed_comments: bulk threads that look like those the site itself would store."""

import pytest
from django.core.management import CommandError, call_command

from blog.tests.factories import BlogPageFactory
from comments.models import TribuneComment
from comments.tests.factories import CommentFactory
from comments.threads import build_tree

pytestmark = pytest.mark.django_db


def test_command_adds_the_requested_number_of_comments():
    article = BlogPageFactory(slug="seeded")
    call_command("seed_comments", "seeded", "--count", "120", "--seed", "3")
    assert TribuneComment.objects.for_target(article).count() == 120


def test_seeded_threads_have_mixed_depths_and_some_held():
    article = BlogPageFactory(slug="seeded")
    call_command("seed_comments", "seeded", "--count", "200", "--seed", "3")
    comments = TribuneComment.objects.for_target(article)
    assert set(comments.values_list("level", flat=True)) == {0, 1, 2, 3}
    assert comments.filter(is_public=False).exists()
    assert comments.values("user_name").distinct().count() > 5


def test_seeded_thread_order_matches_real_replies():
    article = BlogPageFactory(slug="seeded")
    call_command("seed_comments", "seeded", "--count", "150", "--seed", "11")
    comments = list(TribuneComment.objects.for_target(article).in_thread_order())
    # Each reply directly follows its parent's earlier subtree: a depth-first walk.
    assert all(c.parent_id == c.pk or c.parent_id in {p.pk for p in comments} for c in comments)
    walked = [
        node.comment for thread in build_tree(comments, max_level=3) for node in _walk(thread)
    ]
    assert walked == [c for c in comments if c in walked]
    for thread in build_tree(comments, max_level=3):
        _assert_counts(thread)
    # A reply stored through the site's own code lands after the seeded subtree.
    root = next(c for c in comments if c.level == 0 and c.nested_count > 0)
    reply = CommentFactory(parent=root)
    ordered = list(TribuneComment.objects.for_target(article).in_thread_order())
    assert ordered.index(reply) == ordered.index(root) + root.nested_count + 1


def _walk(node):
    yield node
    for child in node.children:
        yield from _walk(child)


def _assert_counts(node) -> int:
    below = sum(_assert_counts(child) + 1 for child in node.children)
    assert node.comment.nested_count == below
    return below


def test_unknown_slug_is_a_clear_error():
    with pytest.raises(CommandError, match="No article with slug"):
        call_command("seed_comments", "missing", "--count", "5")

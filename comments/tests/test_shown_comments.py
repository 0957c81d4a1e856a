"""An article page's light comment rows read exactly like the comments they stand for."""

import pytest

from comments import tree_html
from comments.models import Status, TribuneComment
from comments.shown_comments import SHOWN_FIELDS, shown
from comments.tests.factories import CommentFactory
from comments.threads import build_tree

pytestmark = pytest.mark.django_db


def _discussion(article):
    first = CommentFactory(content_object=article, user_name="Urs", user_url="https://urs.example")
    CommentFactory(content_object=article, parent=first, comment="A <b>bold</b> reply")
    CommentFactory(content_object=article, parent=first, status=Status.REMOVED)
    CommentFactory(content_object=article, user_name="x" * 50, author_name="x" * 120)
    return TribuneComment.objects.for_target(article).order_by("thread_path")


def test_a_shown_row_has_the_models_values_and_properties(article):
    comments = _discussion(article)
    for model, row in zip(comments, shown(comments), strict=True):
        for name in SHOWN_FIELDS:
            assert getattr(row, name) == getattr(model, name), name
        for name in ("display_name", "anchor", "awaiting_moderation", "id"):
            assert getattr(row, name) == getattr(model, name), name


def test_the_tree_of_shown_rows_renders_as_the_tree_of_comments(article):
    comments = _discussion(article)

    def html(rows):
        threads = build_tree(rows, max_level=3)
        return tree_html.render_threads(threads, accepts_comments=True, more_url=None)

    assert html(shown(comments)) == html(list(comments))

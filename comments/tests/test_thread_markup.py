"""The thread's markup per comment stays lean: an article may list hundreds of comments, and
page 1 of a 10,000-comment article must stay under 300 KB (issue 17).

Measured on 50 comments in ten threads three replies deep, by the same short name with a
one-letter text, with every comment id written as one character (so that the count does not
depend on how far the database's ids have gone): 717 bytes a comment before the design of
issue 16 (avatars added, the reply slot and data attributes dropped), 671 after.
"""

import re
from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone

from comments.discussion import discussion_for
from comments.models import Status
from comments.tests.factories import CommentFactory
from comments.tree_html import render_threads

pytestmark = pytest.mark.django_db

BYTES_PER_COMMENT = 680
IDS = re.compile(r"(?<=c)\d+|(?<=/)\d+(?=/)")


def test_thread_markup_stays_within_its_bytes_per_comment(article):
    when = datetime(2016, 10, 21, 12, 43, tzinfo=UTC)
    count = 0

    def comment(parent=None):
        nonlocal count
        count += 1
        return CommentFactory(
            content_object=article,
            parent=parent,
            user_name="Reader",
            comment="x",
            submit_date=when + timedelta(minutes=count),
        )

    for _thread in range(10):
        top = comment()
        comment(top)
        comment(comment(comment(top)))  # replies three levels deep
    discussion = discussion_for(article)
    html = IDS.sub("N", render_threads(discussion.threads, accepts_comments=True))
    assert html.count('<li class="comment') == count == 50
    print(f"{len(html.encode()) / count:.0f} bytes a comment")
    assert len(html.encode()) / count <= BYTES_PER_COMMENT


def _item(html: str, pk: int) -> str:
    """One comment's own markup: from its <li> to the next comment's."""
    start = html.index(f'id="c{pk}"')
    following = html.find("<li ", start)
    return html[html.rindex("<li ", 0, start) : following if following != -1 else None]


def test_staff_edited_and_removed_comments_look_different_and_say_so(article):
    staff = CommentFactory(content_object=article, is_staff_reply=True)
    edited = CommentFactory(content_object=article, redacted_at=timezone.now())
    removed = CommentFactory(content_object=article, status=Status.REMOVED)
    CommentFactory(content_object=article, parent=removed)  # so the removed one keeps its place
    html = render_threads(discussion_for(article).threads, accepts_comments=True)
    assert "comment--staff" in _item(html, staff.pk)
    assert '<span class="staff-badge">Staff</span>' in _item(html, staff.pk)
    assert '<p class="comment-edited">Edited by a moderator.</p>' in _item(html, edited.pk)
    assert "comment-removed" in _item(html, removed.pk)
    assert "This comment was removed." in _item(html, removed.pk)

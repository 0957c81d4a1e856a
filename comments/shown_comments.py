"""The comments an article page shows, as light rows rather than model instances.

Building a TribuneComment (django-comments' three tables, forty-odd fields) for each of a
page's 150 comments cost more than rendering them; a page reads a score of columns. A
ShownComment carries those columns under the model's names and borrows the model's own
properties (display_name, anchor, awaiting_moderation), so the tree, the templates and the
structured data read it as they read a comment.
"""

from __future__ import annotations

from comments.models import TribuneComment

SHOWN_FIELDS = (
    "pk",
    "thread_id",
    "parent_id",
    "level",
    "thread_path",
    "status",
    "comment_type",
    "user_id",
    "user_name",
    "author_name",
    "user_email",
    "user_url",
    "submit_date",
    "is_staff_reply",
    "in_reply_to_name",
    "comment_html",
    "redacted_at",
    "edited_at",
    "withdrawn",
)


class ShownComment:
    """One row of SHOWN_FIELDS, read like the comment it is."""

    __slots__ = SHOWN_FIELDS

    display_name = TribuneComment.display_name
    anchor = TribuneComment.anchor
    awaiting_moderation = TribuneComment.awaiting_moderation

    def __init__(self, *values) -> None:
        for name, value in zip(SHOWN_FIELDS, values, strict=True):
            setattr(self, name, value)

    @property
    def id(self) -> int:
        return self.pk

    def __repr__(self) -> str:
        return f"<ShownComment {self.pk}>"


def shown(queryset) -> list[ShownComment]:
    """The queryset's comments as ShownComment rows, in its order."""
    return [ShownComment(*row) for row in queryset.values_list(*SHOWN_FIELDS)]

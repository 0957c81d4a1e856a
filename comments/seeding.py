"""Generate realistic threaded discussions in bulk, for demos and benchmarks."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.contrib.contenttypes.models import ContentType
from django.db import connection, models, transaction
from django.utils import timezone
from django_comments.models import Comment
from django_comments_xtd.models import XtdComment

from comments.models import ModerationDecision, Status, TribuneComment, path_segment
from comments.moderation.facts import thread_depth_limit
from comments.moderation.site_settings import current_policy
from comments.moderation.types import Verdict
from comments.sanitizer import sanitize
from comments.signals import announce_discussion_changed
from comments.transitions import comment_set_initial_status

NAMES = [
    "Amira", "Ben", "Chiara", "Dmitri", "Elif", "Farid", "Grace", "Hamza", "Ines", "Jonas",
    "Kemal", "Lina", "Malik", "Nora", "Omar", "Priya", "Rania", "Sami", "Tess", "Urs",
    "Vera", "Yusuf", "Zeynep", "Hannah K.", "J. Whitfield",
]  # fmt: skip
SENTENCES = [
    "I read this twice and I still think the central claim holds.",
    "The numbers in the third paragraph deserve a source.",
    "This is the clearest account of the issue I have seen this year.",
    "I am not convinced: the same argument was made in 2013 and it did not age well.",
    "Thank you for writing this.",
    "Could you say more about the role of the neighbouring governments?",
    "My family lived through this, and the article gets the human cost right.",
    "There is a report from an independent monitor that says otherwise.",
    "Pressure without a plan for what comes after rarely works.",
    "Where can readers go to help?",
    "I disagree with the conclusion but respect the reasoning.",
    "The comparison with earlier conflicts is apt.",
    "This deserves far wider attention than it is getting.",
    "The policy recommendations are specific, which is rare and welcome.",
    "Sanctions have not changed behaviour so far; why would they now?",
    "A longer piece on the history would help newcomers to the subject.",
    "Well said.",
    "See https://example.org/report for the full figures.",
    "Nobody in the debate seems to be listening to the people on the ground.",
    "I shared this with my local representative.",
]
HELD_SHARE = 0.05
REPLY_SHARE = 0.55


@dataclass
class _Planned:
    index: int
    parent: _Planned | None
    name: str
    text: str
    submitted: datetime
    public: bool
    level: int = 0
    children: list[_Planned] = field(default_factory=list)
    pk: int = 0
    descendants: int = 0

    @property
    def root(self) -> _Planned:
        node = self
        while node.parent is not None:
            node = node.parent
        return node


def seed_comments(
    target: models.Model,
    count: int,
    *,
    seed: int | None = None,
    site_id: int = 1,
    one_thread: bool = False,
) -> int:
    """Add `count` threaded comments (mixed depths, authors, lengths, some held) to `target`;
    with `one_thread`, all of them in a single thread (for benchmarks of very long threads)."""
    rng = random.Random(seed)
    planned = _plan(count, rng, thread_depth_limit(target, current_policy()), one_thread)
    _count_descendants(planned)
    with transaction.atomic():
        _insert(target, planned, site_id)
        announce_discussion_changed(
            content_type_id=ContentType.objects.get_for_model(target).pk,
            object_pk=str(target.pk),
            cause="seeded",
        )
    return len(planned)


def _plan(
    count: int, rng: random.Random, max_level: int, one_thread: bool = False
) -> list[_Planned]:
    start = timezone.now() - timedelta(minutes=count * 7)
    planned: list[_Planned] = []
    can_take_replies: list[_Planned] = []
    for index in range(count):
        parent = None
        if can_take_replies and (one_thread or rng.random() < REPLY_SHARE):
            parent = rng.choice(can_take_replies)
        text = " ".join(rng.choices(SENTENCES, k=rng.choice([1, 1, 2, 3, 5, 8])))
        if rng.random() < 0.3:
            text = text.replace(". ", ".\n\n", 1)
        item = _Planned(
            index=index,
            parent=parent,
            name=rng.choice(NAMES),
            text=text,
            submitted=start + timedelta(minutes=index * 7 + rng.randint(0, 6)),
            public=index == 0 or rng.random() >= HELD_SHARE,
            level=parent.level + 1 if parent else 0,
        )
        if parent:
            parent.children.append(item)
        if item.public and item.level < max_level:
            can_take_replies.append(item)
        planned.append(item)
    return planned


def _count_descendants(planned: list[_Planned]) -> None:
    """Count each comment's replies, however deep (xtd's nested_count)."""
    for item in reversed(planned):  # replies always come after their parent
        if item.parent is not None:
            item.parent.descendants += item.descendants + 1


def _insert(target: models.Model, planned: list[_Planned], site_id: int) -> None:
    content_type = ContentType.objects.get_for_model(target)
    html_cache: dict[str, str] = {}
    comments = []
    for item in planned:
        if item.text not in html_cache:
            html_cache[item.text] = sanitize(item.text)
        status = Status.APPROVED if item.public else Status.HELD
        comments.append(
            TribuneComment(
                content_type=content_type,
                object_pk=str(target.pk),
                site_id=site_id,
                user_name=item.name,
                user_email=f"{item.name.split()[0].lower()}{item.index % 7}@example.com",
                comment=item.text,
                comment_html=html_cache[item.text],
                submit_date=item.submitted,
                ip_address=f"192.0.2.{item.index % 250 + 1}",
                level=item.level,
                nested_count=item.descendants,
                followers_notified=True,
                moderation_reason="seeded" if item.public else "seeded_held",
                moderation_summary="Seeded for a demo or benchmark.",
            )
        )
        comment_set_initial_status(comments[-1], status=status)
    # django-comments-xtd's model is multi-table, which bulk_create refuses: the base table is
    # bulk-created (returning ids) and each child table filled with one executemany.
    base_rows = [
        Comment(
            **{
                f.attname: getattr(c, f.attname)
                for f in Comment._meta.concrete_fields
                if not f.primary_key
            }
        )
        for c in comments
    ]
    Comment.objects.bulk_create(base_rows, batch_size=500)
    for item, comment, row in zip(planned, comments, base_rows, strict=True):
        item.pk = comment.pk = comment.id = comment.comment_ptr_id = comment.xtdcomment_ptr_id = (
            row.pk
        )
    paths: dict[int, str] = {}
    for item, comment in zip(planned, comments, strict=True):
        comment.thread_id = item.root.pk
        comment.parent_id = item.parent.pk if item.parent else item.pk
        # The same path comments.threads.insert_comment gives (parents are planned first).
        paths[item.pk] = (paths[item.parent.pk] if item.parent else "") + path_segment(item.pk)
        comment.thread_path = paths[item.pk]
    _insert_child_rows(XtdComment, comments)
    _insert_child_rows(TribuneComment, comments)
    ModerationDecision.objects.bulk_create(
        [
            ModerationDecision(
                comment_id=item.pk,
                content_type=content_type,
                object_pk=str(target.pk),
                verdict=Verdict.APPROVE if item.public else Verdict.HOLD,
                reasons=[] if item.public else ["seeded_held"],
                summary="Seeded for a demo or benchmark.",
                stage="posting",
                created_at=item.submitted,
            )
            for item in planned
        ],
        batch_size=500,
    )


def _insert_child_rows(model: type[models.Model], comments: list[TribuneComment]) -> None:
    """Insert the columns that `model`'s own table holds, for every comment."""
    fields = model._meta.local_concrete_fields
    quote = connection.ops.quote_name
    columns = ", ".join(quote(f.column) for f in fields)
    placeholders = ", ".join(["%s"] * len(fields))
    sql = f"INSERT INTO {quote(model._meta.db_table)} ({columns}) VALUES ({placeholders})"
    rows = [
        tuple(f.get_db_prep_save(getattr(c, f.attname), connection) for f in fields)
        for c in comments
    ]
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)

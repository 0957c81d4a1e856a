"""Build the rules' inputs: a Submission from a comment and its request, Facts from the database."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.models import Count, Min, Q
from django.utils import timezone

from comments.models import AccountSanction, Status, TribuneComment, reader_comment_types
from comments.moderation.facts_query import FactsParams, facts_row
from comments.moderation.spam_store import active_spam_model
from comments.moderation.types import ArticleCommentSettings, Facts, PolicySnapshot, Submission
from comments.row_cache import cached_row
from comments.sanitizer_report import describe_removed_markup


def article_settings(target) -> ArticleCommentSettings:
    """What the target says about its discussion; any target may offer comment_settings()."""
    provider = getattr(target, "comment_settings", None)
    if provider is not None:
        return provider()
    return ArticleCommentSettings(accepting=target.accepts_comments())


def submission_for(
    comment: TribuneComment, *, rendered_at: datetime | None = None, honeypot: str = ""
) -> Submission:
    """The rules' view of a comment; the form adds what only the posting moment knows."""
    user = comment.user if comment.user_id else None
    return Submission(
        text=comment.comment,
        html=comment.comment_html,
        removed_markup=describe_removed_markup(comment.comment),
        author_name=comment.display_name,
        email=comment.user_email,
        url=comment.user_url,
        ip=comment.ip_address,
        user_agent=comment.user_agent,
        user_id=comment.user_id,
        is_staff=bool(user and user.is_staff),
        parent_id=comment.parent_id
        if comment.parent_id and comment.parent_id != comment.pk
        else None,
        rendered_at=rendered_at,
        submitted_at=comment.submit_date,
        honeypot=honeypot,
    )


def gather_facts(
    submission: Submission,
    target,
    policy: PolicySnapshot,
    *,
    article: ArticleCommentSettings | None = None,
    exclude_pk: int | None = None,
    now: datetime | None = None,
) -> Facts:
    """What the database knows about this author, text and article right now.

    One query over the author's comments (by email or account) and the sender's recent ones
    (by address), both indexed (comments migrations 0014 and 0016): flood counts, the oldest recent
    comment, the duplicate and the approved history are aggregates of those rows. A signed-in
    author's sanction is one more query; the spam model comes from the row cache. On
    PostgreSQL the query is SQL built once per shape (comments.moderation.facts_query).
    """
    now = now or timezone.now()
    article = article if article is not None else article_settings(target)
    if connection.vendor == "postgresql":
        row = facts_row(_facts_params(submission, target, policy, now, exclude_pk))
    else:
        row = _facts_row_orm(submission, target, policy, now, exclude_pk)
    sanction = sanction_in_force(submission.user_id, now) if submission.user_id else None
    return Facts(
        now=now,
        article=article,
        recent_by_ip=row.get("by_ip") or 0,
        recent_by_email=row.get("by_email") or 0,
        oldest_recent_at=row.get("oldest"),
        duplicate_of=row.get("duplicate_of"),
        has_approved_history=bool(row.get("history")),
        spam_model=active_spam_model(),
        author_banned=bool(sanction and sanction.kind == AccountSanction.Kind.BAN),
        author_suspended_until=sanction.until if sanction and sanction.until else None,
        snapshot=row.get("snapshot"),
    )


def _facts_params(submission, target, policy, now, exclude_pk) -> FactsParams:
    return FactsParams(
        ip=submission.ip or None,
        email=submission.email or "",
        user_id=submission.user_id or None,
        exclude_pk=exclude_pk or None,
        window_start=now - timedelta(minutes=policy.flood_window_minutes),
        duplicate_since=now - timedelta(minutes=policy.duplicate_window_minutes),
        content_type_id=ContentType.objects.get_for_model(target).pk,
        object_pk=str(target.pk),
        text=submission.text,
        reader_types=tuple(reader_comment_types()),
    )


def _facts_row_orm(submission, target, policy, now, exclude_pk) -> dict:
    """The same aggregates through the ORM: other databases (SQLite), and the yardstick the
    PostgreSQL query (comments.moderation.facts_query) is tested against."""
    window_start = now - timedelta(minutes=policy.flood_window_minutes)
    by_ip = Q(ip_address=submission.ip) if submission.ip else None
    by_email = Q(user_email__iexact=submission.email) if submission.email else None
    same_author = _same_author(submission)
    recent_sender = _any(by_ip, by_email)
    recent = Q(submit_date__gte=window_start)
    wanted = {}
    if by_ip is not None:
        wanted["by_ip"] = Count("pk", filter=by_ip & recent)
    if by_email is not None:
        wanted["by_email"] = Count("pk", filter=by_email & recent)
    if recent_sender is not None:
        wanted["oldest"] = Min("submit_date", filter=recent_sender & recent)
    if same_author is not None:
        duplicate = _duplicate(same_author, submission.text, target, now, policy)
        wanted["duplicate_of"] = Min("pk", filter=duplicate)
        wanted["history"] = Count("pk", filter=same_author & _published())
    row = {}
    if wanted:
        others = TribuneComment.objects.all()
        if exclude_pk:
            others = others.exclude(pk=exclude_pk)
        scope = _any(recent_sender & recent if recent_sender else None, same_author)
        row = others.filter(scope).aggregate(**wanted)
    return row


def _any(*conditions: Q | None) -> Q | None:
    kept = [c for c in conditions if c is not None]
    if not kept:
        return None
    combined = kept[0]
    for condition in kept[1:]:
        combined |= condition
    return combined


def _published() -> Q:
    return Q(status=Status.APPROVED, comment_type__in=reader_comment_types())


def _duplicate(same_author: Q | None, text: str, target, now: datetime, policy) -> Q:
    """The same text by the same author on the same article lately, unless it was removed."""
    if same_author is None:
        return Q(pk__in=[])
    since = now - timedelta(minutes=policy.duplicate_window_minutes)
    return (
        same_author
        & Q(
            content_type_id=ContentType.objects.get_for_model(target).pk,
            object_pk=str(target.pk),
            comment=text,
            submit_date__gte=since,
        )
        & ~Q(status=Status.REMOVED)
    )


def sanction_in_force(user_id: int, now: datetime) -> AccountSanction | None:
    """The account's latest sanction, if it still applies (a ban, or a suspension not over)."""
    latest = cached_row(
        sanction_row_key(user_id),
        lambda: (
            AccountSanction.objects.filter(user_id=user_id).order_by("-created_at", "-pk").first()
        ),
    )
    if latest is None or latest.kind == AccountSanction.Kind.REINSTATE:
        return None
    if latest.kind == AccountSanction.Kind.SUSPEND and (
        latest.until is None or latest.until <= now
    ):
        return None
    return latest


def sanction_row_key(user_id: int) -> str:
    """The row cache's key of an account's latest sanction (forgotten when one is recorded)."""
    return f"tribune:row:sanction:{user_id}"


def _same_author(submission: Submission) -> Q | None:
    conditions = Q()
    if submission.email:
        conditions |= Q(user_email__iexact=submission.email)
    if submission.user_id:
        conditions |= Q(user_id=submission.user_id)
    return conditions or None


def thread_depth_limit(target, policy: PolicySnapshot) -> int:
    """How deep replies may nest on this target."""
    return article_settings(target).effective_depth(policy)

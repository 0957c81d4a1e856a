"""Build the rules' inputs: a Submission from a comment and its request, Facts from the database."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db.models import Min, Q
from django.utils import timezone

from comments.models import AccountSanction, Status, TribuneComment
from comments.moderation.spam_store import active_spam_model
from comments.moderation.types import ArticleCommentSettings, Facts, PolicySnapshot, Submission
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
    """What the database knows about this author, text and article right now."""
    now = now or timezone.now()
    article = article if article is not None else article_settings(target)
    others = (
        TribuneComment.objects.exclude(pk=exclude_pk)
        if exclude_pk
        else TribuneComment.objects.all()
    )
    window_start = now - timedelta(minutes=policy.flood_window_minutes)
    recent = others.filter(submit_date__gte=window_start)
    by_ip = recent.filter(ip_address=submission.ip).count() if submission.ip else 0
    by_email = recent.filter(user_email__iexact=submission.email).count() if submission.email else 0
    same_author = _same_author(submission)
    oldest = None
    if by_ip or by_email:
        same_sender = Q(pk__in=[])
        if submission.ip:
            same_sender |= Q(ip_address=submission.ip)
        if submission.email:
            same_sender |= Q(user_email__iexact=submission.email)
        oldest = recent.filter(same_sender).aggregate(oldest=Min("submit_date"))["oldest"]
    duplicate_of = None
    if same_author is not None:
        duplicate_of = _duplicate_of(
            others.for_target(target),
            same_author,
            submission.text,
            now,
            policy.duplicate_window_minutes,
        )
    history = same_author is not None and others.published().filter(same_author).exists()
    sanction = sanction_in_force(submission.user_id, now) if submission.user_id else None
    return Facts(
        now=now,
        article=article,
        recent_by_ip=by_ip,
        recent_by_email=by_email,
        oldest_recent_at=oldest,
        duplicate_of=duplicate_of,
        has_approved_history=history,
        spam_model=active_spam_model(),
        author_banned=bool(sanction and sanction.kind == AccountSanction.Kind.BAN),
        author_suspended_until=sanction.until if sanction and sanction.until else None,
    )


def sanction_in_force(user_id: int, now: datetime) -> AccountSanction | None:
    """The account's latest sanction, if it still applies (a ban, or a suspension not over)."""
    latest = AccountSanction.objects.filter(user_id=user_id).order_by("-created_at", "-pk").first()
    if latest is None or latest.kind == AccountSanction.Kind.REINSTATE:
        return None
    if latest.kind == AccountSanction.Kind.SUSPEND and (
        latest.until is None or latest.until <= now
    ):
        return None
    return latest


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


def _duplicate_of(
    comments, same_author: Q, text: str, now: datetime, window_minutes: int
) -> int | None:
    return (
        comments.filter(same_author, comment=text)
        .filter(submit_date__gte=now - timedelta(minutes=window_minutes))
        .exclude(status=Status.REMOVED)
        .order_by("pk")
        .values_list("pk", flat=True)
        .first()
    )

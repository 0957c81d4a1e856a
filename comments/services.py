"""What happens to comments: posting, confirming, flagging, and moderators' actions."""

from __future__ import annotations

import enum
from dataclasses import dataclass, replace

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_comments.models import CommentFlag
from wagtail.models import Site

from comments import notifications, tokens
from comments.locks import serialize_on
from comments.models import ModerationDecision, Status, TribuneComment
from comments.moderation import record as decisions
from comments.moderation.facts import find_duplicate, thread_depth_limit
from comments.moderation.site_settings import ModerationSettings, current_policy
from comments.moderation.types import Decision, Finding, Verdict
from comments.sanitizer import sanitize
from comments.signals import announce_discussion_changed
from comments.threads import insert_comment

STATUS_FOR_VERDICT = {
    Verdict.APPROVE: Status.APPROVED,
    Verdict.HOLD: Status.HELD,
    Verdict.SPAM: Status.SPAM,
}


class Outcome(enum.Enum):
    PUBLISHED = "published"
    AWAITING_CONFIRMATION = "awaiting_confirmation"
    AWAITING_MODERATION = "awaiting_moderation"


@dataclass(frozen=True)
class PostResult:
    comment: TribuneComment
    outcome: Outcome


class CommentRefused(Exception):
    """The pipeline refused the comment; nothing was stored. Carries the decision."""

    def __init__(self, decision: Decision):
        super().__init__(decision.summary)
        self.decision = decision


def duplicate_decision(decision: Decision, first_id: int) -> Decision:
    """The decision for a post that repeats one stored a moment ago."""
    finding = Finding(
        "duplicate",
        Verdict.REJECT,
        "duplicate",
        "You have already posted this comment.",
        {"comment_id": first_id},
    )
    trace = tuple(finding if f.rule == "duplicate" else f for f in decision.trace)
    return replace(decision, verdict=Verdict.REJECT, deciding=(finding,), trace=trace)


def needs_email_confirmation(user) -> bool:
    """Anonymous commenters confirm by email when the site asks for it; signed-in users never."""
    return settings.COMMENTS_XTD_CONFIRM_EMAIL and not (user and user.is_authenticated)


def status_fields(status: str) -> dict:
    """The status and the django-comments flags that mirror it, for save() or update()."""
    return {
        "status": status,
        "is_public": status == Status.APPROVED,
        "is_removed": status == Status.REMOVED,
    }


def claim_status(comment_id: int, expected: str, status: str) -> bool:
    """Move a comment from `expected` to `status`; of simultaneous callers exactly one wins.

    The condition has to sit in a single-table UPDATE. `status` lives in Tribune's table while
    `is_public` and `is_removed` live in django-comments' table, and Django runs an update that
    spans several tables as a SELECT of the matching ids followed by UPDATEs by id alone, which
    every simultaneous caller passes. Call it inside a transaction.
    """
    won = TribuneComment.objects.filter(pk=comment_id, status=expected).update(status=status)
    if won:
        flags = {k: v for k, v in status_fields(status).items() if k != "status"}
        TribuneComment.objects.filter(pk=comment_id).update(**flags)
        announce_discussion_changed(comment_ids=(comment_id,), cause=status)
    return bool(won)


def refuse(comment: TribuneComment, target, decision: Decision) -> CommentRefused:
    """Record a refused submission (nothing else is stored) and build the exception to raise."""
    decisions.record(
        decision,
        stage="posting",
        target=target,
        author_email=comment.user_email,
        ip_address=comment.ip_address,
    )
    return CommentRefused(decision)


def post_comment(
    comment: TribuneComment, parent: TribuneComment | None, decision: Decision, *, user=None
) -> PostResult:
    """Store a new comment as the pipeline decided, in its thread, and send what follows."""
    if decision.verdict == Verdict.REJECT:
        raise refuse(comment, comment.content_object, decision)
    if user is not None and user.is_authenticated:
        comment.user = user
    decided = STATUS_FOR_VERDICT[decision.verdict]
    confirm = needs_email_confirmation(user) and decided != Status.SPAM
    for name, value in status_fields(Status.UNCONFIRMED if confirm else decided).items():
        setattr(comment, name, value)
    with transaction.atomic():
        # Two identical posts at once (a double click) must not both pass the duplicate
        # rule: the second waits here, then finds the first.
        serialize_on(
            "comment", comment.content_type_id, comment.object_pk, comment.user_email.lower()
        )
        first = find_duplicate(comment)
        if first is None:
            insert_comment(comment, parent)
            announce_discussion_changed(comment_ids=(comment.pk,), cause=comment.status)
            decisions.record(decision, stage="posting", comment=comment)
            if confirm:
                notifications.send_confirmation_request(comment)
            elif decided == Status.APPROVED:
                # Robust: the comment is stored by then, and its author must be told so even
                # if the database goes away before the followers are.
                transaction.on_commit(lambda: notifications.notify_followers(comment), robust=True)
            elif decided == Status.HELD:
                notifications.notify_held(comment)
    if first is not None:
        # Refused once the transaction is over: raised inside it, the record would roll back.
        raise refuse(comment, comment.content_object, duplicate_decision(decision, first))
    if confirm or (decided == Status.SPAM and needs_email_confirmation(user)):
        # Anonymous spam gets the same "check your email" answer as everyone else, though no
        # email is sent: the answer must not tell a spammer what was detected.
        return PostResult(comment, Outcome.AWAITING_CONFIRMATION)
    if decided == Status.APPROVED:
        return PostResult(comment, Outcome.PUBLISHED)
    # Spam is answered exactly like a hold, so that spammers learn nothing.
    return PostResult(comment, Outcome.AWAITING_MODERATION)


class BadLink(Exception):
    """An emailed link cannot be used; the message says why in plain words."""


def confirm_comment(token: str) -> TribuneComment:
    """Run the pipeline again for the comment a confirmation link names, and apply it once."""
    try:
        comment_id = tokens.read_confirmation_token(token)
    except tokens.InvalidToken as exc:
        raise BadLink(str(exc)) from exc
    comment = TribuneComment.objects.filter(pk=comment_id).first()
    if comment is None or comment.content_object is None:
        raise BadLink("The comment or its article no longer exists.")
    if comment.status != Status.UNCONFIRMED:
        return comment
    decision = decisions.decide_on_confirmation(comment)
    status = STATUS_FOR_VERDICT.get(decision.verdict, Status.REMOVED)
    with transaction.atomic():
        # A conditional UPDATE lets exactly one of several simultaneous clicks apply it.
        won = claim_status(comment_id, Status.UNCONFIRMED, status)
        if won:
            decisions.record(decision, stage="confirmation", comment=comment)
            if status == Status.APPROVED:
                transaction.on_commit(lambda: notifications.notify_followers(comment))
            elif status == Status.HELD:
                notifications.notify_held(comment)
    comment.refresh_from_db()
    if decision.verdict == Verdict.REJECT and won:
        raise BadLink(f"Your comment was not published: {decision.summary}")
    return comment


def mute_followups(token: str) -> int:
    """Stop follow-up emails about one article to the address in a mute link."""
    try:
        content_type_id, object_pk, email = tokens.read_mute_token(token)
    except tokens.InvalidToken as exc:
        raise BadLink(str(exc)) from exc
    return TribuneComment.objects.filter(
        content_type_id=content_type_id, object_pk=object_pk, user_email__iexact=email
    ).update(followup=False)


def flag_comment(comment: TribuneComment, user) -> bool:
    """A reader reports a comment; enough distinct reports send it back to the queue.

    Returns True when this flag sent the comment back to moderation.
    """
    CommentFlag.objects.get_or_create(comment=comment, user=user, flag=CommentFlag.SUGGEST_REMOVAL)
    if comment.status != Status.APPROVED:
        return False
    flaggers = tuple(
        CommentFlag.objects.filter(comment=comment, flag=CommentFlag.SUGGEST_REMOVAL)
        .order_by("flag_date")
        .values_list("user__username", flat=True)
    )
    decision = decisions.decide_on_flags(comment, flaggers)
    if decision.verdict != Verdict.HOLD:
        return False
    with transaction.atomic():
        won = claim_status(comment.pk, Status.APPROVED, Status.HELD)
        if won:
            decisions.record(decision, stage="flagging", comment=comment)
            notifications.notify_held(comment)
    return bool(won)


# Moderators' actions. Each adds a decision to the record; nothing is overwritten.


def approve(comment: TribuneComment, *, actor, note: str = "") -> ModerationDecision:
    """Publish a comment; followers hear of it unless they already did."""
    return _moderate(comment, Status.APPROVED, Verdict.APPROVE, actor, note, "approved")


def mark_spam(comment: TribuneComment, *, actor, note: str = "") -> ModerationDecision:
    """Take a comment down as spam."""
    return _moderate(comment, Status.SPAM, Verdict.SPAM, actor, note, "marked_spam")


def remove(comment: TribuneComment, *, actor, note: str = "") -> ModerationDecision:
    """Remove a comment; its approved replies stay visible under a placeholder."""
    return _moderate(comment, Status.REMOVED, Verdict.REMOVE, actor, note, "removed")


def restore(comment: TribuneComment, *, actor, note: str = "") -> ModerationDecision:
    """Publish again a comment that was removed or marked spam."""
    return _moderate(comment, Status.APPROVED, Verdict.RESTORE, actor, note, "restored")


def _moderate(comment, status, verdict, actor, note, reason) -> ModerationDecision:
    was_waiting = comment.status in {Status.HELD, Status.SPAM}
    with transaction.atomic():
        TribuneComment.objects.filter(pk=comment.pk).update(**status_fields(status))
        for name, value in status_fields(status).items():
            setattr(comment, name, value)
        record = decisions.record_action(comment, verdict, actor=actor, note=note, reason=reason)
        announce_discussion_changed(comment_ids=(comment.pk,), cause=reason)
        if status == Status.APPROVED:
            transaction.on_commit(lambda: notifications.notify_followers(comment))
        if was_waiting:
            notifications.notify_author_of_decision(comment, note)
    return record


def block_author(comment: TribuneComment, what: str) -> str:
    """Add the comment's email address or IP address to the site's blocklist."""
    entry = {"email": comment.user_email, "ip": comment.ip_address}.get(what)
    if not entry:
        raise ValueError("This comment has no such address to block.")
    policy = ModerationSettings.for_site(Site.objects.get(is_default_site=True))
    entries = policy.blocklist.splitlines()
    if entry.lower() not in {line.strip().lower() for line in entries}:
        policy.blocklist = "\n".join([*filter(None, (e.strip() for e in entries)), entry])
        policy.save(update_fields=["blocklist"])
    return entry


def staff_reply(parent: TribuneComment, user, text: str) -> TribuneComment:
    """Reply as the publication: marked as staff, published at once, recorded."""
    html = sanitize(text)
    if not html.strip():
        raise ValueError("Write a reply first.")
    if parent.status != Status.APPROVED:
        raise ValueError("Approve the comment before replying to it.")
    target = parent.content_object
    if target is None:
        raise ValueError("The article of this comment no longer exists.")
    reply = TribuneComment(
        content_type_id=parent.content_type_id,
        object_pk=parent.object_pk,
        site_id=parent.site_id,
        user=user,
        user_name=user.get_full_name() or user.get_username(),
        user_email=user.email,
        comment=text,
        comment_html=html,
        submit_date=timezone.now(),
        is_staff_reply=True,
        **status_fields(Status.APPROVED),
    )
    # Replies at the depth limit go beside the comment, under its parent.
    while (
        parent.level >= thread_depth_limit(target, current_policy())
        and parent.parent_id != parent.pk
    ):
        parent = TribuneComment.objects.get(pk=parent.parent_id)
    with transaction.atomic():
        insert_comment(reply, parent)
        decisions.record_action(reply, Verdict.APPROVE, actor=user, reason="staff_reply")
        announce_discussion_changed(comment_ids=(reply.pk,), cause="staff_reply")
        transaction.on_commit(lambda: notifications.notify_followers(reply))
    return reply

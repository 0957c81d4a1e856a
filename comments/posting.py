"""Posting a comment: the one way a reader's comment gets in.

The steps of a post, in order (the view has already parsed the form with comments.forms and
resolved the article with comments.targets):

1. `comment_post` loads the site's moderation settings and the article's comment settings,
   once each (both through the row cache, comments.row_cache).
2. It builds the unsaved comment: the reader's fields, and for a signed-in reader the name and
   email of their account (never the ones typed in a form), plus the client's address and
   browser.
3. Serialised per article and author, so that a double click or a burst cannot slip past the
   duplicate and flood rules, in one of two ways. First without the lock (PostgreSQL): the
   facts are read, and the comment is stored in one statement that also claims the article
   and author (comments.claims), with no transaction of its own when nothing else is written
   with it. If another post by the same author on the same article claimed since the facts
   were read, nothing is stored, and the post is made again under the lock, in one
   transaction, with the facts read again (and always so elsewhere: SQLite). Either way it
   a. gathers the facts (comments.moderation.facts): flood counts, the author's history, the
      duplicate search and the site's current spam model, each once;
   b. runs every rule (comments.moderation.pipeline.evaluate) into one Decision;
   c. if the decision refuses the comment, records it (comments.moderation.record) and
      returns REFUSED (or DUPLICATE, pointing at the first comment);
   d. otherwise stores the comment in its thread with its first status and its claim
      (comments.transitions.comment_create), which records the decision and queues what
      follows: the confirmation email for an anonymous reader, alerts to moderators for a
      held comment, and the followers' emails after the commit (except in production's
      "tasks" delivery, where the POST queues nothing for them: the scheduler's sweep of every
      minute, comments.tasks.notify_pending_followers, tells them).
4. Returns a PostResult that the view turns into a response.

Confirming an anonymous comment (`comment_confirm`) runs steps 1 and 3a-b again against the
facts of that moment and applies the result with comments.transitions.comment_transition.
"""

from __future__ import annotations

import enum
from contextlib import nullcontext
from dataclasses import dataclass
from datetime import datetime
from functools import partial

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from comments import notifications, tokens
from comments.claims import ClaimTaken, locked_claim, optimistic_claim, posting_lock_parts
from comments.insert_chain import chain_supported
from comments.locks import serialize_on
from comments.models import Status, TribuneComment, author_name_fields
from comments.moderation.facts import article_settings, gather_facts, submission_for
from comments.moderation.pipeline import evaluate
from comments.moderation.record import record_refusal
from comments.moderation.site_settings import current_policy
from comments.moderation.types import Decision, PolicySnapshot, Verdict
from comments.transitions import (
    STATUS_FOR_VERDICT,
    TransitionRefused,
    comment_create,
    comment_transition,
)


class Outcome(enum.Enum):
    PUBLISHED = "published"
    AWAITING_CONFIRMATION = "awaiting_confirmation"
    AWAITING_MODERATION = "awaiting_moderation"
    DUPLICATE = "duplicate"
    REFUSED = "refused"


@dataclass(frozen=True)
class ReaderFields:
    """What the reader typed, parsed and sanitized by the form."""

    name: str
    email: str
    text: str
    html: str
    url: str = ""
    followup: bool = False
    notify_decision: bool = False
    parent: TribuneComment | None = None
    rendered_at: datetime | None = None
    honeypot: str = ""


@dataclass(frozen=True)
class ClientFacts:
    """What the request says about the client, not the reader."""

    ip: str | None
    user_agent: str = ""
    site_id: int = 1
    browser_digest: str = ""  # see TribuneComment.browser_digest; empty when unknown
    # This browser confirmed the typed address before (comments.readers.remembered).
    email_proven: bool = False


@dataclass(frozen=True)
class PostResult:
    outcome: Outcome
    decision: Decision
    comment: TribuneComment | None = None
    duplicate_of: int | None = None
    # The repeated comment was sent from this browser or account: it may be shown to it.
    duplicate_is_own: bool = False


def comment_post(
    *,
    target,
    fields: ReaderFields,
    author,
    client: ClientFacts,
    policy: PolicySnapshot | None = None,
) -> PostResult:
    """Decide on a reader's comment and store it as decided; see the module's steps."""
    policy = policy or current_policy()
    article = article_settings(target)
    comment = _build_comment(target, fields, author, client)
    decide = partial(_decide_and_store, comment, target, fields, author, client, policy, article)
    if chain_supported():
        try:
            return decide(locked=False)
        except ClaimTaken:
            pass  # another post by this author on this article since the facts were read
    with transaction.atomic():
        # Two identical posts at once (a double click) must not both pass the duplicate
        # rule: the second waits here, then finds the first.
        serialize_on(*posting_lock_parts(comment))
        return decide(locked=True)


def _decide_and_store(
    comment, target, fields, author, client, policy, article, *, locked: bool
) -> PostResult:
    """Steps 3a-d: under the posting lock, or (`locked` False) claiming instead (comments.claims;
    ClaimTaken if another post claimed since the facts were read, with nothing stored)."""
    submission = submission_for(comment, rendered_at=fields.rendered_at, honeypot=fields.honeypot)
    facts = gather_facts(submission, target, policy, article=article)
    decision = evaluate(submission, facts, policy)
    if decision.verdict == Verdict.REJECT:
        record_refusal(decision, stage="posting", comment=comment)
        if facts.duplicate_of is not None and decision.reasons == ["duplicate"]:
            return PostResult(
                Outcome.DUPLICATE,
                decision,
                duplicate_of=facts.duplicate_of,
                duplicate_is_own=_sent_by_same_client(facts.duplicate_of, author, client),
            )
        return PostResult(Outcome.REFUSED, decision)
    decided = STATUS_FOR_VERDICT[decision.verdict]
    signed_in = author is not None and author.is_authenticated
    # A remembered address counts as confirmed, unless it has been blocked since.
    proven = signed_in or (client.email_proven and "blocklist" not in decision.reasons)
    comment.email_confirmed = proven
    confirm = _needs_email_confirmation(proven) and decided != Status.SPAM
    status = Status.UNCONFIRMED if confirm else decided
    claim = locked_claim(comment) if locked else optimistic_claim(comment, facts.snapshot)
    # A published comment is stored in one statement; anything written with it (the
    # confirmation email, moderators' alerts) shares its transaction, undone with it if the
    # claim is taken.
    with nullcontext() if status == Status.APPROVED else transaction.atomic():
        comment_create(
            comment=comment, parent=fields.parent, status=status, decision=decision, claim=claim
        )
        if confirm:
            notifications.send_confirmation_request(comment)
    if _needs_email_confirmation(proven):
        # Anonymous spam gets the same "check your email" answer as everyone else, though no
        # email is sent: the answer must not tell a spammer what was detected.
        return PostResult(Outcome.AWAITING_CONFIRMATION, decision, comment)
    if decided == Status.APPROVED:
        return PostResult(Outcome.PUBLISHED, decision, comment)
    # Spam is answered exactly like a hold, so that spammers learn nothing.
    return PostResult(Outcome.AWAITING_MODERATION, decision, comment)


class BadLink(Exception):
    """An emailed link cannot be used; the message says why in plain words."""


def comment_decide_again(*, comment: TribuneComment) -> Decision:
    """The pipeline's decision on a stored comment as its text stands now (a confirmation, an
    author's edit), with the comment's own row left out of the facts."""
    target = comment.content_object
    policy = current_policy()
    submission = submission_for(comment)
    facts = gather_facts(
        submission, target, policy, article=article_settings(target), exclude_pk=comment.pk
    )
    return evaluate(submission, facts, policy)


def comment_confirm(*, token: str) -> TribuneComment:
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
    decision = comment_decide_again(comment=comment)
    status = STATUS_FOR_VERDICT.get(decision.verdict, Status.REMOVED)
    # Following the emailed link proves the address, whatever the pipeline decides now.
    TribuneComment.objects.filter(pk=comment.pk).update(email_confirmed=True)
    comment.email_confirmed = True
    try:
        comment_transition(comment=comment, to=status, decision=decision, stage="confirmation")
    except TransitionRefused:
        # Another click on the same link got there first: show what it did.
        comment.refresh_from_db()
        return comment
    if decision.verdict == Verdict.REJECT:
        raise BadLink(f"Your comment was not published: {decision.summary}")
    return comment


def _sent_by_same_client(comment_id: int, author, client: ClientFacts) -> bool:
    """Whether the first of two identical comments came from this browser or account.

    Email and text alone prove nothing: anyone can type a victim's address and words.
    """
    first = TribuneComment.objects.filter(pk=comment_id).values("browser_digest", "user_id").first()
    if first is None:
        return False
    if author is not None and author.is_authenticated and first["user_id"] == author.pk:
        return True
    return bool(client.browser_digest) and first["browser_digest"] == client.browser_digest


def _needs_email_confirmation(signed_in: bool) -> bool:
    """Anonymous commenters confirm by email when the site asks for it; signed-in readers never."""
    return settings.COMMENTS_XTD_CONFIRM_EMAIL and not signed_in


def _build_comment(target, fields: ReaderFields, author, client: ClientFacts) -> TribuneComment:
    signed_in = author is not None and author.is_authenticated
    comment = TribuneComment(
        # The object itself (not only its type and key): later steps read it without a query.
        content_object=target,
        site_id=client.site_id,
        user=author if signed_in else None,
        # A signed-in reader comments as their account, whatever the form says.
        **author_name_fields(
            (author.get_full_name() or author.get_username()) if signed_in else fields.name
        ),
        user_email=author.email if signed_in else fields.email,
        user_url=fields.url,
        comment=fields.text,
        comment_html=fields.html,
        followup=fields.followup,
        notify_decision=fields.notify_decision,
        # An account's address is its own; a typed one counts once its owner confirms it.
        email_confirmed=signed_in,
        ip_address=client.ip,
        user_agent=client.user_agent[:500],
        browser_digest=client.browser_digest,
        submit_date=timezone.now(),
    )
    comment.object_pk = str(target.pk)  # stored as text, whatever the key's type
    return comment

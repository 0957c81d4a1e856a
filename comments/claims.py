"""Posting claims: how a comment POST stores its comment without a transaction of its own.

A POST used to take a lock per article and author, read its facts, store, and commit: five
round trips to PostgreSQL. Now it first reads its facts with no lock and stores the comment in
one statement (comments.insert_chain), which also claims the article and author in this
table. The claim is taken only if no other post by the same author on the same article claimed
it since a minute before the facts were read; every stored post claims, and a unique key means
two claims at once take turns (the second waits for the first to commit, then sees it). So a
post whose facts could have missed another one (a double click, a burst that floods) stores
nothing, and posting starts again the way it used to: under the lock, in one transaction, with
the facts read again (comments.posting). A claim older than the margin means nothing; the
daily clean-up (comments.tasks.prune_posting_claims) deletes those, so a claim (a hash of the
article and the author's address, and a time) is kept for a day at most.

Why a minute: a claim is dated by the database's clock when the statement that stores its
comment runs, at most moments before that comment commits, and the facts by the clock when
their query started. A post whose facts missed a comment started reading before that comment
committed, so less than a minute after its claim unless storing it took a minute.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import models
from django.utils import timezone

from comments.locks import lock_key

MARGIN = timedelta(minutes=1)


class PostingClaim(models.Model):
    """The last time a comment by one author on one article was stored (see the module)."""

    key = models.BigIntegerField(primary_key=True)
    claimed_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"claim {self.key} at {self.claimed_at:%Y-%m-%d %H:%M:%S}"


@dataclass(frozen=True)
class Claim:
    """A post's claim: its key, and the moment since when no other claim may exist (None: the
    post holds the lock and its facts are current, so it always claims)."""

    key: int
    unclaimed_since: datetime | None


class ClaimTaken(Exception):
    """Another post by the same author on the same article claimed since the facts were read:
    nothing was stored."""


def claim_key(comment) -> int:
    """One key per article and author: the parts the posting lock is named by."""
    return lock_key(*posting_lock_parts(comment))


def posting_lock_parts(comment) -> tuple:
    return ("comment", comment.content_type_id, comment.object_pk, comment.user_email.lower())


def optimistic_claim(comment, facts_read_at: datetime | None) -> Claim:
    """The claim of a post whose facts were read without the lock at `facts_read_at` (None: the
    facts had nothing to read, so nothing shows they are current: ClaimTaken)."""
    if facts_read_at is None:
        raise ClaimTaken(claim_key(comment))
    return Claim(claim_key(comment), facts_read_at - MARGIN)


def locked_claim(comment) -> Claim:
    return Claim(claim_key(comment), None)


def prune_claims(now: datetime | None = None) -> int:
    """Delete the claims older than the margin; how many went."""
    now = now or timezone.now()
    deleted, _ = PostingClaim.objects.filter(claimed_at__lt=now - MARGIN).delete()
    return deleted

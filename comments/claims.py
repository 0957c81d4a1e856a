"""Posting claims: how a comment POST stores its comment without a transaction of its own.

A POST used to take a lock per article and author, read its facts, store, and commit: five
round trips to PostgreSQL. Now it first reads its facts with no lock, noting the database
snapshot they were read in, and stores the comment in one statement (comments.insert_chain),
which also claims the article and author in this table: each row names the transaction that
last stored a comment by that author on that article. The statement takes the posting lock,
then the claim, but only if that transaction is visible in the facts' snapshot, that is, if
the facts counted its comment; a row being written by another statement makes this one wait
for it to end (the unique key), and the condition is checked against the row as committed.
So a post whose facts missed another one (a double click, a burst that floods) stores nothing,
and posting starts again the way it used to: under the lock, in one transaction, with the
facts read again (comments.posting), and its claim is then taken whatever the row says (the
lock makes its facts current). The test is exact: no clocks, no margins.

Every comment stored through comments.posting claims. A post's facts are read moments before
it stores, and a request times out long before a day, so a claim can be forgotten after a day:
the daily clean-up (comments.tasks.prune_posting_claims) deletes older ones, and a claim (a hash
of the article and the author's address, a transaction number and a time) is kept no longer.
During a deploy, posts through workers still running the code before claims do not claim:
stop the old workers before the new ones take posts (the usual restart does).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import models
from django.utils import timezone

from comments.locks import lock_key

KEPT = timedelta(days=1)


class PostingClaim(models.Model):
    """The transaction that last stored a comment by one author on one article (see the
    module): its 64-bit id (PostgreSQL's xid8) and when."""

    key = models.BigIntegerField(primary_key=True)
    transaction_id = models.BigIntegerField()
    claimed_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"claim {self.key} by transaction {self.transaction_id}"


@dataclass(frozen=True)
class Claim:
    """A post's claim: its key, and the snapshot its facts were read in (None: the post holds
    the posting lock and its facts are current, so it always claims)."""

    key: int
    facts_snapshot: str | None


class ClaimTaken(Exception):
    """Another post by the same author on the same article was stored since the facts were
    read: nothing was stored."""


def claim_key(comment) -> int:
    """One key per article and author: the parts the posting lock is named by."""
    return lock_key(*posting_lock_parts(comment))


def posting_lock_parts(comment) -> tuple:
    return ("comment", comment.content_type_id, comment.object_pk, comment.user_email.lower())


def optimistic_claim(comment, facts_snapshot: str | None) -> Claim:
    """The claim of a post whose facts were read without the lock, in `facts_snapshot` (None:
    the facts had nothing to read, so nothing shows they are current: ClaimTaken)."""
    if facts_snapshot is None:
        raise ClaimTaken(claim_key(comment))
    return Claim(claim_key(comment), facts_snapshot)


def locked_claim(comment) -> Claim:
    return Claim(claim_key(comment), None)


def prune_claims(now: datetime | None = None) -> int:
    """Delete the claims older than a day (see the module); how many went."""
    now = now or timezone.now()
    deleted, _ = PostingClaim.objects.filter(claimed_at__lt=now - KEPT).delete()
    return deleted

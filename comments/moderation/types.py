"""The moderation vocabulary: verdicts, what a reader submitted, the facts around it, each
rule's finding, the combined decision, and the settings snapshot a decision was made with.

Plain values only: the rules read these and nothing else, so they never touch the database.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, fields
from datetime import datetime

from django.db.models import TextChoices


class Verdict(TextChoices):
    APPROVE = "approve", "Approve"
    HOLD = "hold", "Hold for moderation"
    SPAM = "spam", "Spam"
    REJECT = "reject", "Reject"
    REMOVE = "remove", "Remove"
    RESTORE = "restore", "Restore"


class DiscussionMode(TextChoices):
    """How an article treats new comments (the site setting, or the article's own choice)."""

    INHERIT = "inherit", "Inherit the site policy"
    OPEN = "open", "Open: publish comments the rules let through"
    PREMODERATE = "premoderate", "Pre-moderate: hold every comment for a moderator"
    CLOSED = "closed", "Closed: accept no new comments"


@dataclass(frozen=True)
class PolicySnapshot:
    """The site's moderation settings as one decision read them (stored in its record)."""

    default_policy: str = DiscussionMode.OPEN
    close_after_days: int = 0
    max_thread_depth: int = 3
    premoderate_new_commenters: bool = True
    min_seconds_to_submit: int = 3
    flood_max_comments: int = 5
    flood_window_minutes: int = 10
    duplicate_window_minutes: int = 60 * 24
    link_limit: int = 2
    hold_removed_markup: bool = True
    flag_threshold: int = 3
    moderation_words: tuple[str, ...] = ()
    disallowed_words: tuple[str, ...] = ()
    blocklist: tuple[str, ...] = ()
    own_domains: tuple[str, ...] = field(default_factory=tuple)
    # The learned spam score (comments.moderation.spam_rule): hold above, spam above; 0 is off.
    spam_hold_above: float = 0.0
    spam_mark_above: float = 0.0

    def as_record(self) -> dict:
        # Its values are plain (text, numbers, tuples of text): dataclasses.asdict's deep copy
        # of each cost 40 µs of every comment POST.
        record = {}
        for name in _POLICY_FIELDS:
            value = getattr(self, name)
            record[name] = list(value) if isinstance(value, tuple) else value
        return record


_POLICY_FIELDS = tuple(f.name for f in fields(PolicySnapshot))


@dataclass(frozen=True)
class ArticleCommentSettings:
    """What an article says about its own discussion (its 'Comments' tab)."""

    policy: str = DiscussionMode.INHERIT
    close_after_days: int | None = None
    max_thread_depth: int | None = None
    first_published_at: datetime | None = None
    accepting: bool = True

    def effective_policy(self, site_policy: PolicySnapshot) -> str:
        return site_policy.default_policy if self.policy == DiscussionMode.INHERIT else self.policy

    def effective_depth(self, site_policy: PolicySnapshot) -> int:
        return (
            site_policy.max_thread_depth if self.max_thread_depth is None else self.max_thread_depth
        )

    def effective_close_days(self, site_policy: PolicySnapshot) -> int:
        return (
            site_policy.close_after_days if self.close_after_days is None else self.close_after_days
        )


@dataclass(frozen=True)
class Submission:
    """What a reader sent, as the rules see it."""

    text: str
    html: str = ""
    removed_markup: tuple[str, ...] = ()
    author_name: str = ""
    email: str = ""
    url: str = ""
    ip: str | None = None
    user_agent: str = ""
    user_id: int | None = None
    is_staff: bool = False
    parent_id: int | None = None
    rendered_at: datetime | None = None
    submitted_at: datetime | None = None
    honeypot: str = ""


@dataclass(frozen=True)
class Facts:
    """What the database knows that bears on a submission, gathered before the rules run."""

    now: datetime
    article: ArticleCommentSettings = field(default_factory=ArticleCommentSettings)
    recent_by_ip: int = 0
    recent_by_email: int = 0
    oldest_recent_at: datetime | None = None
    duplicate_of: int | None = None
    has_approved_history: bool = False
    flaggers: tuple[str, ...] = ()
    # The spam model in use (a comments.moderation.spam_model.SpamModel), or None when off.
    spam_model: object | None = None
    # The author's account: banned, or suspended until this moment (None: neither).
    author_banned: bool = False
    author_suspended_until: datetime | None = None
    # The database snapshot the facts were read in (PostgreSQL's pg_snapshot as text; None
    # elsewhere): a post stored without the posting lock claims against it (comments.claims).
    snapshot: str | None = None


@dataclass(frozen=True)
class Finding:
    """One rule's answer: a verdict or None (no opinion), why, and what it saw."""

    rule: str
    verdict: str | None
    reason: str
    message: str
    evidence: dict = field(default_factory=dict)

    def as_record(self) -> dict:
        return {
            "rule": self.rule,
            "verdict": self.verdict,
            "reason": self.reason,
            "message": self.message,
            "evidence": self.evidence,
        }


Rule = Callable[[Submission, Facts, PolicySnapshot], Finding]


def passing(rule: str, message: str, **evidence) -> Finding:
    """A rule's answer when it has no objection."""
    return Finding(rule=rule, verdict=None, reason="pass", message=message, evidence=evidence)


@dataclass(frozen=True)
class Decision:
    """The pipeline's verdict, the findings that produced it, and every rule's answer."""

    verdict: str
    deciding: tuple[Finding, ...]
    trace: tuple[Finding, ...]
    policy: PolicySnapshot = field(default_factory=PolicySnapshot)

    @property
    def reasons(self) -> list[str]:
        return [finding.reason for finding in self.deciding]

    @property
    def summary(self) -> str:
        if not self.deciding:
            return "Passed every rule."
        return " ".join(finding.message for finding in self.deciding)

    def finding(self, reason: str) -> Finding | None:
        return next((f for f in self.deciding if f.reason == reason), None)

    def trace_record(self) -> list[dict]:
        return [finding.as_record() for finding in self.trace]

"""Moderation rules: small pure functions from a submission and gathered facts to a finding.

Every rule answers with a Finding: a verdict (or None for no opinion), a reason code, a sentence
for humans, and the evidence it saw. Rules never touch the database; comments.moderation.facts gathers
what they need beforehand.
"""

from __future__ import annotations

import ipaddress
from datetime import datetime, timedelta

from comments.moderation.content_rules import (  # noqa: F401  (re-exported for tests)
    _searchable_fields,
    deceptive_links,
    disallowed_words,
    find_words,
    link_count,
    moderation_words,
    normalise,
    outside_links,
    removed_markup,
)
from comments.moderation.spam_rule import spam_score
from comments.moderation.types import (
    ArticleCommentSettings,
    DiscussionMode,
    Facts,
    Finding,
    PolicySnapshot,
    Rule,
    Submission,
    Verdict,
    passing,
)

_pass = passing


def closed_reason(
    article: ArticleCommentSettings, policy: PolicySnapshot, now: datetime
) -> str | None:
    """Why an article takes no new comments, or None when it does."""
    if not article.accepting:
        return "not_accepting"
    if article.effective_policy(policy) == DiscussionMode.CLOSED:
        return "closed_by_policy"
    days = article.effective_close_days(policy)
    if (
        days
        and article.first_published_at
        and now >= article.first_published_at + timedelta(days=days)
    ):
        return "closed_after_days"
    return None


def comments_closed(sub: Submission, facts: Facts, policy: PolicySnapshot) -> Finding:
    """Rule 1: no comments on a closed article."""
    why = closed_reason(facts.article, policy, facts.now)
    if why is None:
        return _pass("comments_closed", "Comments are open on this article.")
    evidence = {"why": why, "close_after_days": facts.article.effective_close_days(policy)}
    if facts.article.first_published_at:
        evidence["first_published_at"] = facts.article.first_published_at.isoformat()
    return Finding(
        "comments_closed",
        Verdict.REJECT,
        "comments_closed",
        "Comments are closed on this article.",
        evidence,
    )


def honeypot(sub: Submission, facts: Facts, policy: PolicySnapshot) -> Finding:
    """Rule 2: the hidden field people never see was filled in."""
    if not sub.honeypot:
        return _pass("honeypot", "The hidden field was left empty.")
    return Finding(
        "honeypot",
        Verdict.SPAM,
        "honeypot",
        "The hidden anti-bot field was filled in.",
        {"value": sub.honeypot[:100]},
    )


def too_fast(sub: Submission, facts: Facts, policy: PolicySnapshot) -> Finding:
    """Rule 3: sent sooner after the form was shown than a person could write."""
    if not policy.min_seconds_to_submit or sub.rendered_at is None or sub.submitted_at is None:
        return _pass("too_fast", "No minimum writing time applies.")
    seconds = (sub.submitted_at - sub.rendered_at).total_seconds()
    evidence = {"seconds": round(seconds, 1), "minimum": policy.min_seconds_to_submit}
    if seconds >= policy.min_seconds_to_submit:
        return _pass("too_fast", "Sent after a plausible writing time.", **evidence)
    return Finding(
        "too_fast",
        Verdict.SPAM,
        "too_fast",
        f"Sent {seconds:.1f} s after the form was shown.",
        evidence,
    )


def flood(sub: Submission, facts: Facts, policy: PolicySnapshot) -> Finding:
    """Rule 4: too many comments from one IP address or email in a short time."""
    limit = policy.flood_max_comments
    evidence = {
        "by_ip": facts.recent_by_ip,
        "by_email": facts.recent_by_email,
        "limit": limit,
        "window_minutes": policy.flood_window_minutes,
    }
    if not limit or max(facts.recent_by_ip, facts.recent_by_email) < limit:
        return _pass("flood", "Posting rate is within the limit.", **evidence)
    window = timedelta(minutes=policy.flood_window_minutes)
    oldest = facts.oldest_recent_at or facts.now
    evidence["retry_after_seconds"] = max(1, int((oldest + window - facts.now).total_seconds()) + 1)
    return Finding(
        "flood",
        Verdict.REJECT,
        "flood",
        "You are commenting too fast. Please wait a little and try again.",
        evidence,
    )


def duplicate(sub: Submission, facts: Facts, policy: PolicySnapshot) -> Finding:
    """Rule 5: the same text by the same author on the same article, again."""
    if facts.duplicate_of is None:
        return _pass("duplicate", "Not a repeat of an earlier comment.")
    return Finding(
        "duplicate",
        Verdict.REJECT,
        "duplicate",
        "You have already posted this comment.",
        {"comment_id": facts.duplicate_of},
    )


def blocklist(sub: Submission, facts: Facts, policy: PolicySnapshot) -> Finding:
    """Rule 6: the email, its domain or the IP address is on the blocklist."""
    hits = [entry for entry in policy.blocklist if _blocks(entry, sub.email, sub.ip)]
    if not hits:
        return _pass("blocklist", "Neither the email nor the IP address is blocked.")
    return Finding(
        "blocklist",
        Verdict.SPAM,
        "blocklist",
        "The author's email or IP address is on the blocklist.",
        {"entries": hits},
    )


def _blocks(entry: str, email: str, ip: str | None) -> bool:
    entry = entry.strip().lower()
    email = email.strip().lower()
    if "@" in entry and not entry.startswith("@"):
        return email == entry
    if ip:
        try:
            return ipaddress.ip_address(ip) in ipaddress.ip_network(entry, strict=False)
        except ValueError:
            pass
    domain = entry.lstrip("@")
    email_domain = email.rpartition("@")[2]
    return bool(email_domain) and (email_domain == domain or email_domain.endswith("." + domain))


def new_commenter(sub: Submission, facts: Facts, policy: PolicySnapshot) -> Finding:
    """Rule 11: first comments from a new author wait for a moderator."""
    if not policy.premoderate_new_commenters or facts.has_approved_history or sub.is_staff:
        return _pass(
            "new_commenter", "The author has commented here before, or new authors are not held."
        )
    return Finding(
        "new_commenter",
        Verdict.HOLD,
        "new_commenter",
        "First comment from this author.",
        {"email": sub.email, "user_id": sub.user_id},
    )


def article_policy(sub: Submission, facts: Facts, policy: PolicySnapshot) -> Finding:
    """Rule 12: the article (or the site, by inheritance) pre-moderates every comment."""
    effective = facts.article.effective_policy(policy)
    evidence = {"article_policy": facts.article.policy, "effective": effective}
    if effective != DiscussionMode.PREMODERATE:
        return _pass("article_policy", "The article does not pre-moderate comments.", **evidence)
    return Finding(
        "article_policy",
        Verdict.HOLD,
        "premoderated",
        "Every comment on this article is checked by a moderator first.",
        evidence,
    )


def reader_flags(sub: Submission, facts: Facts, policy: PolicySnapshot) -> Finding:
    """Rule 13: enough different readers flagged the comment."""
    evidence = {"flagged_by": list(facts.flaggers), "threshold": policy.flag_threshold}
    if not policy.flag_threshold or len(facts.flaggers) < policy.flag_threshold:
        return _pass("reader_flags", "Not flagged by enough readers.", **evidence)
    return Finding(
        "reader_flags",
        Verdict.HOLD,
        "reader_flags",
        f"Flagged by {len(facts.flaggers)} readers.",
        evidence,
    )


def suspended(sub: Submission, facts: Facts, policy: PolicySnapshot) -> Finding:
    """Rule 14: a banned or suspended account may not comment."""
    until = facts.author_suspended_until
    if facts.author_banned:
        message = "This account may no longer comment here."
    elif until is not None and until > facts.now:
        message = f"This account may not comment until {until:%B %-d, %Y at %H:%M} UTC."
    else:
        return _pass("suspended", "The account is not suspended.")
    evidence = {"banned": facts.author_banned, "suspended_until": until and until.isoformat()}
    return Finding("suspended", Verdict.REJECT, "suspended", message, evidence)


RULES: tuple[Rule, ...] = (
    comments_closed,
    honeypot,
    too_fast,
    flood,
    duplicate,
    blocklist,
    disallowed_words,
    moderation_words,
    link_count,
    removed_markup,
    deceptive_links,
    new_commenter,
    article_policy,
    reader_flags,
    spam_score,
    suspended,
)

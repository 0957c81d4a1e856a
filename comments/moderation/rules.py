"""Moderation rules: small pure functions from a submission and gathered facts to a finding.

Every rule answers with a Finding: a verdict (or None for no opinion), a reason code, a sentence
for humans, and the evidence it saw. Rules never touch the database; comments.moderation.facts gathers
what they need beforehand.
"""

from __future__ import annotations

import ipaddress
import re
import unicodedata
from datetime import datetime, timedelta
from urllib.parse import urlsplit

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
)


def _pass(rule: str, message: str, **evidence) -> Finding:
    return Finding(rule=rule, verdict=None, reason="pass", message=message, evidence=evidence)


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


_INVISIBLE = dict.fromkeys(
    map(
        ord,
        "\u00ad\u180e\u200b\u200c\u200d\u200e\u200f\u2060\u2061\u2062\u2063\u2064\ufeff\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069",
    )
)


def normalise(text: str) -> str:
    """Fold a string for matching: NFKC, invisible characters removed, case folded."""
    return unicodedata.normalize("NFKC", text).translate(_INVISIBLE).casefold()


def find_words(words: tuple[str, ...], fields: dict[str, str]) -> list[dict]:
    """Where each listed word or phrase occurs as whole words in the fields, after folding."""
    matches = []
    folded = {name: normalise(value) for name, value in fields.items() if value}
    for word in words:
        needle = normalise(word).strip()
        if not needle:
            continue
        pattern = re.compile(r"(?<!\w)" + re.escape(needle) + r"(?!\w)")
        for name, value in folded.items():
            for match in pattern.finditer(value):
                matches.append({"word": word, "field": name, "position": match.start()})
    return matches


def _searchable_fields(sub: Submission) -> dict[str, str]:
    return {
        "text": sub.text,
        "name": sub.author_name,
        "email": sub.email,
        "url": sub.url,
        "ip": sub.ip or "",
        "user_agent": sub.user_agent,
    }


def disallowed_words(sub: Submission, facts: Facts, policy: PolicySnapshot) -> Finding:
    """Rule 7: a disallowed word anywhere in what was sent."""
    matches = find_words(policy.disallowed_words, _searchable_fields(sub))
    if not matches:
        return _pass("disallowed_words", "No disallowed words.")
    return Finding(
        "disallowed_words",
        Verdict.SPAM,
        "disallowed_words",
        f"Contains the disallowed word “{matches[0]['word']}”.",
        {"matches": matches},
    )


def moderation_words(sub: Submission, facts: Facts, policy: PolicySnapshot) -> Finding:
    """Rule 8: a word that asks a moderator to look first."""
    matches = find_words(policy.moderation_words, _searchable_fields(sub))
    if not matches:
        return _pass("moderation_words", "No words that call for moderation.")
    return Finding(
        "moderation_words",
        Verdict.HOLD,
        "moderation_words",
        f"Contains “{matches[0]['word']}”, which is on the moderation list.",
        {"matches": matches},
    )


_HREF = re.compile(r'<a\s[^>]*?href="([^"]*)"', re.IGNORECASE)


def outside_links(html: str, own_domains: tuple[str, ...]) -> list[str]:
    """The links in sanitized HTML that point away from this site."""
    links = []
    for href in _HREF.findall(html):
        host = (urlsplit(href.replace("&amp;", "&")).hostname or "").lower()
        if host and any(host == d or host.endswith("." + d) for d in own_domains):
            continue
        links.append(href)
    return links


def link_count(sub: Submission, facts: Facts, policy: PolicySnapshot) -> Finding:
    """Rule 9: many links to other sites is what spam looks like."""
    links = outside_links(sub.html, policy.own_domains)
    evidence = {"count": len(links), "limit": policy.link_limit, "links": links[:20]}
    if not policy.link_limit or len(links) < policy.link_limit:
        return _pass("link_count", "Few enough links.", **evidence)
    return Finding(
        "link_count",
        Verdict.HOLD,
        "link_count",
        f"Contains {len(links)} links; {policy.link_limit} or more are held.",
        evidence,
    )


def removed_markup(sub: Submission, facts: Facts, policy: PolicySnapshot) -> Finding:
    """Rule 10: the sanitizer had to remove dangerous markup."""
    if not sub.removed_markup or not policy.hold_removed_markup:
        return _pass(
            "removed_markup", "Nothing dangerous was removed.", removed=list(sub.removed_markup)
        )
    return Finding(
        "removed_markup",
        Verdict.HOLD,
        "removed_markup",
        "Markup was removed: " + ", ".join(sub.removed_markup[:5]) + ".",
        {"removed": list(sub.removed_markup)},
    )


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
    new_commenter,
    article_policy,
    reader_flags,
    spam_score,
)

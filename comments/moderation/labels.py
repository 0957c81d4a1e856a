"""Words moderators read for the names in a decision's trace: rules and their evidence keys.

Rule names that are also reason codes read from the reason registry; the rest are here, so the
desk never shows an identifier.
"""

from __future__ import annotations

from comments.moderation.reasons import REASONS

RULE_LABELS = {
    "article_policy": "Article's policy",
    "blocklist": "Blocklist",
    "deceptive_links": "Look-alike links",
    "removed_markup": "Markup removed",
    "suspended": "Account suspended or banned",
}

EVIDENCE_LABELS = {
    "why": "Why",
    "close_after_days": "Closes after (days)",
    "first_published_at": "First published",
    "value": "Value filled in",
    "seconds": "Seconds to write",
    "minimum": "Minimum seconds",
    "by_ip": "Recent comments from this IP",
    "by_email": "Recent comments from this email",
    "limit": "Limit",
    "window_minutes": "Window (minutes)",
    "retry_after_seconds": "May retry after (seconds)",
    "comment_id": "Same as comment",
    "entries": "Blocklist entries matched",
    "email": "Email",
    "user_id": "Account",
    "article_policy": "Article's policy",
    "effective": "Policy in force",
    "flagged_by": "Flagged by",
    "threshold": "Flags needed",
    "word": "Word",
    "field": "In",
    "position": "At character",
    "matched": "Text matched",
    "matches": "Matches",
    "count": "Links",
    "links": "Links",
    "removed": "Removed",
    "hosts": "Addresses",
    "shown_as": "Shown as",
    "error": "Error",
    "suspended_until": "Suspended until",
    "banned": "Banned",
}


def _humanize(name: str) -> str:
    return name.replace("_", " ").strip().capitalize()


def rule_label(name: str) -> str:
    """The words for a rule in a trace."""
    if name in RULE_LABELS:
        return RULE_LABELS[name]
    if name in REASONS:
        return REASONS[name].label
    return _humanize(name)


def evidence_label(key: str) -> str:
    """The words for an evidence key in a trace."""
    return EVIDENCE_LABELS.get(key) or _humanize(key)

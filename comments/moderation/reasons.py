"""Every reason code a decision can carry, with the words moderators read.

One registry: the rules, the record and the desk's filters and traces all name reasons from
here, so a new rule or action cannot appear in the record without a label.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Reason:
    code: str
    label: str
    kind: str  # "rule" (a pipeline finding), "action" (a person acted) or "outcome"


_ALL = (
    # Findings of the pipeline's rules.
    Reason("comments_closed", "Comments closed", "rule"),
    Reason("honeypot", "Hidden anti-bot field filled in", "rule"),
    Reason("too_fast", "Sent too fast", "rule"),
    Reason("flood", "Too many comments in a short time", "rule"),
    Reason("duplicate", "Posted twice", "rule"),
    Reason("blocklist", "Email or IP address blocked", "rule"),
    Reason("disallowed_words", "Disallowed words", "rule"),
    Reason("moderation_words", "Moderation words", "rule"),
    Reason("link_count", "Too many links", "rule"),
    Reason("removed_markup", "Markup removed", "rule"),
    Reason("deceptive_link", "Link with a look-alike address", "rule"),
    Reason("new_commenter", "New commenter", "rule"),
    Reason("premoderated", "Pre-moderated article", "rule"),
    Reason("reader_flags", "Flagged by readers", "rule"),
    Reason("spam_score", "Spam score of the site's own model", "rule"),
    Reason("rule_error", "A check failed", "rule"),
    Reason("suspended", "Account suspended or banned", "rule"),
    # What the pipeline concluded when no rule objected.
    Reason("passed", "Passed every rule", "outcome"),
    # People acting on a comment.
    Reason("approved", "Approved by a moderator", "action"),
    Reason("marked_spam", "Marked spam by a moderator", "action"),
    Reason("removed", "Removed by a moderator", "action"),
    Reason("restored", "Restored by a moderator", "action"),
    Reason("staff_reply", "Staff reply", "action"),
    Reason("seeded", "Added with the demo or seed data", "action"),
    Reason("seeded_held", "Added with the seed data, held", "action"),
    Reason("imported", "Imported from WordPress", "action"),
    Reason("import_updated", "Status changed by a later import", "action"),
    Reason("undone", "Decision undone by a moderator", "action"),
    Reason("redacted", "Text edited by a moderator", "action"),
    Reason("author_deleted", "Deleted by its author", "action"),
    Reason("author_erased", "Erased at its author's request", "action"),
    Reason("account_suspended", "Account suspended by a moderator", "action"),
    Reason("account_banned", "Account banned by a moderator", "action"),
    Reason("account_reinstated", "Account reinstated by a moderator", "action"),
)

REASONS: dict[str, Reason] = {reason.code: reason for reason in _ALL}


def reason_label(code: str) -> str:
    """The words for a reason code; an unknown code (from an older record) reads as itself."""
    reason = REASONS.get(code)
    return reason.label if reason else code.replace("_", " ").capitalize()


def reason_choices(*kinds: str) -> list[tuple[str, str]]:
    """(code, label) pairs for a filter, in registry order; all kinds when none is given."""
    return [(r.code, r.label) for r in _ALL if not kinds or r.kind in kinds]

"""Each moderation rule, table-driven: fires, does not fire, edge cases. No database."""

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from comments.moderation import rules
from comments.moderation.types import (
    ArticleCommentSettings,
    DiscussionMode,
    Facts,
    PolicySnapshot,
    Submission,
    Verdict,
)
from comments.sanitizer import sanitize

NOW = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)
POLICY = PolicySnapshot(own_domains=("tribune.example",))
SUB = Submission(
    text="A fair point.",
    html="<p>A fair point.</p>",
    author_name="Reader",
    email="reader@example.com",
    ip="198.51.100.7",
    user_agent="Mozilla/5.0",
    rendered_at=NOW - timedelta(seconds=60),
    submitted_at=NOW,
)
FACTS = Facts(now=NOW, has_approved_history=True)


def run(rule, sub=SUB, facts=FACTS, policy=POLICY, **changes):
    """Apply a rule with fields of the submission, facts or policy changed by name."""
    for name, value in changes.items():
        if hasattr(sub, name):
            sub = replace(sub, **{name: value})
        elif hasattr(facts, name):
            facts = replace(facts, **{name: value})
        else:
            policy = replace(policy, **{name: value})
    return rule(sub, facts, policy)


def article_settings(**fields):
    return ArticleCommentSettings(**fields)


CASES = [
    # rule, changes, verdict, reason
    ("comments_closed", {}, None, "pass"),
    ("comments_closed", {"article": article_settings(accepting=False)}, Verdict.REJECT, "comments_closed"),
    ("comments_closed", {"article": article_settings(policy=DiscussionMode.CLOSED)}, Verdict.REJECT, "comments_closed"),
    ("comments_closed", {"default_policy": DiscussionMode.CLOSED}, Verdict.REJECT, "comments_closed"),
    ("comments_closed", {"default_policy": DiscussionMode.CLOSED, "article": article_settings(policy=DiscussionMode.OPEN)}, None, "pass"),
    ("comments_closed", {"close_after_days": 14, "article": article_settings(first_published_at=NOW - timedelta(days=14))}, Verdict.REJECT, "comments_closed"),
    ("comments_closed", {"close_after_days": 14, "article": article_settings(first_published_at=NOW - timedelta(days=13, hours=23))}, None, "pass"),
    ("comments_closed", {"close_after_days": 14, "article": article_settings(first_published_at=NOW - timedelta(days=90), close_after_days=0)}, None, "pass"),
    ("comments_closed", {"article": article_settings(first_published_at=NOW - timedelta(days=90), close_after_days=30)}, Verdict.REJECT, "comments_closed"),
    ("honeypot", {}, None, "pass"),
    ("honeypot", {"honeypot": "http://spam.example"}, Verdict.SPAM, "honeypot"),
    ("honeypot", {"honeypot": " "}, Verdict.SPAM, "honeypot"),
    ("too_fast", {}, None, "pass"),
    ("too_fast", {"rendered_at": NOW - timedelta(seconds=1)}, Verdict.SPAM, "too_fast"),
    ("too_fast", {"rendered_at": NOW - timedelta(seconds=3)}, None, "pass"),
    ("too_fast", {"rendered_at": NOW - timedelta(seconds=2, milliseconds=999)}, Verdict.SPAM, "too_fast"),
    ("too_fast", {"rendered_at": NOW + timedelta(seconds=30)}, Verdict.SPAM, "too_fast"),
    ("too_fast", {"rendered_at": NOW, "min_seconds_to_submit": 0}, None, "pass"),
    ("too_fast", {"rendered_at": None}, None, "pass"),
    ("flood", {}, None, "pass"),
    ("flood", {"recent_by_ip": 4}, None, "pass"),
    ("flood", {"recent_by_ip": 5}, Verdict.REJECT, "flood"),
    ("flood", {"recent_by_email": 9}, Verdict.REJECT, "flood"),
    ("flood", {"recent_by_ip": 50, "flood_max_comments": 0}, None, "pass"),
    ("duplicate", {}, None, "pass"),
    ("duplicate", {"duplicate_of": 42}, Verdict.REJECT, "duplicate"),
    ("blocklist", {}, None, "pass"),
    ("blocklist", {"blocklist": ("reader@example.com",)}, Verdict.SPAM, "blocklist"),
    ("blocklist", {"blocklist": ("READER@Example.com",)}, Verdict.SPAM, "blocklist"),
    ("blocklist", {"blocklist": ("other@example.com",)}, None, "pass"),
    ("blocklist", {"blocklist": ("@example.com",)}, Verdict.SPAM, "blocklist"),
    ("blocklist", {"blocklist": ("example.com",)}, Verdict.SPAM, "blocklist"),
    ("blocklist", {"blocklist": ("example.com",), "email": "x@mail.example.com"}, Verdict.SPAM, "blocklist"),
    ("blocklist", {"blocklist": ("example.com",), "email": "x@notexample.com"}, None, "pass"),
    ("blocklist", {"blocklist": ("198.51.100.7",)}, Verdict.SPAM, "blocklist"),
    ("blocklist", {"blocklist": ("198.51.100.0/24",)}, Verdict.SPAM, "blocklist"),
    ("blocklist", {"blocklist": ("198.51.101.0/24",)}, None, "pass"),
    ("blocklist", {"blocklist": ("2001:db8::/32",), "ip": "2001:db8::1"}, Verdict.SPAM, "blocklist"),
    ("blocklist", {"blocklist": ("198.51.100.0/24",), "ip": None}, None, "pass"),
    ("link_count", {}, None, "pass"),
    ("link_count", {"html": '<p><a href="https://a.example/x">a</a></p>'}, None, "pass"),
    ("link_count", {"html": '<a href="https://a.example/">a</a> <a href="http://b.example/">b</a>'}, Verdict.HOLD, "link_count"),
    ("link_count", {"html": '<a href="https://tribune.example/a">a</a> <a href="https://www.tribune.example/b">b</a>'}, None, "pass"),
    ("link_count", {"html": '<a href="https://a.example/">a</a> <a href="mailto:x@y.example">m</a>'}, Verdict.HOLD, "link_count"),
    ("link_count", {"html": '<a href="https://a.example/">a</a> <a href="http://b.example/">b</a>', "link_limit": 3}, None, "pass"),
    ("link_count", {"html": '<a href="https://a.example/">a</a> <a href="http://b.example/">b</a>', "link_limit": 0}, None, "pass"),
    ("link_count", {"html": '<a href="https://eviltribune.example/">a</a> <a href="https://x.example/">b</a>'}, Verdict.HOLD, "link_count"),
    ("removed_markup", {}, None, "pass"),
    ("removed_markup", {"removed_markup": ("<script> element",)}, Verdict.HOLD, "removed_markup"),
    ("removed_markup", {"removed_markup": ("onerror attribute on <img>",), "hold_removed_markup": False}, None, "pass"),
    ("new_commenter", {}, None, "pass"),
    ("new_commenter", {"has_approved_history": False}, Verdict.HOLD, "new_commenter"),
    ("new_commenter", {"has_approved_history": False, "premoderate_new_commenters": False}, None, "pass"),
    ("new_commenter", {"has_approved_history": False, "is_staff": True}, None, "pass"),
    ("article_policy", {}, None, "pass"),
    ("article_policy", {"article": article_settings(policy=DiscussionMode.PREMODERATE)}, Verdict.HOLD, "premoderated"),
    ("article_policy", {"default_policy": DiscussionMode.PREMODERATE}, Verdict.HOLD, "premoderated"),
    ("article_policy", {"default_policy": DiscussionMode.PREMODERATE, "article": article_settings(policy=DiscussionMode.OPEN)}, None, "pass"),
    ("reader_flags", {}, None, "pass"),
    ("reader_flags", {"flaggers": ("a", "b")}, None, "pass"),
    ("reader_flags", {"flaggers": ("a", "b", "c")}, Verdict.HOLD, "reader_flags"),
    ("reader_flags", {"flaggers": ("a", "b", "c"), "flag_threshold": 0}, None, "pass"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("rule_name", "changes", "verdict", "reason"),
    CASES,
    ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)],
)
def test_rule(rule_name, changes, verdict, reason):
    finding = run(getattr(rules, rule_name), **changes)
    assert (finding.verdict, finding.reason) == (verdict, reason)
    assert finding.rule == rule_name
    assert finding.message


def _as_posted(fields: dict) -> dict:
    """A submitted text comes with its sanitized HTML, as submission_for builds it."""
    if "text" in fields:
        return {**fields, "html": sanitize(fields["text"])}
    return fields


WORD_CASES = [
    # text (or other field), word, fires
    ({"text": "Buy cheap viagra now"}, "viagra", True),
    ({"text": "Buy cheap VIAGRA now"}, "viagra", True),
    ({"text": "Viagra!"}, "viagra", True),
    ({"text": "viagras are not a word"}, "viagra", False),
    ({"text": "a skyscraper"}, "scrape", False),
    ({"text": "v\u200biagra"}, "viagra", True),  # zero-width space
    ({"text": "v\u00adiagra"}, "viagra", True),  # soft hyphen
    ({"text": "ｖｉａｇｒａ"}, "viagra", True),  # fullwidth letters, folded by NFKC
    ({"text": "ＶＩＡＧＲＡ"}, "viagra", True),
    ({"text": "straße"}, "STRASSE", True),  # case folding
    ({"text": "v1agra"}, "viagra", False),  # not a homoglyph matcher
    ({"text": "cheap pills here"}, "cheap pills", True),
    ({"text": "cheap  pills"}, "cheap pills", True),  # as a reader sees it: one space
    ({"text": "cheap\npills"}, "cheap pills", True),
    ({"text": "cheap\n\npills"}, "cheap pills", True),
    ({"text": "cheap\u00a0\u2003pills"}, "cheap pills", True),
    ({"text": "cas&#105;no"}, "casino", True),  # entities decoded
    ({"text": "cas&#x69;no &amp; more"}, "casino", True),
    ({"text": "spam<b></b>word"}, "spamword", True),  # tags removed
    ({"text": "ca<i>si</i>no"}, "casino", True),
    ({"text": "<p>ca</p><p>sino</p>"}, "casino", False),  # two paragraphs are two words
    ({"text": "v\u034fi\ufe0fa\U000e0020g\u206ara"}, "viagra", True),  # default ignorables
    ({"text": "vi\U000e0067\U000e007fagra"}, "viagra", True),  # tag characters
    ({"text": "\u0441\u0430sino"}, "casino", True),  # Cyrillic с and а
    ({"text": "\u03bf\u03bdline c\u03b1sino"}, "casino", True),  # Greek ο, ν and α
    ({"text": "CA\u0405INO"}, "casino", True),  # Cyrillic capital DZE looks like S
    ({"text": "casino"}, "\u0441\u0430sino", True),  # list entries are folded alike
    ({"text": "buy now"}, "buy  now", True),
    ({"text": "caf\u00e9"}, "cafe", False),  # an accent is a different word
    ({"text": "cafe\u0301"}, "cafe", False),
    ({"text": '<a href="https://casino.example/">my site</a>'}, "casino", True),
    ({"text": "<script>casino()</script>fine"}, "casino", False),  # never shown to readers
    ({"author_name": "\u0421asino \u200bBonus"}, "casino bonus", True),
    ({"author_name": "Casino Bonus"}, "casino", True),
    ({"email": "casino@example.com"}, "casino", True),
    ({"url": "https://casino.example/"}, "casino", True),
    ({"user_agent": "EvilBot/1.0"}, "evilbot", True),
    ({"ip": "203.0.113.9"}, "203.0.113.9", True),
    ({"text": "nothing to see"}, "   ", False),
]


@pytest.mark.parametrize(
    ("fields", "word", "fires"),
    WORD_CASES,
    ids=[f"{i}-{c[1].strip() or 'blank'}" for i, c in enumerate(WORD_CASES)],
)
def test_disallowed_words(fields, word, fires):
    finding = run(rules.disallowed_words, disallowed_words=(word,), **_as_posted(fields))
    assert finding.verdict == (Verdict.SPAM if fires else None)


@pytest.mark.parametrize(
    ("fields", "word", "fires"),
    WORD_CASES,
    ids=[f"{i}-{c[1].strip() or 'blank'}" for i, c in enumerate(WORD_CASES)],
)
def test_moderation_words(fields, word, fires):
    finding = run(rules.moderation_words, moderation_words=(word,), **_as_posted(fields))
    assert finding.verdict == (Verdict.HOLD if fires else None)


def test_word_evidence_names_word_field_and_position():
    finding = run(
        rules.disallowed_words, **_as_posted({"text": "Buy viagra"}), disallowed_words=("viagra",)
    )
    assert finding.evidence["matches"] == [
        {"word": "viagra", "field": "text", "position": 4, "matched": "viagra"}
    ]


def test_word_evidence_quotes_the_look_alike_text_that_matched():
    text = "Best c\u0430s\u200bino  in town"
    finding = run(
        rules.disallowed_words, **_as_posted({"text": text}), disallowed_words=("casino",)
    )
    (match,) = finding.evidence["matches"]
    assert match["matched"] == "c\u0430s\u200bino"
    assert (match["field"], match["word"]) == ("text", "casino")


def test_flood_evidence_says_when_to_retry():
    finding = run(rules.flood, recent_by_ip=5, oldest_recent_at=NOW - timedelta(minutes=4))
    assert finding.evidence["retry_after_seconds"] == 6 * 60 + 1


def test_duplicate_evidence_points_to_first_comment():
    assert run(rules.duplicate, duplicate_of=42).evidence == {"comment_id": 42}


def test_link_count_evidence_lists_outside_links_only():
    html = (
        '<a href="https://tribune.example/a">a</a> <a href="https://x.example/?a=1&amp;b=2">b</a>'
    )
    evidence = run(rules.link_count, html=html).evidence
    assert evidence["links"] == ["https://x.example/?a=1&amp;b=2"]
    assert (evidence["count"], evidence["limit"]) == (1, 2)


def test_closed_after_days_evidence_names_the_limit():
    published = NOW - timedelta(days=40)
    finding = run(
        rules.comments_closed,
        close_after_days=30,
        article=article_settings(first_published_at=published),
    )
    assert finding.evidence["why"] == "closed_after_days"
    assert finding.evidence["close_after_days"] == 30


def test_removed_markup_evidence_lists_what_was_removed():
    finding = run(
        rules.removed_markup, removed_markup=("<script> element", "unsafe link 'javascript:x'")
    )
    assert finding.evidence["removed"] == ["<script> element", "unsafe link 'javascript:x'"]

"""Combining findings into one decision; the pipeline never raises. No database."""

from dataclasses import replace
from datetime import UTC, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from comments.moderation import rules
from comments.moderation.pipeline import evaluate
from comments.moderation.types import (
    ArticleCommentSettings,
    DiscussionMode,
    Facts,
    PolicySnapshot,
    Submission,
    Verdict,
)
from comments.tests.test_rules import FACTS, NOW, POLICY, SUB


def test_clean_submission_is_approved_with_every_rule_traced():
    decision = evaluate(SUB, FACTS, POLICY)
    assert decision.verdict == Verdict.APPROVE
    assert decision.reasons == []
    assert [f.rule for f in decision.trace] == [r.__name__ for r in rules.RULES]
    assert all(f.verdict is None for f in decision.trace)


def test_every_rule_runs_even_after_one_fires():
    sub = replace(SUB, honeypot="x", text="buy viagra", html="<p>buy viagra</p>")
    decision = evaluate(sub, FACTS, replace(POLICY, moderation_words=("viagra",)))
    fired = {f.rule for f in decision.trace if f.verdict}
    assert fired == {"honeypot", "moderation_words"}


def test_reject_beats_spam_and_hold():
    sub = replace(SUB, honeypot="x")
    facts = replace(FACTS, duplicate_of=3, has_approved_history=False)
    decision = evaluate(sub, facts, POLICY)
    assert decision.verdict == Verdict.REJECT
    assert decision.reasons == ["duplicate"]


def test_spam_beats_hold():
    facts = replace(FACTS, has_approved_history=False)
    decision = evaluate(replace(SUB, honeypot="x"), facts, POLICY)
    assert decision.verdict == Verdict.SPAM
    assert decision.reasons == ["honeypot"]


def test_several_holds_all_reported():
    facts = replace(
        FACTS,
        has_approved_history=False,
        article=ArticleCommentSettings(policy=DiscussionMode.PREMODERATE),
    )
    decision = evaluate(SUB, facts, POLICY)
    assert decision.verdict == Verdict.HOLD
    assert decision.reasons == ["new_commenter", "premoderated"]
    assert "First comment from this author." in decision.summary


def test_a_failing_rule_holds_instead_of_raising():
    def broken(sub, facts, policy):
        raise RuntimeError("boom")

    decision = evaluate(SUB, FACTS, POLICY, rules=(broken, rules.honeypot))
    assert decision.verdict == Verdict.HOLD
    assert decision.reasons == ["rule_error"]
    assert "boom" in decision.trace[0].evidence["error"]


def test_trace_record_is_plain_data():
    decision = evaluate(replace(SUB, honeypot="x"), FACTS, POLICY)
    record = decision.trace_record()
    assert record[1] == {
        "rule": "honeypot",
        "verdict": "spam",
        "reason": "honeypot",
        "message": "The hidden anti-bot field was filled in.",
        "evidence": {"value": "x"},
    }


texts = st.text(max_size=400) | st.lists(
    st.sampled_from(
        [
            "<",
            ">",
            "script",
            "a href=",
            "javascript:",
            "on",
            "=",
            '"',
            "'",
            "svg",
            "&#",
            ";",
            " ",
            "viagra",
            "\u200b",
            "ｖ",
        ]
    ),
    max_size=60,
).map("".join)
optional_time = st.none() | st.datetimes(
    min_value=datetime(2000, 1, 1), max_value=datetime(2100, 1, 1), timezones=st.just(UTC)
)
submissions = st.builds(
    Submission,
    text=texts,
    html=texts,
    removed_markup=st.lists(st.text(max_size=30), max_size=3).map(tuple),
    author_name=st.text(max_size=60),
    email=st.text(max_size=80),
    url=st.text(max_size=80),
    ip=st.none() | st.ip_addresses().map(str) | st.text(max_size=20),
    user_agent=st.text(max_size=80),
    user_id=st.none() | st.integers(min_value=1),
    is_staff=st.booleans(),
    rendered_at=optional_time,
    submitted_at=optional_time,
    honeypot=st.text(max_size=10),
)
facts = st.builds(
    Facts,
    now=st.just(NOW),
    article=st.builds(
        ArticleCommentSettings,
        policy=st.sampled_from(list(DiscussionMode)),
        close_after_days=st.none() | st.integers(min_value=0, max_value=10_000),
        max_thread_depth=st.none() | st.integers(min_value=0, max_value=10),
        first_published_at=st.none() | st.just(NOW - timedelta(days=5)),
        accepting=st.booleans(),
    ),
    recent_by_ip=st.integers(min_value=0, max_value=1000),
    recent_by_email=st.integers(min_value=0, max_value=1000),
    oldest_recent_at=st.none() | st.just(NOW - timedelta(minutes=3)),
    duplicate_of=st.none() | st.integers(min_value=1),
    has_approved_history=st.booleans(),
    flaggers=st.lists(st.text(max_size=8), max_size=5).map(tuple),
)
policies = st.builds(
    PolicySnapshot,
    default_policy=st.sampled_from(
        [DiscussionMode.OPEN, DiscussionMode.PREMODERATE, DiscussionMode.CLOSED]
    ),
    close_after_days=st.integers(min_value=0, max_value=10_000),
    min_seconds_to_submit=st.integers(min_value=0, max_value=100),
    flood_max_comments=st.integers(min_value=0, max_value=100),
    link_limit=st.integers(min_value=0, max_value=10),
    flag_threshold=st.integers(min_value=0, max_value=10),
    moderation_words=st.lists(st.text(max_size=12), max_size=4).map(tuple),
    disallowed_words=st.lists(st.text(max_size=12), max_size=4).map(tuple),
    blocklist=st.lists(st.text(max_size=20) | st.ip_addresses().map(str), max_size=4).map(tuple),
    own_domains=st.lists(st.text(max_size=15), max_size=2).map(tuple),
)


@settings(max_examples=400, deadline=None)
@given(submissions, facts, policies)
def test_pipeline_never_raises_and_returns_one_verdict(submission, gathered, policy):
    decision = evaluate(submission, gathered, policy)
    assert decision.verdict in {Verdict.APPROVE, Verdict.HOLD, Verdict.SPAM, Verdict.REJECT}
    assert len(decision.trace) == len(rules.RULES)
    assert all(f.verdict == decision.verdict for f in decision.deciding)
    assert all(f.reason != "rule_error" for f in decision.trace), decision.trace


@given(
    words=st.lists(st.text(max_size=8), max_size=3).map(tuple),
    limit=st.integers(min_value=0, max_value=50),
    above=st.floats(min_value=0, max_value=1),
)
def test_a_policys_record_is_every_setting_as_plain_data(words, limit, above):
    """Stored with each decision: every field, lists for tuples, as dataclasses.asdict gives."""
    from dataclasses import asdict

    policy = PolicySnapshot(
        moderation_words=words, blocklist=words, link_limit=limit, spam_hold_above=above
    )
    expected = {k: list(v) if isinstance(v, tuple) else v for k, v in asdict(policy).items()}
    assert policy.as_record() == expected
    assert list(policy.as_record()) == list(expected)

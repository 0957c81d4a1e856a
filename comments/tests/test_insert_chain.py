"""The one-statement INSERT chain (comments.insert_chain) writes exactly the rows Model.save
and the decision's own save write (the path other databases keep)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.models.signals import post_save
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from comments import insert_chain, threads
from comments.claims import locked_claim
from comments.models import ModerationDecision, Status, TribuneComment
from comments.moderation.types import Decision, Finding, PolicySnapshot, Verdict
from comments.tests.factories import CommentFactory
from comments.transitions import comment_create

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the chain is PostgreSQL's; others use Model.save"
)

# Decided by the new id, so different between any two rows.
BY_ID = {"id", "comment_ptr_id", "xtdcomment_ptr_id", "thread_id", "parent_id", "thread_path"}


SUBMITTED = timezone.now()


def _new_comment(article, text: str) -> TribuneComment:
    comment = TribuneComment(
        content_object=article,
        site_id=1,
        user_name="Ada",
        user_email="ada@example.com",
        user_url="https://ada.example/",
        comment=text,
        comment_html=f"<p>{text}</p>",
        followup=True,
        notify_decision=True,
        ip_address="10.1.2.3",
        user_agent="Mozilla/5.0 (test)",
        browser_digest="d" * 32,
        submit_date=SUBMITTED,
    )
    comment.object_pk = str(article.pk)
    return comment


def _decision() -> Decision:
    held = Finding("links", Verdict.HOLD, "links", "Held: it has links.", {"links": 3})
    passed = Finding("flood", None, "pass", "Not too fast.", {"recent": 0})
    return Decision(
        verdict=Verdict.HOLD, deciding=(held,), trace=(passed, held), policy=PolicySnapshot()
    )


def _store(article, parent, text, *, chain: bool, monkeypatch) -> TribuneComment:
    monkeypatch.setattr(threads, "chain_supported", lambda: chain)
    comment = comment_create(
        comment=_new_comment(article, text), parent=parent, status=Status.HELD, decision=_decision()
    )
    monkeypatch.undo()
    return comment


def _columns(row) -> dict:
    """Every stored column, editable or not (model_to_dict would leave some out)."""
    return {f.attname: getattr(row, f.attname) for f in row._meta.concrete_fields}


def _rows(comment: TribuneComment) -> tuple[dict, dict]:
    stored = _columns(TribuneComment.objects.get(pk=comment.pk))
    row = {k: v for k, v in stored.items() if k not in BY_ID}
    entry = _columns(ModerationDecision.objects.get(comment=comment))
    entry = {k: v for k, v in entry.items() if k not in {"id", "comment_id", "created_at"}}
    return row, entry


def _pk_decided(comment: TribuneComment) -> dict:
    stored = TribuneComment.objects.get(pk=comment.pk)
    return {
        "ptrs": (stored.comment_ptr_id, stored.xtdcomment_ptr_id),
        "thread": (stored.thread_id, stored.parent_id),
        "path": stored.thread_path,
        "in memory": (comment.thread_id, comment.parent_id, comment.thread_path),
    }


@pytest.mark.parametrize("reply", [False, True])
def test_the_chain_writes_the_rows_model_save_writes(article, monkeypatch, reply):
    parent = CommentFactory(content_object=article) if reply else None
    by_orm = _store(article, parent, "Same words", chain=False, monkeypatch=monkeypatch)
    by_chain = _store(article, parent, "Same words", chain=True, monkeypatch=monkeypatch)
    orm_row, orm_entry = _rows(by_orm)
    chain_row, chain_entry = _rows(by_chain)
    assert chain_row == orm_row
    assert chain_entry == orm_entry
    assert ModerationDecision.objects.get(comment=by_chain).created_at is not None


def test_a_root_stored_by_the_chain_is_its_own_thread(article, monkeypatch):
    root = _store(article, None, "A root", chain=True, monkeypatch=monkeypatch)
    assert _pk_decided(root) == {
        "ptrs": (root.pk, root.pk),
        "thread": (root.pk, root.pk),
        "path": f"{root.pk:012d}",
        "in memory": (root.pk, root.pk, f"{root.pk:012d}"),
    }


def test_a_reply_stored_by_the_chain_counts_in_its_ancestors(article, monkeypatch):
    root = CommentFactory(content_object=article)
    child = CommentFactory(parent=root)
    reply = _store(article, child, "A reply", chain=True, monkeypatch=monkeypatch)
    path = f"{root.pk:012d}{child.pk:012d}{reply.pk:012d}"
    assert _pk_decided(reply)["thread"] == (root.pk, child.pk)
    assert _pk_decided(reply)["path"] == path == reply.thread_path
    counts = dict(
        TribuneComment.objects.filter(pk__in=[root.pk, child.pk]).values_list("pk", "nested_count")
    )
    assert counts == {root.pk: 2, child.pk: 1}


def test_the_chain_is_one_statement(article):
    comment = _new_comment(article, "Counted")
    with CaptureQueriesContext(connection) as queries:
        comment_create(comment=comment, parent=None, status=Status.HELD, decision=_decision())
    writes = [q["sql"] for q in queries if q["sql"].startswith(("INSERT", "WITH", "UPDATE"))]
    assert len(writes) == 1 and writes[0].startswith("WITH claim AS (INSERT")


def test_post_save_still_tells_receivers_of_both_rows(article):
    heard = []

    def listen(sender, instance, created, **kwargs):
        heard.append((sender, instance.pk is not None, created))

    post_save.connect(listen, sender=TribuneComment)
    post_save.connect(listen, sender=ModerationDecision)
    try:
        comment_create(
            comment=_new_comment(article, "Heard"),
            parent=None,
            status=Status.HELD,
            decision=_decision(),
        )
    finally:
        post_save.disconnect(listen, sender=TribuneComment)
        post_save.disconnect(listen, sender=ModerationDecision)
    assert heard == [(TribuneComment, True, True), (ModerationDecision, True, True)]


def test_the_chain_refuses_a_stored_comment(article):
    stored = CommentFactory(content_object=article)
    entry = ModerationDecision(comment=stored, content_type_id=stored.content_type_id)
    with pytest.raises(ValueError):
        insert_chain.insert_comment_and_decision(
            stored, entry, is_root=True, ancestors=[], claim=locked_claim(stored)
        )

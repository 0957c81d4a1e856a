"""Train the spam model on this site's own moderator decisions, and measure it by time.

Labels: a comment whose latest moderator action is "approved" or "restored" is ham; "marked
spam" is spam. Removed comments are left out (removal is not a spam judgement). Features are
those the pipeline saw when the comment was posted (rebuilt from its posting record by
comments.moderation.history); comments without one (seeded, imported) count by their text alone.

Measurement holds out the newest slice by posting time, never random rows: a model is judged
on comments that came after everything it learnt from, as in use.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.utils import timezone

from comments.models import ModerationDecision, TribuneComment
from comments.moderation import history
from comments.moderation.spam_model import SpamModel, features, precision_recall, train_logistic
from comments.moderation.spam_store import spam_model_store

HAM_ACTIONS = {"approved", "restored"}
SPAM_ACTIONS = {"marked_spam"}
HOLDOUT_FRACTION = 0.2
CHUNK = 2000


class NotEnoughDecisions(Exception):
    """Too few moderator decisions of a class to train on: the score stays off."""


@dataclass(frozen=True)
class Example:
    comment_id: int
    when: datetime
    found: set[str]
    is_spam: bool


def moderator_labels() -> dict[int, bool]:
    """comment id -> is spam, from each comment's latest approve/restore/spam action."""
    labels: dict[int, bool] = {}
    actions = (
        ModerationDecision.objects.filter(actor__isnull=False, comment__isnull=False)
        .order_by("created_at", "pk")
        .values_list("comment_id", "reasons")
    )
    for comment_id, reasons in actions.iterator(chunk_size=CHUNK):
        reason = reasons[0] if reasons else ""
        if reason in HAM_ACTIONS:
            labels[comment_id] = False
        elif reason in SPAM_ACTIONS:
            labels[comment_id] = True
        elif reason == "removed":
            labels.pop(comment_id, None)
    return labels


def labelled_examples(labels: dict[int, bool]) -> list[Example]:
    """The features of each labelled comment as the pipeline saw it, oldest first."""
    examples = []
    ids = sorted(labels)
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        decisions = (
            ModerationDecision.objects.filter(stage="posting", comment_id__in=chunk)
            .exclude(trace=[])
            .select_related("comment", "comment__user")
            .order_by("created_at")
        )
        seen = set()
        for rebuilt in history.rebuild(decisions, targets={}):
            comment = rebuilt.decision.comment
            if comment.pk in seen:
                continue
            seen.add(comment.pk)
            found = features(rebuilt.submission, rebuilt.facts)
            examples.append(Example(comment.pk, comment.submit_date, found, labels[comment.pk]))
        rest = TribuneComment.objects.filter(pk__in=set(chunk) - seen).select_related("user")
        for comment in rest:
            found = features(history._submission_from_comment(comment, {}))
            examples.append(Example(comment.pk, comment.submit_date, found, labels[comment.pk]))
    examples.sort(key=lambda e: (e.when, e.comment_id))
    return examples


def time_split(examples: list[Example], fraction: float = HOLDOUT_FRACTION):
    """(older, newest): the newest `fraction` of examples by posting time is held out."""
    ordered = sorted(examples, key=lambda e: (e.when, e.comment_id))
    cut = len(ordered) - int(len(ordered) * fraction)
    return ordered[:cut], ordered[cut:]


def new_version(now: datetime | None = None) -> str:
    return (now or timezone.now()).strftime("nb-%Y%m%d-%H%M%S-%f")


def spam_model_train(*, hold_above: float = 0.8, min_each: int | None = None):
    """Train, measure on the newest slice, refit on everything and store; returns the row."""
    min_each = settings.TRIBUNE_SPAM_MODEL_MIN_EACH if min_each is None else min_each
    examples = labelled_examples(moderator_labels())
    n_spam = sum(e.is_spam for e in examples)
    n_ham = len(examples) - n_spam
    if n_spam < min_each or n_ham < min_each:
        raise NotEnoughDecisions(
            f"{n_ham} approved and {n_spam} spam decisions; {min_each} of each are needed."
        )
    older, newest = time_split(examples)
    version = new_version()
    trial = train_logistic(((e.found, e.is_spam) for e in older), version=version)
    held_out = [(e.found, e.is_spam) for e in newest]
    metrics = {
        "held_out_from": newest[0].when.isoformat() if newest else None,
        "trained_until": older[-1].when.isoformat() if older else None,
        "at_hold_threshold": precision_recall(trial, held_out, hold_above),
        "at_half": precision_recall(trial, held_out, 0.5),
    }
    model: SpamModel = train_logistic(((e.found, e.is_spam) for e in examples), version=version)
    return spam_model_store(model, metrics=metrics, trained_on={"ham": n_ham, "spam": n_spam})

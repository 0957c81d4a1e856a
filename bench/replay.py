"""How long policy replay takes on 10,000 recorded submissions (and training on them).

Creates a throwaway test database (test_<your database>), seeds N comments with pipeline
decisions carrying real traces (texts from bench/spam_corpus.py, labelled by moderators'
actions), then times: replaying the policy in force (the self-check: must change nothing), a
lower link limit, a moderation word, and train_spam_model on the labelled decisions. Prints a
table; the database is dropped afterwards.

Usage: DATABASE_URL=postgres://... python bench/replay.py [N=10000]
"""

from __future__ import annotations

import os
import sys
import time
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")

import django

django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402
from django.utils import timezone  # noqa: E402


def seed(n: int):
    from django.contrib.auth import get_user_model

    from bench.spam_corpus import generate
    from blog.tests.factories import BlogPageFactory
    from comments.models import ModerationDecision, TribuneComment
    from comments.moderation.facts import submission_for
    from comments.moderation.pipeline import evaluate
    from comments.moderation.site_settings import current_policy
    from comments.moderation.types import Facts
    from comments.seeding import seed_comments

    article = BlogPageFactory()
    seed_comments(article, n, seed=15)
    ModerationDecision.objects.all().delete()
    policy = current_policy()
    moderator = get_user_model().objects.create_superuser("bench", "b@example.com", "pw")
    rows = generate(n)
    decisions, actions = [], []
    now = timezone.now()
    comments = list(TribuneComment.objects.order_by("pk"))
    for i, (comment, row) in enumerate(zip(comments, rows, strict=False)):
        comment.comment, comment.user_name, comment.user_email = (
            row["text"],
            row["name"],
            row["email"],
        )
        comment.submit_date = now - timedelta(minutes=2 * (n - i))
        submission = submission_for(comment)
        facts = Facts(
            now=comment.submit_date,
            article=article.comment_settings(),
            has_approved_history=i % 3 == 0,
        )
        decision = evaluate(submission, facts, policy)
        common = dict(
            comment_id=comment.pk,
            content_type_id=comment.content_type_id,
            object_pk=comment.object_pk,
        )
        decisions.append(
            ModerationDecision(
                **common,
                verdict=decision.verdict,
                reasons=decision.reasons,
                summary=decision.summary,
                trace=decision.trace_record(),
                policy=policy.as_record(),
                stage="posting",
                created_at=comment.submit_date,
            )
        )
        reason, verdict = ("marked_spam", "spam") if row["spam"] else ("approved", "approve")
        actions.append(
            ModerationDecision(
                **common,
                verdict=verdict,
                reasons=[reason],
                stage="moderation",
                actor=moderator,
                created_at=comment.submit_date + timedelta(minutes=1),
            )
        )
    TribuneComment.objects.bulk_update(
        comments, ["comment", "user_name", "user_email", "submit_date"], batch_size=1000
    )
    ModerationDecision.objects.bulk_create(decisions + actions, batch_size=1000)
    return policy


def timed(label, func):
    started = time.perf_counter()
    result = func()
    print(f"| {label} | {time.perf_counter() - started:.2f} | {result} |")


def main(n: int) -> None:
    from comments.moderation.replay import policy_replay
    from comments.moderation.spam_training import spam_model_train

    setup_test_environment()
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        started = time.perf_counter()
        policy = seed(n)
        print(
            f"Seeded {n} submissions with traces in {time.perf_counter() - started:.1f} s "
            f"({connection.vendor}).\n"
        )
        print("| step | seconds | result |")
        print("| --- | --- | --- |")
        timed(
            f"replay the policy in force ({n})", lambda: f"{policy_replay(policy).changed} changed"
        )
        timed(
            "replay link limit 1",
            lambda: f"{policy_replay(replace(policy, link_limit=1)).changed} changed",
        )
        timed(
            "replay + moderation word 'casino'",
            lambda: (
                f"{policy_replay(replace(policy, moderation_words=('casino',))).changed} changed"
            ),
        )
        timed(
            f"train_spam_model on {n} labelled decisions",
            lambda: spam_model_train(min_each=1).metrics["at_hold_threshold"],
        )
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 10_000)

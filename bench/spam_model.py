"""Choose the spam model by measurement: plain-Python naive Bayes vs scikit-learn.

Trains on the older part of a generated labelled set (bench/spam_corpus.py) and measures on the
newest part (split by time, as the site does), one core. Prints precision and recall at 0.5 and
0.8, training seconds and scoring time per comment. scikit-learn is optional (only this bench
uses it): `pip install scikit-learn==1.7.2`; without it only naive Bayes is measured.

Usage: python bench/spam_model.py [TRAIN=100000] [TEST=20000]
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")

import django

django.setup()

from bench.spam_corpus import generate  # noqa: E402
from comments.moderation.spam_model import features, train, train_logistic  # noqa: E402
from comments.moderation.types import Submission  # noqa: E402


def submission(row: dict) -> Submission:
    return Submission(text=row["text"], author_name=row["name"], email=row["email"], url=row["url"])


def pr(predicted, truth) -> tuple[float, float]:
    tp = sum(p and t for p, t in zip(predicted, truth, strict=True))
    fp = sum(p and not t for p, t in zip(predicted, truth, strict=True))
    fn = sum(t and not p for p, t in zip(predicted, truth, strict=True))
    return tp / max(tp + fp, 1), tp / max(tp + fn, 1)


def report(name, train_s, per_score_ms, probs, truth):
    cells = []
    for threshold in (0.5, 0.8):
        p, r = pr([x > threshold for x in probs], truth)
        cells += [f"{p:.3f}", f"{r:.3f}"]
    print(f"| {name} | {' | '.join(cells)} | {train_s:.1f} | {per_score_ms:.3f} |")


def plain_python(train_rows, test_rows, truth, trainer, name):
    started = time.perf_counter()
    examples = [(features(submission(r)), r["spam"]) for r in train_rows]
    model = trainer(examples, version="bench")
    train_s = time.perf_counter() - started
    subs = [submission(r) for r in test_rows]
    started = time.perf_counter()
    probs = [model.score(features(s)) for s in subs]
    per_ms = (time.perf_counter() - started) / len(subs) * 1000
    report(name, train_s, per_ms, probs, truth)


def logistic(train_rows, test_rows, truth, *, analyzer, name):
    from sklearn.feature_extraction.text import HashingVectorizer
    from sklearn.linear_model import LogisticRegression

    vectorizer = HashingVectorizer(
        analyzer=analyzer, ngram_range=(2, 5), n_features=2**20, alternate_sign=False
    )

    def as_text(r):
        return f"{r['text']} {r['name']} {r['email'].rpartition('@')[2]} {r['url']}"

    def docs(rows):
        if analyzer == "char_wb":
            return [as_text(r) for r in rows]
        return [sorted(features(submission(r))) for r in rows]

    started = time.perf_counter()
    x = vectorizer.transform(docs(train_rows))
    model = LogisticRegression(solver="liblinear", C=4.0, max_iter=200)
    model.fit(x, [r["spam"] for r in train_rows])
    train_s = time.perf_counter() - started
    one = docs(test_rows[:2000])
    started = time.perf_counter()
    for doc in one:
        model.predict_proba(vectorizer.transform([doc]))
    per_ms = (time.perf_counter() - started) / len(one) * 1000
    probs = model.predict_proba(vectorizer.transform(docs(test_rows)))[:, 1]
    report(name, train_s, per_ms, probs, truth)


def main(n_train: int, n_test: int) -> None:
    rows = generate(n_train + n_test)
    train_rows, test_rows = rows[:n_train], rows[n_train:]
    truth = [r["spam"] for r in test_rows]
    print(f"{n_train} training comments, {n_test} newer held-out comments, one core.\n")
    print(
        "| model | precision@0.5 | recall@0.5 | precision@0.8 | recall@0.8 | train s | score ms |"
    )
    print("| --- | --- | --- | --- | --- | --- | --- |")
    plain_python(train_rows, test_rows, truth, train, "naive Bayes, plain Python")
    plain_python(
        train_rows,
        test_rows,
        truth,
        train_logistic,
        "logistic regression, plain Python (Tribune's)",
    )
    try:
        import sklearn  # noqa: F401
    except ImportError:
        print("(scikit-learn not installed: logistic regression not measured)")
        return
    logistic(
        train_rows,
        test_rows,
        truth,
        analyzer="char_wb",
        name="logistic regression, char 2-5-grams (scikit-learn)",
    )
    logistic(
        train_rows,
        test_rows,
        truth,
        analyzer=lambda doc: doc,
        name="logistic regression, Tribune's features (scikit-learn)",
    )


if __name__ == "__main__":
    args = [int(a) for a in sys.argv[1:]]
    main(*(args + [100_000, 20_000][len(args) :]))

"""A small spam model in plain Python: a linear model over words, links, names and facts.

Pure: no ORM, no settings. It is trained from (Submission, Facts, is_spam) examples that
comments.moderation.spam_training rebuilds from the record, stored as JSON by
comments.moderation.spam_store, and read by the spam_score rule through Facts.spam_model.

Chosen by measurement (bench/spam_model.py on bench/spam_corpus.py's labelled set, figures in
the README): logistic regression trained here in plain Python is as precise as scikit-learn's
on character n-grams and recalls more than naive Bayes (which lets a copied ordinary comment
with a spam link through), needs neither numpy nor scipy on the server, scores in well under
a millisecond, and its weights name the features that pushed a score, for the moderator.
"""

from __future__ import annotations

import math
import random
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import pairwise
from urllib.parse import urlsplit

from comments.moderation.types import Facts, Submission

_WORD = re.compile(r"[^\W_]{2,30}", re.UNICODE)
_HREF = re.compile(r'href="([^"]*)"', re.IGNORECASE)
_BARE_URL = re.compile(r"https?://[^\s<>\"]+", re.IGNORECASE)
# Laplace smoothing, and how many comments must show a feature before it counts.
ALPHA = 1.0
MIN_COUNT = 3
MAX_FEATURES = 40_000


def _bucket(value: int, edges: tuple[int, ...]) -> str:
    for edge in edges:
        if value <= edge:
            return str(edge)
    return f">{edges[-1]}"


def _host(url: str) -> str:
    host = (urlsplit(url.replace("&amp;", "&")).hostname or "").lower()
    return host.removeprefix("www.")


def features(sub: Submission, facts: Facts | None = None) -> set[str]:
    """The features a submission shows: its words, links, name, address and gathered facts."""
    text = sub.text.casefold()
    words = _WORD.findall(text)
    found = {f"w:{word}" for word in words}
    found.update(f"b:{a}_{b}" for a, b in pairwise(words))
    hrefs = set(_HREF.findall(sub.html)) | set(_BARE_URL.findall(sub.text))
    hosts = {_host(url) for url in hrefs} - {""}
    found.update(f"link:{host}" for host in hosts)
    found.add("links:" + _bucket(len(hrefs), (0, 1, 2, 4)))
    found.add("length:" + _bucket(len(sub.text), (40, 120, 400, 1500)))
    letters = [c for c in sub.text if c.isalpha()]
    if len(letters) >= 20 and sum(c.isupper() for c in letters) / len(letters) > 0.5:
        found.add("signal:shouting")
    name = sub.author_name.casefold()
    found.update(f"name:{word}" for word in _WORD.findall(name))
    if any(c.isdigit() for c in name):
        found.add("signal:digits_in_name")
    if len(name.split()) >= 4:
        found.add("signal:long_name")
    if sub.url:
        found.add("signal:website_given")
        found.add(f"website:{_host(sub.url)}")
    domain = sub.email.rpartition("@")[2].lower()
    if domain:
        found.add(f"email:{domain}")
    if sub.user_id:
        found.add("signal:signed_in")
    if sub.removed_markup:
        found.add("signal:markup_removed")
    if facts is not None:
        found.add("signal:known_author" if facts.has_approved_history else "signal:new_author")
        if max(facts.recent_by_ip, facts.recent_by_email):
            found.add("signal:recent_posts")
    return found


@dataclass(frozen=True)
class SpamModel:
    """Log-likelihood ratios (spam over ham) per feature, and the prior; version names it."""

    version: str
    prior: float
    weights: dict[str, float] = field(default_factory=dict)

    def contributions(self, found: Iterable[str]) -> list[tuple[str, float]]:
        return [(f, self.weights[f]) for f in found if f in self.weights]

    def score(self, found: Iterable[str]) -> float:
        """The probability, under the model, that a comment with these features is spam."""
        logit = self.prior + sum(w for _, w in self.contributions(found))
        return _sigmoid(logit)

    def explain(self, found: Iterable[str], top: int = 8) -> dict:
        """The score and the features that pushed it most, each way, with their weights."""
        parts = self.contributions(found)
        logit = self.prior + sum(w for _, w in parts)
        towards_spam = sorted((p for p in parts if p[1] > 0), key=lambda p: -p[1])[:top]
        towards_ham = sorted((p for p in parts if p[1] < 0), key=lambda p: p[1])[:top]
        return {
            "score": round(_sigmoid(logit), 4),
            "model_version": self.version,
            "towards_spam": [{"feature": f, "weight": round(w, 2)} for f, w in towards_spam],
            "towards_ham": [{"feature": f, "weight": round(w, 2)} for f, w in towards_ham],
        }

    def as_record(self) -> dict:
        return {"version": self.version, "prior": self.prior, "weights": self.weights}

    @classmethod
    def from_record(cls, record: dict) -> SpamModel:
        return cls(version=record["version"], prior=record["prior"], weights=record["weights"])


def _sigmoid(logit: float) -> float:
    if logit < -50:
        return 0.0
    if logit > 50:
        return 1.0
    return 1.0 / (1.0 + math.exp(-logit))


def train(examples: Iterable[tuple[set[str], bool]], *, version: str) -> SpamModel:
    """Bernoulli naive Bayes: each weight is log P(feature | spam) - log P(feature | ham).

    Only present features are scored (absences carry no weight), which keeps scoring a sum over
    the few hundred features a comment has and each weight readable on its own.
    """
    spam_counts: Counter[str] = Counter()
    ham_counts: Counter[str] = Counter()
    n_spam = n_ham = 0
    for found, is_spam in examples:
        if is_spam:
            n_spam += 1
            spam_counts.update(found)
        else:
            n_ham += 1
            ham_counts.update(found)
    if not n_spam or not n_ham:
        raise ValueError("Training needs examples of both spam and approved comments.")
    weights = {}
    for feature in spam_counts.keys() | ham_counts.keys():
        s, h = spam_counts[feature], ham_counts[feature]
        if s + h < MIN_COUNT:
            continue
        p_spam = (s + ALPHA) / (n_spam + 2 * ALPHA)
        p_ham = (h + ALPHA) / (n_ham + 2 * ALPHA)
        weights[feature] = math.log(p_spam / p_ham)
    strongest = sorted(weights, key=lambda f: -abs(weights[f]))[:MAX_FEATURES]
    return SpamModel(
        version=version,
        prior=math.log(n_spam / n_ham),
        weights={f: round(weights[f], 4) for f in strongest},
    )


def train_logistic(
    examples: Iterable[tuple[set[str], bool]],
    *,
    version: str,
    epochs: int = 4,
    rate: float = 0.3,
    l2: float = 1e-4,
    seed: int = 15,
) -> SpamModel:
    """Logistic regression on the same features, by AdaGrad in plain Python.

    Unlike naive Bayes it weighs features jointly: a copied ordinary comment with a spam link
    appended is not outvoted by its many ordinary words. Same SpamModel, same explanation.
    """
    rows = [(sorted(found), 1.0 if is_spam else 0.0) for found, is_spam in examples]
    counts: Counter[str] = Counter(f for found, _ in rows for f in found)
    rows = [([f for f in found if counts[f] >= MIN_COUNT], y) for found, y in rows]
    n_spam = sum(y for _, y in rows)
    if not n_spam or n_spam == len(rows):
        raise ValueError("Training needs examples of both spam and approved comments.")
    bias = math.log(n_spam / (len(rows) - n_spam))
    weights: dict[str, float] = {}
    squares: dict[str, float] = {}
    bias_square = 0.0
    order = list(range(len(rows)))
    shuffler = random.Random(seed)
    for _ in range(epochs):
        shuffler.shuffle(order)
        for index in order:
            found, y = rows[index]
            gradient = _sigmoid(bias + sum(weights.get(f, 0.0) for f in found)) - y
            bias_square += gradient * gradient
            bias -= rate * gradient / math.sqrt(bias_square + 1e-9)
            for f in found:
                w = weights.get(f, 0.0)
                g = gradient + l2 * w
                squares[f] = squares.get(f, 0.0) + g * g
                weights[f] = w - rate * g / math.sqrt(squares[f])
    strongest = sorted(weights, key=lambda f: -abs(weights[f]))[:MAX_FEATURES]
    return SpamModel(
        version=version,
        prior=round(bias, 4),
        weights={f: round(weights[f], 4) for f in strongest if abs(weights[f]) >= 1e-3},
    )


def precision_recall(
    model: SpamModel, examples: Iterable[tuple[set[str], bool]], threshold: float
) -> dict:
    """Precision and recall of 'spam above threshold' on labelled examples."""
    tp = fp = fn = tn = 0
    for found, is_spam in examples:
        predicted = model.score(found) > threshold
        tp += predicted and is_spam
        fp += predicted and not is_spam
        fn += (not predicted) and is_spam
        tn += (not predicted) and not is_spam
    return {
        "threshold": threshold,
        "precision": round(tp / (tp + fp), 4) if tp + fp else None,
        "recall": round(tp / (tp + fn), 4) if tp + fn else None,
        "examples": tp + fp + fn + tn,
        "spam": tp + fn,
    }

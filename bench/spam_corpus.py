"""A labelled set of realistic ham and spam comments, generated (nothing is downloaded).

Labels come from the generator itself: each comment is drawn either from the ham families
(readers arguing, thanking, correcting, citing sources with links) or from the spam families
(link drops, SEO flattery with a website, crypto and pill pitches, lookalike spellings), and its
label is the family it was drawn from. The families overlap on purpose, as real ones do: ham
cites links and praises; spam flatters without a link and hides its link in the website field.
A small share of labels (LABEL_NOISE) is flipped, as moderators sometimes misjudge.

Usage: python bench/spam_corpus.py N > corpus.jsonl  (one JSON object a line, oldest first)
"""

from __future__ import annotations

import json
import random
import sys
from datetime import UTC, datetime, timedelta

LABEL_NOISE = 0.02
SPAM_SHARE = 0.3

FIRST = [
    "Amira",
    "Ben",
    "Chiara",
    "Dmitri",
    "Elif",
    "Farid",
    "Grace",
    "Hamza",
    "Ines",
    "Jonas",
    "Kemal",
    "Lina",
    "Malik",
    "Nora",
    "Omar",
    "Priya",
    "Rania",
    "Sami",
    "Tess",
    "Vera",
    "Yusuf",
    "Zeynep",
    "Hannah",
    "Jamie",
    "Alex",
    "Sam",
    "Robin",
]
LAST = [
    "Khan",
    "Smith",
    "Rossi",
    "Ivanov",
    "Yilmaz",
    "Haddad",
    "Okafor",
    "Müller",
    "Silva",
    "Novak",
    "Berg",
    "Dubois",
    "Costa",
    "Park",
]
TOPICS = [
    "the ceasefire",
    "the election",
    "the budget",
    "the report",
    "the aid convoy",
    "the trial",
    "the new law",
    "the negotiations",
    "the refugees",
    "the strike",
    "the council vote",
    "the inquiry",
]
OPINIONS = [
    "I read this twice and I still think the central claim about {t} holds.",
    "The numbers on {t} in the third paragraph deserve a source.",
    "This is the clearest account of {t} I have seen this year.",
    "I am not convinced: the same argument about {t} was made in 2013 and it did not age well.",
    "Could you say more about the role of the neighbouring governments in {t}?",
    "My family lived through this, and the piece on {t} gets the human cost right.",
    "There is a report from an independent monitor on {t} that says otherwise.",
    "I disagree with the conclusion on {t} but respect the reasoning.",
    "Thank you for writing this about {t}.",
    "Great article, thanks. Where can readers go to help with {t}?",
    "The comparison with earlier conflicts is apt, though {t} is different in scale.",
    "Why does nobody mention the money behind {t}? Follow it and the story changes.",
]
CITED = "https://www.{d}/reports/{n}"
NEWS = [
    "bbc.co.uk",
    "reuters.com",
    "theguardian.com",
    "hrw.org",
    "un.org",
    "apnews.com",
    "ft.com",
    "amnesty.org",
]
SPAM_PITCH = [
    "Best {p} online at the lowest price, order now",
    "Earn $ {n} a week from home, no experience needed, {p}",
    "Cheap {p} without prescription, fast discreet delivery",
    "Crypto signals that made me {n} dollars in a week, {p}",
    "Hot singles in your area want to meet you, {p}",
    "Casino bonus {n} free spins today only, {p}",
    "B3st c4sino b0nus, fr33 sp1ns {n}",
]
PRODUCTS = [
    "viagra",
    "replica watches",
    "diet pills",
    "bitcoin doubler",
    "essay writing",
    "seo backlinks",
    "payday loans",
    "cbd oil",
]
FLATTERY = [
    "Great post, very informative. Keep it up!",
    "Nice article, I bookmarked your site and will come back.",
    "Thanks for sharing, this is exactly what I was looking for.",
    "Wow, amazing blog layout! How long have you been blogging for?",
    "Very nice write-up about {t}, I learned a lot.",
]
SPAM_DOMAINS = [
    "cheap-meds.biz",
    "best-casino.top",
    "win-now.xyz",
    "crypto-gains.io",
    "replica-shop.ru",
    "seo-boost.click",
    "loans4u.info",
]


def _name(rng):
    return f"{rng.choice(FIRST)} {rng.choice(LAST)}" if rng.random() < 0.7 else rng.choice(FIRST)


def ham(rng: random.Random) -> dict:
    sentences = [
        rng.choice(OPINIONS).format(t=rng.choice(TOPICS)) for _ in range(rng.randint(1, 4))
    ]
    if rng.random() < 0.15:
        sentences.append(CITED.format(d=rng.choice(NEWS), n=rng.randint(100, 99999)))
    name = _name(rng)
    email = f"{name.split()[0].lower()}{rng.randint(1, 999)}@{rng.choice(['gmail.com', 'outlook.com', 'proton.me', 'example.org'])}"
    url = f"https://{name.split()[0].lower()}.blog.example" if rng.random() < 0.05 else ""
    return {"name": name, "email": email, "url": url, "text": " ".join(sentences), "spam": False}


def spam(rng: random.Random) -> dict:
    domain = rng.choice(SPAM_DOMAINS)
    link = f"https://{domain}/{rng.choice(PRODUCTS).replace(' ', '-')}?ref={rng.randint(1, 9999)}"
    kind = rng.random()
    if kind < 0.45:
        text = rng.choice(SPAM_PITCH).format(p=rng.choice(PRODUCTS), n=rng.randint(50, 5000))
        text += " " + " ".join(link for _ in range(rng.randint(1, 4)))
        name = rng.choice([rng.choice(PRODUCTS).title(), _name(rng)])
    elif kind < 0.8:
        # SEO flattery: a harmless sentence, the link in the website field.
        text = rng.choice(FLATTERY).format(t=rng.choice(TOPICS))
        name = rng.choice(PRODUCTS).title() if rng.random() < 0.6 else _name(rng)
    else:
        # Copied from a real comment, link appended: the hardest case.
        text = ham(rng)["text"] + " " + link
        name = _name(rng)
    email = f"{rng.choice(['info', 'sales', 'admin', 'promo'])}{rng.randint(1, 99)}@{rng.choice([*SPAM_DOMAINS, 'gmail.com'])}"
    return {
        "name": name,
        "email": email,
        "url": link if kind >= 0.45 else "",
        "text": text,
        "spam": True,
    }


def generate(count: int, seed: int = 15) -> list[dict]:
    """`count` comments, oldest first, about SPAM_SHARE of them spam."""
    rng = random.Random(seed)
    start = datetime(2026, 1, 1, tzinfo=UTC)
    items = []
    for i in range(count):
        item = spam(rng) if rng.random() < SPAM_SHARE else ham(rng)
        if rng.random() < LABEL_NOISE:
            item["spam"] = not item["spam"]
        item["when"] = (start + timedelta(minutes=5 * i)).isoformat()
        items.append(item)
    return items


if __name__ == "__main__":
    for row in generate(int(sys.argv[1]) if len(sys.argv) > 1 else 1000):
        print(json.dumps(row, ensure_ascii=False))

"""Rules that read what was written: listed words (as readers see them), links, markup the
sanitizer removed, look-alike addresses. Pure, like every rule (see comments.moderation.rules).
"""

from __future__ import annotations

import html
import re

import regex

from comments.links import (
    host_of,
    is_deceptive_host,
    is_within,
    normalised_domain,
    unicode_host,
)
from comments.moderation.types import Facts, Finding, PolicySnapshot, Submission, Verdict, passing
from comments.text import fold, fold_with_positions, link_attributes, reader_text

_pass = passing


def normalise(text: str) -> str:
    """Fold a string for matching as a reader reads it (comments.text.fold)."""
    return fold(text)


def find_words(words: tuple[str, ...], fields: dict[str, str]) -> list[dict]:
    """Where each listed word or phrase occurs as whole words in the fields, after folding
    both alike; each match quotes what it matched in the field as it was."""
    matches = []
    if not words:
        return matches  # an empty list matches nothing: folding the fields would be for naught
    folded = {name: fold_with_positions(value) for name, value in fields.items() if value}
    for word in words:
        needle = fold(word).strip()
        if not needle:
            continue
        pattern = regex.compile(r"(?<![\w\p{M}])" + regex.escape(needle) + r"(?![\w\p{M}])")
        for name, (value, origins) in folded.items():
            for match in pattern.finditer(value):
                start = origins[match.start()]
                end = origins[match.end()] if match.end() < len(origins) else len(fields[name])
                matches.append(
                    {
                        "word": word,
                        "field": name,
                        "position": start,
                        "matched": fields[name][start:end].rstrip(),
                    }
                )
    return matches


def _searchable_fields(sub: Submission) -> dict[str, str]:
    """What readers and moderators see of a submission: the comment's visible text (and its
    links' targets) rather than its markup, then the author's fields."""
    return {
        "text": reader_text(sub.html) if sub.html else sub.text,
        "links": link_attributes(sub.html),
        "name": sub.author_name,
        "email": sub.email,
        "url": sub.url,
        "ip": sub.ip or "",
        "user_agent": sub.user_agent,
    }


def disallowed_words(sub: Submission, facts: Facts, policy: PolicySnapshot) -> Finding:
    """Rule 7: a disallowed word anywhere in what was sent."""
    # Without listed words there is nothing to find (and no markup to read for it).
    matches = (
        find_words(policy.disallowed_words, _searchable_fields(sub))
        if policy.disallowed_words
        else []
    )
    if not matches:
        return _pass("disallowed_words", "No disallowed words.")
    return Finding(
        "disallowed_words",
        Verdict.SPAM,
        "disallowed_words",
        f"Contains the disallowed word “{matches[0]['word']}”.",
        {"matches": matches},
    )


def moderation_words(sub: Submission, facts: Facts, policy: PolicySnapshot) -> Finding:
    """Rule 8: a word that asks a moderator to look first."""
    # Without listed words there is nothing to find (and no markup to read for it).
    matches = (
        find_words(policy.moderation_words, _searchable_fields(sub))
        if policy.moderation_words
        else []
    )
    if not matches:
        return _pass("moderation_words", "No words that call for moderation.")
    return Finding(
        "moderation_words",
        Verdict.HOLD,
        "moderation_words",
        f"Contains “{matches[0]['word']}”, which is on the moderation list.",
        {"matches": matches},
    )


_HREF = re.compile(r'<a\s[^>]*?href="([^"]*)"', re.IGNORECASE)


def _hrefs(sanitized_html: str) -> list[str]:
    return _HREF.findall(sanitized_html)


def outside_links(html_text: str, own_domains: tuple[str, ...]) -> list[str]:
    """The links in sanitized HTML that point away from this site, as browsers read them."""
    domains = tuple(normalised_domain(d) for d in own_domains)
    return [
        href for href in _hrefs(html_text) if not is_within(host_of(html.unescape(href)), domains)
    ]


def link_count(sub: Submission, facts: Facts, policy: PolicySnapshot) -> Finding:
    """Rule 9: many links to other sites is what spam looks like."""
    links = outside_links(sub.html, policy.own_domains)
    evidence = {"count": len(links), "limit": policy.link_limit, "links": links[:20]}
    if not policy.link_limit or len(links) < policy.link_limit:
        return _pass("link_count", "Few enough links.", **evidence)
    return Finding(
        "link_count",
        Verdict.HOLD,
        "link_count",
        f"Contains {len(links)} links; {policy.link_limit} or more are held.",
        evidence,
    )


def removed_markup(sub: Submission, facts: Facts, policy: PolicySnapshot) -> Finding:
    """Rule 10: the sanitizer had to remove dangerous markup."""
    if not sub.removed_markup or not policy.hold_removed_markup:
        return _pass(
            "removed_markup", "Nothing dangerous was removed.", removed=list(sub.removed_markup)
        )
    return Finding(
        "removed_markup",
        Verdict.HOLD,
        "removed_markup",
        "Markup was removed: " + ", ".join(sub.removed_markup[:5]) + ".",
        {"removed": list(sub.removed_markup)},
    )


def deceptive_links(sub: Submission, facts: Facts, policy: PolicySnapshot) -> Finding:
    """Rule 10b: a link or website whose address imitates another (mixed scripts, punycode)."""
    targets = [html.unescape(href) for href in _hrefs(sub.html)] + ([sub.url] if sub.url else [])
    hosts = [host_of(target) for target in targets]
    deceptive = list(dict.fromkeys(h for h in hosts if h and is_deceptive_host(h)))
    if not deceptive:
        return _pass("deceptive_links", "No link imitates another address.")
    return Finding(
        "deceptive_links",
        Verdict.HOLD,
        "deceptive_link",
        f"Links to {deceptive[0]}, an address made to look like {unicode_host(deceptive[0])}.",
        {"hosts": deceptive[:20], "shown_as": [unicode_host(h) for h in deceptive[:20]]},
    )

"""XSS conformance: every payload in data/xss_payloads.txt, sanitized and posted for real.

Each payload (public attack collections: OWASP's filter evasion cheat sheet, html5lib's and
bleach's sanitizer tests and CVE cases, DOMPurify's fixtures) is judged twice:

* the sanitizer's output, parsed as a browser would parse it (html5lib), may hold only the
  allowlisted elements and attributes and only http, https or mailto links;
* posted through the real comment form, it never causes a server error, and when a comment
  is stored its HTML, and the article page its poster then sees, pass the same judgement.

The judgement is the tests' one HTML-safety oracle (comments/tests/html_safety.py), written
independently of comments.sanitizer so that a change to the sanitizer cannot quietly widen
what passes.
"""

from __future__ import annotations

import re
from pathlib import Path

import html5lib
import pytest

from comments.models import TribuneComment
from comments.sanitizer import sanitize
from comments.tests.helpers import post_comment, set_policy
from comments.tests.html_safety import (
    comment_contents,
    discussion_section,
    unsafe_parts_of_html,
    unsafe_parts_of_section,
)

# --------------------------------------------------------------------------------------------
# The payloads
# --------------------------------------------------------------------------------------------

PAYLOAD_FILE = Path(__file__).parent / "data" / "xss_payloads.txt"
MIN_DISTINCT_PAYLOADS = 300

_ESCAPE = re.compile(r"\\(x[0-9A-Fa-f]{2}|u[0-9A-Fa-f]{4}|.?)", re.DOTALL)
_SIMPLE_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "0": "\0", "\\": "\\"}


def decode_payload(line: str, where: str = "payload") -> str:
    r"""Decode \n, \t, \r, \0, \\, \xHH and \uXXXX; any other backslash is a mistake."""

    def replace(match: re.Match) -> str:
        code = match.group(1)
        if len(code) > 1:
            return chr(int(code[1:], 16))
        if code in _SIMPLE_ESCAPES:
            return _SIMPLE_ESCAPES[code]
        raise ValueError(f"{where}: unknown escape {match.group(0)!r} in {line!r}")

    return _ESCAPE.sub(replace, line)


def load_payloads(path: Path = PAYLOAD_FILE) -> list[tuple[int, str]]:
    """(line number, decoded payload) for every payload line of the file."""
    payloads = []
    # Split on "\n" only: str.splitlines() would also split on characters such as U+2028.
    for number, line in enumerate(path.read_text(encoding="utf-8").split("\n"), start=1):
        line = line.removesuffix("\r")
        if not line.strip() or line.startswith("#"):
            continue
        payloads.append((number, decode_payload(line, f"{path.name}:{number}")))
    return payloads


PAYLOADS = load_payloads()
PAYLOAD_PARAMS = [
    pytest.param(payload, id=f"p{index:03d}")
    for index, (_line, payload) in enumerate(PAYLOADS, start=1)
]


def test_payload_file_holds_enough_distinct_payloads():
    first_seen: dict[str, int] = {}
    repeats = []
    for line, payload in PAYLOADS:
        if payload in first_seen:
            repeats.append(f"line {line} repeats line {first_seen[payload]}: {payload!r}")
        first_seen.setdefault(payload, line)
    assert not repeats, "\n".join(repeats)
    assert len(first_seen) >= MIN_DISTINCT_PAYLOADS


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        pytest.param(r"a\nb\tc\rd\0e", "a\nb\tc\rd\0e", id="control-escapes"),
        pytest.param(r"C:\\x\\n", "C:\\x\\n", id="escaped-backslashes"),
        pytest.param(r"\x01\u2028\uFEFF", "\x01\u2028\ufeff", id="code-points"),
        pytest.param("<a href='x'>plain</a>", "<a href='x'>plain</a>", id="no-escapes"),
    ],
)
def test_payload_decoding(line, expected):
    assert decode_payload(line) == expected


@pytest.mark.parametrize("line", [r"\q", "trailing\\", r"\x4", r"\u12"])
def test_payload_decoding_rejects_unknown_escapes(line):
    with pytest.raises(ValueError):
        decode_payload(line)


# --------------------------------------------------------------------------------------------
# The sanitizer, payload by payload
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("payload", PAYLOAD_PARAMS)
def test_sanitized_payload_is_safe(payload):
    out = sanitize(payload)
    problems = unsafe_parts_of_html(out)
    assert not problems, f"payload {payload!r}\nsanitized to {out!r}\n" + "\n".join(problems)


# --------------------------------------------------------------------------------------------
# The real comment form and the page, in batches of payloads
# --------------------------------------------------------------------------------------------

# One article per batch keeps this part fast (creating a page costs more than posting to it);
# every failure still names its payload.
BATCH_SIZE = 20
PAYLOAD_BATCHES = [
    pytest.param(
        [
            (f"p{index:03d}", payload)
            for index, (_line, payload) in enumerate(
                PAYLOADS[start : start + BATCH_SIZE], start + 1
            )
        ],
        id=f"p{start + 1:03d}-p{min(start + BATCH_SIZE, len(PAYLOADS)):03d}",
    )
    for start in range(0, len(PAYLOADS), BATCH_SIZE)
]


@pytest.fixture
def publish_at_once(no_email_confirmation, trusting_policy):
    """Comments are published or held as soon as they are posted (no email confirmation),
    and a batch of posts from one address is not refused as a flood."""
    return set_policy(flood_max_comments=0)


def _post(client, article, pid: str, payload: str):
    # A distinct author per payload, so that no payload is refused as a repeat of another.
    try:
        return post_comment(
            client, article, comment=payload, name=f"Reader {pid}", email=f"{pid}@example.com"
        )
    except Exception as exc:  # a server error: name the payload, keep the traceback
        raise AssertionError(f"{pid}: posting {payload!r} raised {exc!r}") from exc


def as_textarea_text(text: str) -> str:
    """What a browser's parser keeps of `text` placed inside a <textarea>."""
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\0", "\ufffd")


def reflection_problems(page: str, payload: str) -> list[str]:
    """A refused comment is shown back to its writer; it must come back whole, as the text
    of its <textarea>, and not break out into the page."""
    document = html5lib.parse(page, treebuilder="etree", namespaceHTMLElements=False)
    echoes = [
        node
        for node in document.iter("textarea")
        if node.get("name") == "comment" or node.get("aria-label") == "Your comment"
    ]
    # The parser drops one newline right after <textarea>, so leading newlines are not compared.
    expected = as_textarea_text(payload).lstrip("\n")
    return [
        f"the echoed comment is not intact: {(echo.text or '')[:200]!r}"
        for echo in echoes
        if (echo.text or "").lstrip("\n") != expected
    ]


def test_reflection_judgement_rejects_a_break_out():
    page = '<textarea name="comment">&lt;b&gt;</textarea><img src=x onerror=alert(1)>'
    assert reflection_problems(page, "&lt;b&gt;</textarea><img src=x onerror=alert(1)>")
    assert not reflection_problems(page, "<b>")


def test_benign_comment_is_shown_and_the_page_passes_the_judgement(
    client, article, publish_at_once
):
    response = _post(client, article, "benign", "Plain words, https://example.com/ too.")
    assert response.status_code == 302
    page = client.get(article.url)
    section = discussion_section(page.content.decode())
    assert len(comment_contents(section)) == 1
    assert unsafe_parts_of_section(section) == []


@pytest.mark.parametrize("batch", PAYLOAD_BATCHES)
def test_posted_payloads_are_stored_and_shown_safely(batch, client, article, publish_at_once):
    failures: list[str] = []
    stored: list[tuple[str, str, TribuneComment]] = []
    seen: set[int] = set()
    for pid, payload in batch:
        response = _post(client, article, pid, payload)
        if not 300 <= response.status_code < 500:
            failures.append(f"{pid}: posting {payload!r} answered {response.status_code}")
            continue
        if response.status_code >= 400:
            failures.extend(
                f"{pid}: payload {payload!r} answered {response.status_code}: {problem}"
                for problem in reflection_problems(response.content.decode(), payload)
            )
        new = list(TribuneComment.objects.for_target(article).exclude(pk__in=seen))
        seen.update(comment.pk for comment in new)
        if not new:
            continue  # refused (a 4xx): nothing stored, nothing to show
        assert len(new) == 1, f"{pid}: one post stored {len(new)} comments"
        comment = new[0]
        stored.append((pid, payload, comment))
        failures.extend(
            f"{pid}: payload {payload!r} stored as {comment.comment_html!r}: {problem}"
            for problem in unsafe_parts_of_html(comment.comment_html)
        )

    if stored:
        page = client.get(article.url)
        assert page.status_code == 200
        section = discussion_section(page.content.decode())
        shown = {node.get("id"): node for node in section.iter("li") if node.get("id")}
        for pid, payload, comment in stored:
            item = shown.get(comment.anchor)
            if item is None:
                failures.append(
                    f"{pid}: the poster does not see {comment.anchor} ({comment.status})"
                )
                continue
            if len(comment_contents(item)) != 1:
                failures.append(f"{pid}: {comment.anchor} does not show one comment-content")
            failures.extend(
                f"{pid}: payload {payload!r} rendered unsafely: {problem}"
                for problem in unsafe_parts_of_section(item)
            )
        failures.extend(
            f"batch {batch[0][0]}-{batch[-1][0]}: the discussion section: {problem}"
            for problem in unsafe_parts_of_section(section)
        )
    assert not failures, "\n".join(failures)

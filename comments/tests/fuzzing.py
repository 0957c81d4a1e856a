"""What the fuzz tests of the comment endpoint (test_fuzz_posting.py) are made of: nasty
strings, plausible and wild values per field, form bodies, the security fields as a mode says,
and the invariants every answer must keep."""

import time
from collections import Counter
from urllib.parse import urlencode

from django.conf import settings as django_settings
from django.core.cache import cache
from django.db import transaction
from hypothesis import HealthCheck
from hypothesis import strategies as st

from comments.models import Status, TribuneComment
from comments.tests.helpers import security_hash

POST_URL = "/comments/post/"
BOUNDARY = "fuzzBoundary7MA4YWxkTrZu0gW"

# What the fuzz saw, for whoever runs it by hand (the tests never read these).
STATS = Counter()

FUZZ_SETTINGS = dict(
    deadline=None,
    database=None,  # no example database: runs stay independent of earlier ones
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

DROP = object()  # the field is left out of the body

# Strings that have broken form handling somewhere: control characters, lone surrogates
# (which st.text() never makes), bidi and zero-width characters, markup, template and SQL
# syntax, lengths around the limits, numbers that overflow 64 bits.
NASTY = [
    "",
    " ",
    "\x00",
    "a\x00b",
    "\x01\x02\x1b[31m\x7f",
    "\r\n\r\n",
    "\ud800",
    "lone \udfff low",
    "\udbff\udfff",
    "\ufeff",
    "\ufffe\uffff",
    "\U0010ffff",
    "\u202eevil\u202c",
    "\u2066\u2067",
    "\u200b",
    "\u200b\u200c\u200d\u2060",
    "\u00ad",
    "🦊" * 60,
    "👩🏽‍💻🇫🇷",
    "𝔘𝔫𝔦𝔠𝔬𝔡𝔢",
    "<script>alert(1)</script>",
    "<b>" * 600,
    "<div>" * 3000,
    "<a href='javascript:alert(1)'>x</a>",
    "' OR 1=1 --",
    "1;DROP TABLE blog_blogpage",
    "{{ 7*7 }}{% debug %}",
    "${7*7}",
    "%00%ff%ED%A0%80",
    "\\",
    '"',
    "null",
    "None",
    "0",
    "-1",
    "9" * 25,
    "1e9",
    "n" * 51,
    "x" * 10_001,
    "https://\u0430pple.com",
    "javascript:alert(1)",
    "http://",
    "http://[::1",
    "https://example.com/" + "p" * 200,
    "reader@example.com\nBcc: victim@example.com",
    "r" * 64 + "@" + "d" * 63 + "." + "d" * 63 + "." + "d" * 63 + ".com",
]
nasty = st.sampled_from(NASTY)


def wild(plausible):
    """Anything at all for a field: arbitrary or nasty text, a plausible value spoiled by a
    nasty one, or no field."""
    return st.one_of(
        st.text(),
        nasty,
        st.builds(lambda a, b: a + b, plausible, nasty),
        st.builds(lambda a, b: a + b, nasty, plausible),
        st.just(DROP),
    )


visible_text = st.text(min_size=1).filter(lambda s: s.strip())
PLAUSIBLE = {
    "name": st.one_of(
        st.sampled_from(["Reader", "Zoë", "李小龍", "O'Brien", "Zoë 🦊"]),
        st.text(
            alphabet=st.characters(categories=("L", "N", "P", "Zs", "So")), min_size=1, max_size=50
        ).filter(lambda s: s.strip()),
    ),
    "email": st.one_of(st.just("reader@example.com"), st.emails()),
    "url": st.sampled_from(["", "", "https://example.com", "http://example.org/a?b=c#d"]),
    "comment": st.one_of(
        st.sampled_from(
            ["A thoughtful reply.", "<p>Some <b>bold</b> words</p>", "See https://example.org"]
        ),
        visible_text.filter(lambda s: len(s) <= 2000),
    ),
    "followup": st.sampled_from(["", "on", DROP]),
    "notify_decision": st.sampled_from(["", "on", DROP]),
    "honeypot": st.just(""),
}
WILD = {
    **{field: wild(strategy) for field, strategy in PLAUSIBLE.items()},
    "followup": st.one_of(st.sampled_from(["true", "0", "off", "False"]), st.text(max_size=10)),
    "notify_decision": st.one_of(st.sampled_from(["true", "0", "off"]), st.text(max_size=10)),
}

# How the security fields are sent. "valid" signs the values actually sent, so that
# unusual hidden values still reach the code behind the security check.
BROKEN_SECURITY = [
    "tampered-hash",
    "missing-hash",
    "missing-timestamp",
    "expired",
    "future",
    "future-signed",
    "junk-timestamp",
    "junk-timestamp-signed",
    "unsigned-change",
]
junk_timestamps = st.one_of(st.integers().map(str), st.text(max_size=12), nasty)

# Fields the form does not have, named after the model's columns and other guesses.
UNKNOWN_KEYS = [
    "status",
    "is_public",
    "is_removed",
    "is_staff_reply",
    "user",
    "user_id",
    "ip_address",
    "submit_date",
    "parent_id",
    "thread_id",
    "level",
    "comment_html",
    "csrfmiddlewaretoken",
    "post",
]


def extras(repeated_fields: list):
    """Unknown fields, and second values for `repeated_fields` (the last value wins)."""
    return st.one_of(
        st.just([]),
        st.just([]),
        st.lists(
            st.tuples(
                st.one_of(st.sampled_from(UNKNOWN_KEYS + repeated_fields), st.text(max_size=10)),
                st.one_of(st.text(max_size=30), nasty),
            ),
            min_size=1,
            max_size=3,
        ),
    )


# What a WSGI server can hand over in a header: Latin-1 without control characters.
user_agents = st.one_of(
    st.just("Mozilla/5.0 (fuzz)"),
    st.text(alphabet=st.characters(codec="latin-1", exclude_categories=("Cc",)), max_size=600),
)
encodings = st.sampled_from(["urlencoded", "multipart"])


@st.composite
def bodies(draw, plausible: dict, wild: dict, max_spoiled: int = 3):
    """A form body (field name to value, or DROP): every field plausible about half the
    time, else 1 to `max_spoiled` fields wild."""
    names = sorted(plausible)
    spoiled = draw(
        st.one_of(
            st.just(frozenset()),
            st.frozensets(st.sampled_from(names), min_size=1, max_size=max_spoiled),
        )
    )
    return {name: draw(wild[name] if name in spoiled else plausible[name]) for name in names}


def body_pairs(body: dict, extra: list) -> list:
    pairs = [(key, value) for key, value in body.items() if value is not DROP]
    return pairs + list(extra)


def _multipart(pairs: list) -> bytes:
    parts = [
        f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="{key}"\r\n\r\n{value}\r\n'
        for key, value in pairs
    ]
    return ("".join(parts) + f"--{BOUNDARY}--\r\n").encode("utf-8", "surrogatepass")


def _send(client, pairs: list, encoding: str, user_agent: str):
    # Raw bytes, encoded with surrogatepass: lone surrogates go out as a client that does
    # not check them would send them, which the test client's own encoding refuses to do.
    if encoding == "multipart":
        body, content_type = _multipart(pairs), f"multipart/form-data; boundary={BOUNDARY}"
    else:
        body = urlencode(pairs, encoding="utf-8", errors="surrogatepass")
        content_type = "application/x-www-form-urlencoded"
    return client.generic(
        "POST", POST_URL, body, content_type=content_type, HTTP_USER_AGENT=user_agent
    )


def _sign(article, content_type: str, object_pk: str, timestamp: str) -> str:
    try:
        return security_hash(article, timestamp, content_type=content_type, object_pk=object_pk)
    except UnicodeEncodeError:  # a lone surrogate: no server could have signed it
        return "f" * 40


def security_fields(article, content_type, object_pk, mode: str, junk: str) -> dict:
    """content_type, object_pk, timestamp and security_hash as `mode` says: "valid" signs
    the values sent (the article's, for a field left out)."""
    now = int(time.time())
    rendered = str(now - 60)
    timestamp = {
        "expired": str(now - django_settings.COMMENTS_TIMEOUT - 60),
        "future": str(now + 3600),
        "future-signed": str(now + 3600),
        "junk-timestamp": junk,
        "junk-timestamp-signed": junk,
    }.get(mode, rendered)
    signed_for = (
        str(article._meta) if content_type is DROP else content_type,
        str(article.pk) if object_pk is DROP else object_pk,
    )
    if mode == "unsigned-change":
        signed_for = (str(article._meta), str(article.pk))
    signed_at = rendered if mode in {"future", "junk-timestamp"} else timestamp
    signed = _sign(article, *signed_for, signed_at)
    return {
        "content_type": content_type,
        "object_pk": object_pk,
        "timestamp": DROP if mode == "missing-timestamp" else timestamp,
        "security_hash": {"tampered-hash": signed[::-1], "missing-hash": DROP}.get(mode, signed),
    }


def check_post(client, pairs: list, encoding: str, user_agent: str) -> None:
    """Post one body and check the invariants; counts what it saw in STATS."""
    STATS["examples"] += 1
    with transaction.atomic():
        before = TribuneComment.objects.count()
        try:
            response = _send(client, pairs, encoding, user_agent)
        except Exception:  # the test client re-raises a view's exception: a 500
            STATS["5xx"] += 1
            raise
        status = response.status_code
        STATS[f"{status // 100}xx"] += 1
        assert 200 <= status < 500, f"{status} for {pairs!r}"
        stored = TribuneComment.objects.count() - before
        if status >= 400:
            assert stored == 0, f"a {status} stored {stored} comment(s)"
        assert stored == (1 if 300 <= status < 400 else 0), (status, stored)
        if stored:
            comment = TribuneComment.objects.latest("pk")
            # Extra fields never reach the model: an anonymous post stays anonymous.
            assert comment.user_id is None and not comment.is_staff_reply
            assert comment.status != Status.REMOVED
        transaction.set_rollback(True)
    # The cache is not rolled back with the database: forget what this example put there
    # (its session, read through the cache by config.sessions, no longer exists).
    cache.clear()


# Hidden fields that name what is commented on: other models, other letter cases, numbers
# too large for the database, pages that are not articles.
CONTENT_TYPES = [
    "Blog.BlogPage",
    "BLOG.BLOGPAGE",
    "blog.BlogPage",
    "blog.blogindexpage",
    "wagtailcore.page",
    "auth.user",
    "comments.tribunecomment",
    "nope.nothing",
    "blog",
    ".",
    "blog.blogpage.x",
]

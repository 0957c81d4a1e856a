"""The benchmark's comment POST tables: in-process with its phases, and over HTTP beside a
one-INSERT view and, when BENCH_WORDPRESS_URL names one, WordPress on the same machine."""

from __future__ import annotations

import http.client
import ipaddress
import os
import random
import re
import time
from urllib.parse import urlencode, urlsplit

from bench.common import counting, ms, pct, say, table

POSTS = 100
IN_PROCESS_POSTS = 300
# What a browser sends for a form without an enctype (Tribune's comment form), for both views.
FORM = "application/x-www-form-urlencoded"


def post_table(found) -> None:
    import cProfile
    import pstats

    from django.db import connection
    from django.test import Client

    from comments.tests.helpers import comment_form_data

    say("## Comment POST (in-process, through every middleware) vs a one-INSERT view")
    say(
        "A guest's comment on a 100-comment article from a returning browser (the cookie"
        " listing its own comments is updated), sent form-encoded as a browser sends the"
        " form, each from its own reader's address; emails queued as tasks, as in production."
    )
    say()
    article = found["post-100"]
    client = Client()
    client.post("/bench/insert/", urlencode({"c": "x"}), FORM)  # both views warm
    # The forms as the readers' browsers send them, filled in before the clock starts.
    stamp = time.time()
    bodies = []
    for i in range(IN_PROCESS_POSTS):
        data = comment_form_data(article, comment=f"Bench comment number {i} {stamp}")
        data["email"] = _reader_email("bench", i, stamp)
        bodies.append(urlencode(data))
    times, base, queries = [], [], 0
    for body in bodies:
        statements: list[str] = []
        # Timed without the profiler (it would double the time); the phases come from other
        # POSTs below.
        with connection.execute_wrapper(counting(statements)):
            start = time.perf_counter()
            response = client.post(
                "/comments/post/",
                body,
                FORM,
                HTTP_USER_AGENT="bench",
                REMOTE_ADDR=_reader_address(),
            )
            times.append(time.perf_counter() - start)
        assert response.status_code == 302, response.status_code
        queries = len(statements)
        start = time.perf_counter()
        client.post("/bench/insert/", urlencode({"c": "x"}), FORM)
        base.append(time.perf_counter() - start)
    table(
        ["", "queries", "p50", f"p99 ({IN_PROCESS_POSTS} repeats)"],
        [
            ["comment POST", queries, ms(pct(times, 0.5)), ms(pct(times, 0.99))],
            ["one-INSERT view", 1, ms(pct(base, 0.5)), ms(pct(base, 0.99))],
            ["ratio", "", f"{pct(times, 0.5) / pct(base, 0.5):.2f}×", ""],
        ],
    )
    profile = cProfile.Profile()
    profiled = []
    for i in range(POSTS):
        data = comment_form_data(article, comment=f"Profiled comment number {i} {time.time()}")
        data["email"] = _reader_email("profiled", i, stamp)
        start = time.perf_counter()
        profile.enable()
        client.post(
            "/comments/post/",
            urlencode(data),
            FORM,
            HTTP_USER_AGENT="bench",
            REMOTE_ADDR=_reader_address(),
        )
        profile.disable()
        profiled.append(time.perf_counter() - start)
    stats = pstats.Stats(profile)
    phases = {
        "article and its public check (targets.resolve_target, one query)": (
            "comments/targets.py",
            "resolve_target",
        ),
        "form validation (full_clean)": ("django/forms/forms.py", "full_clean"),
        "decide, store and queue (posting.comment_post)": ("comments/posting.py", "comment_post"),
        "facts (gather_facts, one query)": ("comments/moderation/facts.py", "gather_facts"),
        "rules (pipeline.evaluate)": ("comments/moderation/pipeline.py", "evaluate"),
        "store and record in one statement, queue (transitions.comment_create)": (
            "comments/transitions.py",
            "comment_create",
        ),
    }
    rows = []
    total = sum(profiled)
    for label, (path, function) in phases.items():
        cumulative = sum(
            v[3] for k, v in stats.stats.items() if k[0].endswith(path) and k[2] == function
        )
        rows.append([label, ms(cumulative / len(profiled)), f"{100 * cumulative / total:.0f} %"])
    say("Phase breakdown (cProfile cumulative time per POST, profiler overhead included):")
    say()
    table(["phase", "per POST", "share"], rows)


def _reader_email(kind: str, number: int, stamp: float) -> str:
    """Each POST's reader, new in every run: one reader posting again on the article within a
    minute would be made again under the posting lock (comments.claims), which is the rare case,
    not the one measured."""
    return f"{kind}{number}.{int(stamp)}@example.com"


def _reader_address() -> str:
    """A reader's own address: posts come from many readers. One address sending hundreds of
    comments in minutes is a flood the site refuses at its limit (5 by default; the benchmark
    turns the limit off so that its own HTTP posts, all from 127.0.0.1, are not refused)."""
    return str(ipaddress.IPv4Address(0x0A000000 + random.getrandbits(24)))


def _timed_posts(base_url: str, path: str, bodies, headers: dict) -> list[float]:
    parts = urlsplit(base_url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    times = []
    for body in bodies:
        start = time.perf_counter()
        connection.request("POST", path, body=urlencode(body), headers=headers)
        response = connection.getresponse()
        response.read()
        times.append(time.perf_counter() - start)
        assert response.status in (201, 204, 302, 303), (path, response.status)
    connection.close()
    return times


def _csrf(base_url: str) -> tuple[str, str]:
    parts = urlsplit(base_url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    connection.request("GET", "/comments/csrf/")
    response = connection.getresponse()
    token = re.search(rb'"token": ?"([^"]+)"', response.read()).group(1).decode()
    cookie = re.search(r"csrftoken=([^;]+)", response.getheader("Set-Cookie")).group(1)
    return token, cookie


def http_post_rows(base_url: str, article) -> list[list]:
    """A guest's comment POST over HTTP (CSRF token and cookie fetched first, as comments.js
    does), the one-INSERT view, and WordPress's wp-comments-post.php when configured."""
    from comments.tests.helpers import comment_form_data

    token, cookie = _csrf(base_url)
    headers = {
        "Content-Type": "application/x-www-form-urlencoded",
        "Cookie": f"csrftoken={cookie}",
        "User-Agent": "bench",
    }
    stamp = time.time()
    bodies = [
        {
            **comment_form_data(article, comment=f"HTTP bench comment {i} {stamp}"),
            "email": _reader_email("http", i, stamp),
            "csrfmiddlewaretoken": token,
        }
        for i in range(POSTS)
    ]
    rows = []
    times = _timed_posts(base_url, "/comments/post/", bodies, headers)
    rows.append(["Tribune comment POST", ms(pct(times, 0.5)), ms(pct(times, 0.99)), POSTS])
    inserts = _timed_posts(base_url, "/bench/insert/", [{"c": "x"}] * POSTS, headers)
    rows.append(["one-INSERT view", ms(pct(inserts, 0.5)), ms(pct(inserts, 0.99)), POSTS])
    wordpress = os.environ.get("BENCH_WORDPRESS_URL")
    if wordpress:
        post_id = os.environ.get("BENCH_WORDPRESS_POST_ID", "1")
        wp_bodies = [
            {
                "comment_post_ID": post_id,
                "author": "Bench",
                "email": f"wp{i}@example.com",
                "url": "",
                "comment": f"WordPress bench comment {i} {stamp}",
            }
            for i in range(POSTS)
        ]
        wp_path = urlsplit(wordpress).path.rstrip("/") + "/wp-comments-post.php"
        wp_headers = {k: v for k, v in headers.items() if k != "Cookie"}
        wp_times = _timed_posts(wordpress, wp_path, wp_bodies, wp_headers)
        rows.append(
            ["WordPress comment POST", ms(pct(wp_times, 0.5)), ms(pct(wp_times, 0.99)), POSTS]
        )
    else:
        rows.append(["WordPress comment POST", "not measured (BENCH_WORDPRESS_URL unset)", "", ""])
    return rows

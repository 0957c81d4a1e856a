"""The database goes away under load and comes back: readers get a 503 that hands back their
text (never a 500), nothing half-written is left, and the same gunicorn serves again at once.

The test runs its own PostgreSQL cluster (initdb into a temporary directory, its own
port), stops it with `pg_ctl stop -m fast` while client processes post, and starts it again.
The server keeps persistent connections (DB_CONN_MAX_AGE=60); conn_health_checks lets it
notice that they died. comments/tests/test_outage_after_commit.py pins down, on any database,
the moments after a comment is committed where an outage used to turn success into an error.
"""

from __future__ import annotations

import multiprocessing
import re
import secrets
import time
from collections import Counter

import pytest

from system_tests.clients import ClientProcesses, post_and_record, steady_client
from system_tests.postgres import (
    ThrowawayCluster,
    connect,
    create_database,
    database_url,
    postgres_bin,
    postgres_from_env,
)
from system_tests.reader import Reader, comment_fields
from system_tests.threads import stored_comments, thread_problems
from system_tests.webserver import Gunicorn, prepare_site, server_env

SERVER = postgres_from_env()
PG_BIN = postgres_bin()

CLIENTS = 4
STEADY_SECONDS = 3
OUTAGE_SECONDS = 4
RECOVERED_SECONDS = 5


@pytest.fixture
def cluster():
    """A throwaway PostgreSQL cluster, removed with its directory whatever happens."""
    cluster = ThrowawayCluster(PG_BIN)
    try:
        cluster.start()
        yield cluster
    finally:
        cluster.destroy()


@pytest.fixture
def server(cluster, tmp_path):
    """gunicorn with persistent connections to a migrated database on the throwaway cluster."""
    database = create_database(cluster.server, prefix="tribune_outage")
    env = server_env(database_url(cluster.server, database), DB_CONN_MAX_AGE=60)
    articles = prepare_site(env, articles=1)
    server = Gunicorn(env, tmp_path, workers=3, threads=2)
    server.database, server.articles = database, articles
    try:
        yield server
    finally:
        server.stop()


def _ok(record) -> bool:
    return record["status"] == (302 if record["kind"] == "post" else 200)


@pytest.mark.system
@pytest.mark.skipif(SERVER is None, reason="system tests run on PostgreSQL (DATABASE_URL)")
@pytest.mark.skipif(
    PG_BIN is None or not (PG_BIN / "initdb").exists(),
    reason="needs PostgreSQL's initdb and pg_ctl (set TRIBUNE_PG_BIN)",
)
def test_outage_answers_503_with_the_readers_text_and_recovers_without_restart(cluster, server):
    article = server.articles[0]
    run = secrets.token_hex(3)
    seeder = Reader(server.base_url)
    form = seeder.comment_form(article["url"])
    seeds = []
    for n in range(3):
        fields = comment_fields(form, f"steady {run} seed {n}", "seed@example.com")
        seed = post_and_record(seeder, fields)
        assert seed["status"] == 302, seed
        seeds.append(seed["id"])

    context = multiprocessing.get_context("spawn")
    ready, stop = context.Barrier(CLIENTS + 1), context.Event()
    clients = ClientProcesses(
        steady_client,
        [
            (server.base_url, article["url"], i, run, seeds, ready, stop, 1000, 90, 0.05)
            for i in range(CLIENTS)
        ],
    )
    try:
        ready.wait(timeout=60)
        time.sleep(STEADY_SECONDS)
        stop_requested = time.time()
        cluster.stop("fast")
        stopped = time.time()
        time.sleep(OUTAGE_SECONDS)
        start_requested = time.time()
        cluster.start()
        started = time.time()
        time.sleep(RECOVERED_SECONDS)
    except BaseException:
        stop.set()
        clients.stop()
        raise
    stop.set()
    records = [r for client in clients.results(timeout=60) for r in client]

    # After the clients: the site still reads and takes comments, on the same gunicorn.
    final_page = seeder.get(article["url"])
    final_post = post_and_record(
        seeder, comment_fields(form, f"steady {run} final", "seed@example.com")
    )
    records.append(final_post)

    def finished(r) -> float:
        return r["started"] + r["elapsed"]

    before = [r for r in records if finished(r) <= stop_requested]
    during = [r for r in records if r["started"] >= stopped and finished(r) <= start_requested]
    after = [r for r in records if r["started"] >= started]
    transition = [r for r in records if r not in before and r not in during and r not in after]
    posts = [r for r in records if r["kind"] == "post"]
    refused_posts = [r for r in posts if r["status"] == 503]
    first_success = min((finished(r) for r in after if _ok(r)), default=float("inf"))

    with connect(cluster.server, server.database, autocommit=True) as conn:
        stored = stored_comments(conn)
        orphans = conn.execute(
            "SELECT count(*) FROM django_comments_xtd_xtdcomment x "
            "LEFT JOIN comments_tribunecomment t ON t.xtdcomment_ptr_id = x.comment_ptr_id "
            "WHERE t.xtdcomment_ptr_id IS NULL"
        ).fetchone()[0]
    by_text = Counter(c.text for c in stored)
    ids_by_text = {c.text: c.id for c in stored}
    half_written = [c for c in stored if c.status is None or not c.thread_id or c.decisions < 1] + [
        orphans
    ] * bool(orphans)
    lost = [r for r in posts if r["status"] == 302 and ids_by_text.get(r["text"]) != r["id"]]
    duplicated = [text for text, count in by_text.items() if count > 1]
    stored_after_error = [r for r in posts if r["status"] != 302 and by_text[r["text"]]]
    log = server.log()
    print(
        f"\noutage: {len(records)} requests ({len(posts)} posts) by {CLIENTS} client processes; "
        f"before the stop {dict(Counter(r['status'] for r in before))}; during the outage "
        f"({stopped - stop_requested:.2f}s to stop, {start_requested - stopped:.1f}s down) "
        f"{dict(Counter(r['status'] for r in during))}; across the stop and start "
        f"{dict(Counter(r['status'] for r in transition))}; after the restart "
        f"{dict(Counter(r['status'] for r in after))}; 503 posts with their text in the page "
        f"{sum(r['text_in_body'] for r in refused_posts)}/{len(refused_posts)}; Retry-After "
        f"{sorted({r['retry_after'] for r in refused_posts})}; cluster start took "
        f"{started - start_requested:.2f}s, first success {first_success - started:.3f}s after "
        f"it was up; stored {len(stored)}, lost {len(lost)}, duplicated {len(duplicated)}, "
        f"stored despite an error {len(stored_after_error)}, half-written {len(half_written)}; "
        f"workers booted {server.booted_workers()}; 'Database unavailable' logged "
        f"{log.count('Database unavailable')}×, sessions not saved "
        f"{log.count('Session not saved')}, tracebacks {log.count('Traceback')}"
    )

    # Every answer was a success or a 503: never a 500, never a dropped connection.
    assert Counter(r["status"] for r in records).keys() <= {200, 302, 503}
    assert before and all(_ok(r) for r in before)
    # While the database was down: 503 with Retry-After, and the page holds the reader's text.
    assert during and {r["status"] for r in during} == {503}
    assert all(r["text_in_body"] and r["retry_after"] for r in refused_posts)
    assert [r for r in during if r["kind"] == "post"]
    # Nothing half-written; every success stored once, nothing that got an error stored.
    assert half_written == []
    assert lost == [] and duplicated == []
    assert stored_after_error == []
    assert thread_problems(stored) == []
    # Back at once, on the same server and workers: no request failed after the restart.
    assert after and all(_ok(r) for r in after)
    assert final_page.status == 200 and final_post["status"] == 302
    assert server.process.poll() is None and server.booted_workers() == 3
    assert not re.search(r"Internal Server Error|Worker \(pid:\d+\) was sent", log), log

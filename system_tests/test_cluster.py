"""Tribune on several servers, for real: two gunicorn instances (A, B) behind Debian's nginx
as a round-robin balancer, one PostgreSQL primary with a streaming replica (pg_basebackup -R),
one Redis, one task worker and the scheduler, an SMTP sink (system_tests/cluster_site.py).

The tests share one site and run in file order; the last ones stop parts of it.
"""

from __future__ import annotations

import json
import secrets
import shutil
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from system_tests.cluster_site import HOLD_WORD, Client, Site, listed_comment_count
from system_tests.nginx import nginx_installed
from system_tests.postgres import postgres_bin, postgres_from_env
from system_tests.reader import posted_id

PG_BIN = postgres_bin()

pytestmark = [
    pytest.mark.system,
    pytest.mark.skipif(postgres_from_env() is None, reason="system tests run on PostgreSQL"),
    pytest.mark.skipif(
        PG_BIN is None or not (PG_BIN / "pg_basebackup").exists(),
        reason="needs PostgreSQL's initdb, pg_ctl and pg_basebackup",
    ),
    pytest.mark.skipif(not nginx_installed(), reason="needs nginx (apt-get install nginx)"),
    pytest.mark.skipif(not shutil.which("redis-server"), reason="needs redis-server"),
]

RUN = secrets.token_hex(3)


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    built = Site(PG_BIN, tmp_path_factory.mktemp("cluster"))
    try:
        yield built
    finally:
        built.close()


def anonymous(base_url: str, n: int = 1) -> Client:
    return Client(base_url, forwarded_for=f"203.0.113.{n}")


def until(condition, seconds: float, step: float = 0.2):
    """Poll condition() until it is truthy (its value) or `seconds` pass (None)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(step)
    return None


def readyz(base_url: str) -> tuple[int, dict]:
    response = anonymous(base_url).get("/readyz")
    return response.status, json.loads(response.body)


def test_every_instance_is_ready_and_reads_the_replica(site):
    for base in (site.a.base_url, site.b.base_url):
        # The worker may still be starting: ready once it has taken the queued heartbeats.
        assert until(lambda base=base: readyz(base)[0] == 200, 30), readyz(base)
        assert readyz(base)[1]["checks"]["replica"] == "ok"


def test_a_comment_posted_through_a_is_visible_through_b(site):
    url = site.article["url"]
    assert anonymous(site.b.base_url).get(url).status == 200  # B's shared copy, in Redis
    text = f"{RUN} posted through A"
    posted = Client(site.a.base_url, forwarded_for="198.51.100.1").post_comment(
        url, text, "a@example.com"
    )
    assert posted.status == 302 and posted_id(posted)
    assert text in anonymous(site.b.base_url, 2).get(url).body


def test_a_session_signed_in_through_a_works_on_b(site):
    moderator = Client(site.a.base_url)
    login = moderator.get("/admin/login/")
    token = moderator.cookies["csrftoken"]
    signed_in = moderator.post(
        "/admin/login/",
        {"username": "mod", "password": "pw", "csrfmiddlewaretoken": token, "next": "/admin/"},
    )
    assert login.status == 200 and signed_in.status == 302
    on_b = moderator.at(site.b.base_url).get("/admin/moderation/")
    assert on_b.status == 200
    assert "Awaiting moderation" in on_b.body


def test_an_approval_on_b_is_seen_by_the_next_anonymous_get_through_the_balancer(site):
    url, text = site.article["url"], f"{RUN} {HOLD_WORD} approve me"
    author = Client(site.balancer, forwarded_for="198.51.100.2")
    assert author.post_comment(url, text, "held@example.com").status == 302
    [pk] = site.comment_ids(f"%{text}%")
    for base in (site.a.base_url, site.b.base_url):  # both instances hold a copy without it
        assert text not in anonymous(base, 3).get(url).body
    moderator = Client(site.a.base_url)
    moderator.get("/admin/login/")
    credentials = {"username": "mod", "password": "pw"}
    moderator.post(
        "/admin/login/", {**credentials, "csrfmiddlewaretoken": moderator.cookies["csrftoken"]}
    )
    token = moderator.cookies["csrftoken"]  # signing in rotates it
    approved = moderator.at(site.b.base_url).post(
        f"/admin/moderation/{pk}/approve/", {"csrfmiddlewaretoken": token, "note": ""}
    )
    assert approved.status == 302
    seen = [text in anonymous(site.balancer, 4).get(url).body for _ in range(4)]
    assert seen == [True] * 4  # round robin: A and B twice each
    # The held comment's alert went out through the worker.
    assert until(lambda: any(f"/moderation/{pk}/" in b for b in site.smtp.bodies()), 30)


def test_flood_limits_count_across_both_instances(site):
    url, at = site.article["url"], "198.51.100.77"
    statuses = []
    for n in range(5):
        base = (site.a, site.b)[n % 2].base_url
        client = Client(base, forwarded_for=at)
        statuses.append(client.post_comment(url, f"{RUN} flood {n}", f"f{n}@example.com").status)
    assert statuses == [302, 302, 302, 429, 429]


def test_the_worker_stopped_while_comments_are_posted_sends_every_email_once_later(site):
    url = site.article["url"]
    site.worker.stop()
    sent_before = len(site.smtp.messages)
    texts = [f"{RUN} {HOLD_WORD} while the worker is down {n}" for n in range(4)]
    for n, text in enumerate(texts):
        client = Client(site.balancer, forwarded_for=f"198.51.100.{100 + n}")
        assert client.post_comment(url, text, f"w{n}@example.com").status == 302
    ids = [site.comment_ids(f"%{text}%")[0] for text in texts]
    status, body = until(lambda: (r := readyz(site.a.base_url))[0] == 503 and r, 15) or (0, {})
    assert status == 503 and "db_worker" in body["checks"]["worker"]
    assert len(site.smtp.messages) == sent_before  # nothing left while the worker was down
    site.worker.start()
    assert until(lambda: len(site.smtp.messages) >= sent_before + len(ids), 60)
    time.sleep(4)  # two more scheduler sweeps: nothing may be sent again
    bodies = site.smtp.bodies()[sent_before:]
    assert [sum(f"/moderation/{pk}/" in b for b in bodies) for pk in ids] == [1, 1, 1, 1]
    assert len(bodies) == len(ids)


def test_anonymous_listings_read_the_replica_and_an_author_reads_their_own_write(site):
    before = site.replica_transactions()
    for n in range(3):
        assert anonymous(site.balancer, 10 + n).get(site.listing).status == 200
    assert until(lambda: site.replica_transactions() > before, 10)
    site.replica_sql("SELECT pg_wal_replay_pause()")
    try:
        count = listed_comment_count(anonymous(site.balancer, 20).get(site.listing).body)
        author = Client(site.balancer, forwarded_for="198.51.100.30")
        text = f"{RUN} read your writes"
        assert author.post_comment(site.article["url"], text, "rw@example.com").status == 302
        assert listed_comment_count(author.get(site.listing).body) == count + 1  # the primary
        assert listed_comment_count(anonymous(site.balancer, 21).get(site.listing).body) == count
        # The article's shared copy is never filled from the paused replica.
        assert text in anonymous(site.balancer, 22).get(site.article["url"]).body
    finally:
        site.replica_sql("SELECT pg_wal_replay_resume()")


def test_redis_stopped_for_a_few_seconds_gives_no_server_error(site):
    url, statuses = site.article["url"], []
    site.redis.stop()
    try:
        status, body = readyz(site.a.base_url)
        assert status == 503 and "Redis" in body["checks"]["cache"]
        deadline, n = time.monotonic() + 4, 0
        while time.monotonic() < deadline:
            n += 1
            statuses.append(anonymous(site.balancer, n).get(url).status)
            statuses.append(anonymous(site.balancer, n).get(site.listing).status)
            client = Client(site.balancer, forwarded_for=f"198.51.100.{150 + n % 50}")
            statuses.append(
                client.post_comment(url, f"{RUN} no redis {n}", f"r{n}@example.com").status
            )
    finally:
        site.redis.start()
    assert statuses and set(statuses) <= {200, 302}, statuses
    assert until(lambda: readyz(site.a.base_url)[0] == 200, 15)


def test_killing_a_mid_load_loses_no_acknowledged_comment_and_b_keeps_serving(site):
    url, results, lock = site.article["url"], [], threading.Lock()
    killed = threading.Event()

    def client(index: int) -> None:
        for seq in range(8):
            text = f"{RUN} load {index}-{seq}"
            reader = Client(site.balancer, forwarded_for=f"192.0.2.{index * 10 + seq}")
            try:
                response = reader.post_comment(url, text, f"l{index}-{seq}@example.com")
                outcome = (response.status, posted_id(response))
            except OSError as exc:
                outcome = (repr(exc), None)
            with lock:
                results.append((text, *outcome, killed.is_set()))
                if len(results) == 8:
                    site.a.kill()
                    killed.set()

    with ThreadPoolExecutor(4) as pool:
        list(pool.map(client, range(4)))
    acknowledged = {text: pk for text, status, pk, _ in results if status == 302 and pk}
    stored = {site.comment_ids(f"%{text}")[0] for text in acknowledged}
    assert stored == set(acknowledged.values())
    assert not [r for r in results if r[1] == 500], results
    assert [r for r in results if r[3] and r[1] == 302], "nothing was posted after the kill"
    pages = [
        anonymous(site.balancer, 30 + n).get(p).status
        for n in range(6)
        for p in (url, site.listing)
    ]
    assert pages == [200] * 12


def test_a_replica_that_is_down_leaves_reads_to_the_primary(site):
    site.replica.stop("immediate")
    pages = [
        anonymous(site.balancer, 40 + n).get(p).status
        for n in range(3)
        for p in (site.article["url"], site.listing)
    ]
    assert pages == [200] * 6
    status, body = readyz(site.b.base_url)
    assert status == 200 and body["checks"]["replica"].startswith("unreachable")

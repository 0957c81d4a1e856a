"""`make bench`: how fast Tribune is at 1 to 10,000 comments, beside its baselines, in one run.

Prints the tables and writes them to bench/RESULTS.md. Needs PostgreSQL (BENCH_DATABASE_URL,
default postgres://postgres@127.0.0.1:5432/tribune_bench), gunicorn, and Debian's nginx and wrk.
Timings are for reading, never for asserting (the tests count; this measures).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DB_URL = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/tribune_bench")
os.environ["DATABASE_URL"] = DB_URL
os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")

from bench.common import (  # noqa: E402  (after the environment it reads)
    OUT,
    REPEATS,
    WRK_SECONDS,
    counting,
    free_port,
    machine,
    ms,
    pct,
    say,
    table,
    wait_for,
    worker_peak_rss,
    wrk,
)
from bench.css import css_table  # noqa: E402
from bench.posting import http_post_rows, post_table  # noqa: E402
from system_tests.nginx import render_site  # noqa: E402

SIZES = [1, 100, 1_000, 10_000]


def setup_django():
    import django

    subprocess.run(
        ["createdb", "-h", "127.0.0.1", "-U", "postgres", DB_URL.rsplit("/", 1)[1]],
        capture_output=True,
    )
    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("load_demo", verbosity=0)
    call_command("collectstatic", "--noinput", verbosity=0)
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE IF NOT EXISTS bench_insert (id serial, body text)")


def articles() -> dict[int, object]:
    from wagtail.models import Site

    from blog.models import BlogIndexPage, BlogPage
    from comments.models import TribuneComment
    from comments.moderation.site_settings import ModerationSettings
    from comments.seeding import seed_comments

    policy = ModerationSettings.for_site(Site.objects.get(is_default_site=True))
    policy.premoderate_new_commenters = False
    policy.min_seconds_to_submit = 0
    policy.flood_max_comments = 0
    policy.save()
    index = BlogIndexPage.objects.first()
    found = {}
    # "post-100": the comment POSTs go there, so the measured pages keep their sizes run after run.
    for size in [*SIZES, "thread-100", "thread-10000", "post-100"]:
        slug = f"bench-{size}"
        article = BlogPage.objects.filter(slug=slug).first()
        if article is None:
            article = BlogPage(title=f"Bench {size}", slug=slug, standfirst="Benchmark.")
            index.add_child(instance=article)
            article.save_revision().publish()
        count = TribuneComment.objects.for_target(article).count()
        wanted = int(str(size).split("-")[-1])
        if count < wanted:
            seed_comments(article, wanted - count, seed=1, one_thread=str(size).startswith("t"))
        found[size] = article
    return found


def page_tables(found) -> None:
    from django.db import connection
    from django.template import engines
    from django.test import Client
    from django.test.utils import override_settings

    from comments.cache import outdate
    from comments.models import TribuneComment

    say("## Article page (in-process, uncached render)")
    say(
        "Django's page cache off. The discussion's outline (its count and threads' sizes,"
        " comments.discussion_outline) is kept for anonymous readers under the article's version"
        " token, as in production; the last column replaces the token before each render."
    )
    say()
    flat = engines["django"].from_string(
        "<ol>{% for c in comments %}<li id='c{{ c.pk }}'>{{ c.user_name }} {{ c.submit_date }}"
        "<div>{{ c.comment_html|safe }}</div></li>{% endfor %}</ol>"
    )
    rows = []
    with override_settings(TRIBUNE_PAGE_CACHE_SECONDS=0):
        client = Client()
        for size in SIZES:
            article = found[size]
            url = article.url
            client.get(url)
            statements: list[str] = []
            # Counted by a wrapper: the request_started signal empties connection.queries.
            with connection.execute_wrapper(counting(statements)):
                html = client.get(url).content
            repeats = 40 if size <= 1000 else 15
            times, changed, base = [], [], []
            for _ in range(repeats):
                start = time.perf_counter()
                client.get(url)
                times.append(time.perf_counter() - start)
                # As after any change to the discussion: its version token replaced, so the
                # kept outline (comments.discussion_outline) is counted again.
                outdate(article)
                start = time.perf_counter()
                client.get(url)
                changed.append(time.perf_counter() - start)
                start = time.perf_counter()
                comments = list(
                    TribuneComment.objects.for_target(article)
                    .published()
                    .select_related(None)
                    .order_by("thread_path")
                )
                flat.render({"comments": comments})
                base.append(time.perf_counter() - start)
            rows.append(
                [
                    f"{size:,}",
                    len(statements),
                    f"{len(html) / 1024:.0f} KB",
                    f"{ms(pct(times, 0.5))} / {ms(pct(times, 0.99))}",
                    f"{ms(pct(base, 0.5))} / {ms(pct(base, 0.99))}",
                    f"{pct(times, 0.5) / pct(base, 0.5):.2f}×",
                    f"{ms(pct(changed, 0.5))} ({pct(changed, 0.5) / pct(base, 0.5):.2f}×)",
                    repeats,
                ]
            )
    table(
        [
            "comments",
            "queries/page",
            "HTML (page 1)",
            "render p50 / p99",
            "flat one-query baseline p50 / p99 (all comments)",
            "ratio p50",
            "render p50 just after a change (ratio)",
            "repeats",
        ],
        rows,
    )


def reply_table(found) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from comments.models import TribuneComment
    from comments.sanitizer import sanitize
    from comments.threads import insert_comment

    say("## A reply into one long thread (insert_comment, in-process)")
    rows = []
    for size in ["thread-100", "thread-10000"]:
        article = found[size]
        parent = TribuneComment.objects.for_target(article).filter(level=1).first()
        times, statements = [], 0
        for i in range(20):
            reply = TribuneComment(
                content_object=article,
                site_id=1,
                user_name="Bench",
                user_email="bench@example.com",
                comment=f"Reply {i}",
                comment_html=sanitize(f"Reply {i}"),
                status="approved",
                is_public=True,
            )
            with CaptureQueriesContext(connection) as queries:
                start = time.perf_counter()
                insert_comment(reply, parent)
                times.append(time.perf_counter() - start)
            statements = len(queries)
            reply.delete()
        rows.append([size.split("-")[1], statements, ms(pct(times, 0.5)), ms(pct(times, 0.99))])
    table(["thread size", "statements", "p50", "p99 (20 repeats)"], rows)


def http_tables(found) -> None:
    say("## Over HTTP with wrk (1 gunicorn worker × 4 threads, production settings)")
    say(
        f"wrk -t1 -c8 -d{WRK_SECONDS}s, {REPEATS} repeats: median req/s, min–max, latency of the median run."
    )
    say()
    tmp = Path(tempfile.mkdtemp(prefix="tribune-bench-"))
    app_port, nginx_port = free_port(), free_port()
    env = {**os.environ, "PAGE_CACHE_SHARED_SECONDS": "60", "DB_CONN_MAX_AGE": "60"}
    gunicorn = subprocess.Popen(
        [str(ROOT / ".venv/bin/gunicorn"), "config.wsgi", "-b", f"127.0.0.1:{app_port}",
         "-w", "1", "--threads", "4", "--log-level", "error"],
        cwd=ROOT, env=env,
    )  # fmt: skip
    nginx = None
    try:
        wait_for(app_port)
        app = f"http://127.0.0.1:{app_port}"
        article = found[100]
        saved = tmp / "static"
        saved.mkdir()
        html = subprocess.run(["curl", "-s", app + article.url], capture_output=True).stdout
        (saved / "article.html").write_bytes(html)
        # The shipped site as the system tests run it: plain HTTP on a free port, no TLS.
        site = render_site([f"127.0.0.1:{app_port}"], nginx_port, tmp, saved)
        (tmp / "tribune.conf").write_text(site)
        user = "user root;" if os.geteuid() == 0 else ""
        (tmp / "nginx.conf").write_text(
            f"{user} worker_processes 1; pid {tmp}/nginx.pid; error_log {tmp}/error.log;"
            f"events {{ worker_connections 512; }} http {{ include /etc/nginx/mime.types;"
            f" access_log off; proxy_temp_path {tmp}/proxy; client_body_temp_path {tmp}/body;"
            f" include {tmp}/tribune.conf; }}"
        )
        nginx_bin = shutil.which("nginx") or "/usr/sbin/nginx"
        nginx = subprocess.Popen(
            [nginx_bin, "-p", str(tmp), "-c", str(tmp / "nginx.conf"), "-e", "stderr",
             "-g", "daemon off;"]
        )  # fmt: skip
        wait_for(nginx_port)
        front = f"http://127.0.0.1:{nginx_port}"
        rows = []
        for size in SIZES:
            url = found[size].url
            cold = wrk(app + url, "Cookie: sessionid=bench")
            rows.append([f"article, {size:,} comments, uncached (session reader)", *cold])
        url = article.url
        rows.append(["article, 100 comments, cached in Django", *wrk(app + url)])
        rows.append(["Django hello", *wrk(app + "/bench/hello/")])
        rows.append(["article, 100 comments, cached in nginx", *wrk(front + url)])
        rows.append(["nginx static (saved copy of the page)", *wrk(front + "/static/article.html")])
        table(["", "req/s (median)", "req/s min–max", "p50", "p99"], rows)
        say("### Comment POST over HTTP (one after another, keep-alive, through gunicorn)")
        say()
        table(["", "p50", "p99", "repeats"], http_post_rows(app, found["post-100"]))
        say(f"Peak RSS of the gunicorn worker: {worker_peak_rss(gunicorn.pid)}")
        say()
    finally:
        if nginx is not None:
            nginx.terminate()
            nginx.wait(timeout=10)
        gunicorn.terminate()
        gunicorn.wait(timeout=20)
        shutil.rmtree(tmp, ignore_errors=True)


def import_section() -> None:
    """The import benchmark's last table: it runs on its own (bench/import_wordpress.py, about
    ten minutes on fresh databases), so its results are carried over, not re-measured."""
    text = (ROOT / "bench" / "RESULTS-import.md").read_text(encoding="utf-8")
    fenced = text.split("```")
    if len(fenced) < 3:
        return
    say(
        "## WordPress import (bench/import_wordpress.py; its run, load and notes: RESULTS-import.md)"
    )
    say("```")
    say(fenced[1].strip("\n"))
    say("```")
    say()


def main() -> None:
    started = time.time()
    setup_django()
    found = articles()
    from django.db import connection

    with connection.cursor() as cursor:
        # Statistics for the freshly seeded rows, as autovacuum would gather on a live site:
        # without them the planner guesses (the POST's facts query took a hash join).
        cursor.execute("ANALYZE")
    say("# Tribune benchmark")
    say()
    say(f"Machine: {machine()}.")
    say("Database: PostgreSQL on the same machine. Other work may share the CPUs: see the load.")
    say()
    css_table()
    page_tables(found)
    reply_table(found)
    post_table(found)
    http_tables(found)
    import_section()
    say(f"Run took {time.time() - started:.0f} s; load at the end {os.getloadavg()[0]:.2f}.")
    (ROOT / "bench" / "RESULTS.md").write_text("\n".join(OUT) + "\n")


if __name__ == "__main__":
    main()

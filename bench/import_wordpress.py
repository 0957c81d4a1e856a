"""Benchmark manage.py import_wordpress on generated exports (PostgreSQL), printing a table.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres python bench/import_wordpress.py

Each measurement runs in its own process on a fresh database (<name>_bench_import, dropped
afterwards), so peak RSS is that of one import: compare it across file sizes to see that
memory does not grow with the file. Not a test: timings are printed, never asserted.
"""

from __future__ import annotations

import io
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

RUNS = [  # (mode, posts, comments)
    ("parse", 1_000, 20_000),
    ("parse", 4_000, 80_000),
    ("import", 250, 5_000),
    ("import", 1_000, 20_000),
]


def generate(path: Path, posts: int, comments: int, seed: int = 1) -> None:
    """An export with threads (55% replies, some 6+ deep), mixed statuses and pingbacks."""
    from blog.tests import wxr

    rng = random.Random(seed)
    per_post = comments // posts
    next_id = 1
    with path.open("w", encoding="utf-8") as out:
        out.write(wxr.header())
        for post_id in range(1, posts + 1):
            made: list[int] = []
            thread = []
            for n in range(per_post):
                parent = rng.choice(made) if made and rng.random() < 0.55 else 0
                minute = n % 60
                thread.append(
                    wxr.Comment(
                        next_id,
                        parent=parent,
                        author=rng.choice(["Urs", "Мария", "José &amp; Ana", "محمد", "Lee"]),
                        email=f"reader{next_id % 500}@example.com",
                        date_gmt=f"2016-10-{1 + n // 60 % 28:02d} 13:{minute:02d}:00",
                        approved=rng.choice(["1"] * 17 + ["0", "spam", "trash"]),
                        type="pingback" if rng.random() < 0.02 else "",
                        content="I read this twice.\n\nIt <b>holds</b> up. " * rng.randint(1, 4),
                    )
                )
                made.append(next_id)
                next_id += 1
            rng.shuffle(thread)  # parents may come after their replies
            post = wxr.Post(
                post_id,
                title=f"Article {post_id}",
                content="First paragraph.\n\n<h2>A heading</h2>\n\n<ul><li>a</li><li>b</li></ul>"
                "\n\nLast paragraph with <a href='https://example.org'>a link</a>.",
                tags=["bench"],
                comments=thread,
            )
            out.write(post.xml())
        out.write(wxr.FOOTER)


def child(mode: str, posts: int, comments: int) -> dict:
    """Runs in a fresh process: generate, then parse or import, and measure."""
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
    django.setup()
    from django.core.management import call_command

    from blog.importers.wordpress.reader import read_export

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "export.xml"
        generate(path, posts, comments)
        size = path.stat().st_size
        baseline = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        if mode == "import":
            call_command("migrate", verbosity=0)
            call_command("load_demo", stdout=io.StringIO())
            baseline = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        started = time.perf_counter()
        if mode == "parse":
            items = sum(1 for _ in read_export(str(path)))
        else:
            with open(os.devnull, "w") as sink:
                call_command("import_wordpress", str(path), stdout=sink, stderr=sink)
            items = posts
        elapsed = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {"mode": mode, "posts": posts, "comments": comments, "mb": size / 1e6,
            "seconds": elapsed, "peak_mb": peak / 1024, "growth_mb": (peak - baseline) / 1024,
            "items": items}  # fmt: skip


def fresh_database(url: str, name: str) -> str:
    import psycopg

    admin = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
    return url.rsplit("/", 1)[0] + "/" + name


def drop_database(url: str, name: str) -> None:
    import psycopg

    with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')


def main() -> None:
    if len(sys.argv) == 5 and sys.argv[1] == "--child":
        print(json.dumps(child(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]))))
        return
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        sys.exit("Set DATABASE_URL to a PostgreSQL database (the benchmark creates its own).")
    name = url.rsplit("/", 1)[1] + "_bench_import"
    print(f"{'mode':<7}{'posts':>7}{'comments':>10}{'file MB':>9}{'seconds':>9}"
          f"{'peak RSS MB':>13}{'growth MB':>11}")  # fmt: skip
    try:
        for mode, posts, comments in RUNS:
            env = {**os.environ, "DATABASE_URL": fresh_database(url, name)}
            result = subprocess.run(
                [sys.executable, __file__, "--child", mode, str(posts), str(comments)],
                env=env, cwd=ROOT, capture_output=True, text=True, check=True,
            )  # fmt: skip
            r = json.loads(result.stdout.strip().splitlines()[-1])
            print(f"{r['mode']:<7}{r['posts']:>7}{r['comments']:>10}{r['mb']:>9.1f}"
                  f"{r['seconds']:>9.1f}{r['peak_mb']:>13.0f}{r['growth_mb']:>11.0f}", flush=True)  # fmt: skip
    finally:
        drop_database(url, name)


if __name__ == "__main__":
    main()

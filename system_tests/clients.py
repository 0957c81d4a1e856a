"""Client processes: each runs one of the loops below and hands back a list of plain records.

Standard library only (psycopg aside), no Django: spawned client processes import it too.
"""

from __future__ import annotations

import html
import multiprocessing
import queue
import random
import time
import traceback
from collections.abc import Callable

from system_tests.net import Response
from system_tests.reader import Reader, comment_fields, posted_id
from system_tests.threads import DEPTH_LIMIT


def _report(results, index: int, target: Callable, args: tuple) -> None:
    try:
        results.put((index, True, target(*args)))
    except BaseException:
        results.put((index, False, traceback.format_exc()))


class ClientProcesses:
    """Client loops in separate (spawned) processes, each given its own arguments."""

    def __init__(self, target: Callable, args_list: list[tuple]):
        self.context = multiprocessing.get_context("spawn")
        self.queue = self.context.Queue()
        self.processes = [
            self.context.Process(target=_report, args=(self.queue, i, target, args), daemon=True)
            for i, args in enumerate(args_list)
        ]
        for process in self.processes:
            process.start()

    def results(self, timeout: float) -> list:
        """Every client's records, in client order; raises if a client failed or hung."""
        collected: dict[int, tuple[bool, object]] = {}
        deadline = time.monotonic() + timeout
        while len(collected) < len(self.processes) and time.monotonic() < deadline:
            try:
                index, ok, value = self.queue.get(timeout=1)
            except queue.Empty:
                if not any(p.is_alive() for p in self.processes) and self.queue.empty():
                    break
                continue
            collected[index] = (ok, value)
        self.stop()
        failures = [str(v) for ok, v in collected.values() if not ok]
        missing = len(self.processes) - len(collected)
        if failures or missing:
            raise RuntimeError(
                f"{missing} client(s) did not report; failures:\n" + "\n".join(failures)
            )
        return [collected[i][1] for i in range(len(self.processes))]

    def stop(self) -> None:
        for process in self.processes:
            process.join(timeout=5)
            if process.is_alive():
                process.terminate()
                process.join(timeout=5)


def _record(kind: str, text: str, response: Response | None, error: str = "") -> dict:
    if response is None:
        return {
            "kind": kind,
            "text": text,
            "status": 0,
            "error": error,
            "started": time.time(),
            "elapsed": 0.0,
            "location": "",
            "id": None,
            "text_in_body": False,
            "retry_after": "",
        }
    return {
        "kind": kind,
        "text": text,
        "status": response.status,
        "error": error,
        "started": response.started,
        "elapsed": response.elapsed,
        "location": response.location,
        "id": posted_id(response),
        "text_in_body": bool(text) and html.escape(text) in response.body,
        "retry_after": response.headers.get("retry-after", ""),
    }


def post_and_record(reader: Reader, fields: dict, timeout: float = 20) -> dict:
    try:
        response = reader.post("/comments/post/", fields, timeout=timeout)
    except OSError as exc:
        return _record("post", fields["comment"], None, repr(exc))
    return _record("post", fields["comment"], response)


def get_and_record(reader: Reader, path: str, timeout: float = 20) -> dict:
    try:
        return _record("get", "", reader.get(path, timeout=timeout))
    except OSError as exc:
        return _record("get", "", None, repr(exc))


def confirm_and_record(reader: Reader, path: str, timeout: float = 20) -> dict:
    """Press Confirm on a confirmation page (the link itself only shows the button)."""
    try:
        return _record("post", "", reader.post(path, {}, timeout=timeout))
    except OSError as exc:
        return _record("post", "", None, repr(exc))


def load_client(
    base_url: str,
    article_url: str,
    index: int,
    run: str,
    seeds: list[tuple[int, int]],
    posts: int,
    seconds: float,
    followup: bool,
) -> list[dict]:
    """Post `posts` comments (within `seconds`): mostly replies to the shared seed threads and
    to this client's own replies, some new threads; read the article now and then."""
    rng = random.Random(f"{run}-{index}")
    reader = Reader(base_url)
    form = reader.comment_form(article_url)
    known = list(seeds)  # (comment id, level)
    email = f"client{index}@example.com"
    extra = {"followup": "on"} if followup else {}
    records = []
    deadline = time.monotonic() + seconds
    for seq in range(posts):
        if time.monotonic() > deadline:
            break
        if seq % 10 == 9:
            records.append(get_and_record(reader, article_url))
        open_to_reply = [k for k in known if k[1] < DEPTH_LIMIT]
        parent_id, parent_level = (
            (0, -1) if rng.random() < 0.06 or not open_to_reply else rng.choice(open_to_reply)
        )
        text = f"load {run} client {index} post {seq} replying to {parent_id or 'the article'}"
        record = post_and_record(reader, comment_fields(form, text, email, parent_id, **extra))
        record["parent"] = parent_id
        records.append(record)
        if record["status"] == 302 and record["id"]:
            known.append((record["id"], parent_level + 1))
    return records


def same_body_client(
    base_url: str, cookies: dict, bodies: list[dict], barrier, timeout: float
) -> list[dict]:
    """Post each body at the same moment as the other clients (a double click, many times)."""
    records = []
    for fields in bodies:
        barrier.wait(timeout=timeout)
        records.append(post_and_record(Reader(base_url, cookies=dict(cookies)), fields))
    return records


def same_link_client(base_url: str, paths: list[str], barrier, timeout: float) -> list[dict]:
    """Open each link at the same moment as the other clients."""
    records = []
    for path in paths:
        barrier.wait(timeout=timeout)
        records.append(confirm_and_record(Reader(base_url), path))
    return records


def steady_client(
    base_url: str,
    article_url: str,
    index: int,
    run: str,
    seeds: list[int],
    ready,
    stop,
    max_requests: int,
    seconds: float,
    pause: float,
) -> list[dict]:
    """Post (and now and then read) until told to stop: the readers of the outage test."""
    rng = random.Random(f"{run}-{index}")
    reader = Reader(base_url)
    form = reader.comment_form(article_url)
    email = f"steady{index}@example.com"
    ready.wait(timeout=60)
    records = []
    deadline = time.monotonic() + seconds
    for seq in range(max_requests):
        if stop.is_set() or time.monotonic() > deadline:
            break
        if seq % 5 == 4:
            records.append(get_and_record(reader, article_url, timeout=15))
        else:
            parent = 0 if rng.random() < 0.2 else rng.choice(seeds)
            text = f"steady {run} client {index} request {seq} to {parent or 'the article'}"
            records.append(
                post_and_record(reader, comment_fields(form, text, email, parent), timeout=15)
            )
        time.sleep(pause)
    return records

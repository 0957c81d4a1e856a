"""Helpers of the benchmark scripts: tables for RESULTS.md, percentiles, the machine, wrk."""

from __future__ import annotations

import os
import platform
import re
import socket
import statistics
import subprocess
import time
from datetime import UTC, datetime
from pathlib import Path

WRK_SECONDS = int(os.environ.get("BENCH_WRK_SECONDS", "5"))
REPEATS = 3
OUT: list[str] = []


def say(line: str = "") -> None:
    print(line, flush=True)
    OUT.append(line)


def table(headers: list[str], rows: list[list]) -> None:
    say("| " + " | ".join(headers) + " |")
    say("|" + "---|" * len(headers))
    for row in rows:
        say("| " + " | ".join(str(c) for c in row) + " |")
    say()


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(p * len(ordered)))]


def ms(value: float) -> str:
    return f"{value * 1000:.1f} ms"


def counting(statements: list[str]):
    """A database execute wrapper that records each statement."""

    def wrapper(execute, sql, params, many, context):
        statements.append(sql)
        return execute(sql, params, many, context)

    return wrapper


def machine() -> str:
    lines = Path("/proc/cpuinfo").read_text().splitlines()
    cpu = next(
        (line.split(":", 1)[1].strip() for line in lines if "model name" in line),
        platform.processor(),
    )
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    now = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    return f"{cpu}, {os.cpu_count()} CPUs, {platform.system()} {platform.release()}; {now}; load {load}"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(port: int) -> None:
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"nothing listens on {port}")


def wrk(url: str, *headers: str) -> tuple[float, float, float, str]:
    results = []
    for _ in range(REPEATS):
        command = ["wrk", "-t1", "-c8", f"-d{WRK_SECONDS}s", "--latency"]
        for header in headers:
            command += ["-H", header]
        output = subprocess.run([*command, url], capture_output=True, text=True).stdout
        rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
        p50 = re.search(r"50%\s+([\d.]+\w+)", output).group(1)
        p99 = re.search(r"99%\s+([\d.]+\w+)", output).group(1)
        non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
        results.append((rps, p50, p99, non2xx.group(1) if non2xx else "0"))
    rates = [r[0] for r in results]
    middle = sorted(results)[len(results) // 2]
    return statistics.median(rates), f"{min(rates):,.0f}–{max(rates):,.0f}", middle[1], middle[2]


def worker_peak_rss(master_pid: int) -> str:
    try:
        children = Path(f"/proc/{master_pid}/task/{master_pid}/children").read_text().split()
        status = Path(f"/proc/{children[0]}/status").read_text()
        return re.search(r"VmHWM:\s+(.*)", status).group(1).strip()
    except (OSError, IndexError, AttributeError):
        return "unknown"

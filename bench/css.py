"""`make bench`: the public site's CSS as served, gzipped, against its budget (no server needed)."""

from __future__ import annotations

from bench.common import say, table


def css_table() -> None:
    from config.css_budget import BUDGET_BYTES, gzipped_sizes

    sizes = gzipped_sizes()
    say("## Public CSS (every stylesheet templates/base.html links)")
    say()
    rows = [
        [name, f"{raw / 1024:.1f} KB", f"{gz / 1024:.1f} KB"] for name, (raw, gz) in sizes.items()
    ]
    total = sum(gz for _raw, gz in sizes.values())
    rows.append(["total", "", f"{total / 1024:.1f} KB of {BUDGET_BYTES // 1024} KB"])
    table(["stylesheet", "bytes", "gzipped (level 9)"], rows)

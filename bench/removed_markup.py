"""Time the removed-markup scanner and the desk's highlighting on hostile inputs.

Run: .venv/bin/python bench/removed_markup.py  (prints a table; no assertions)
"""

import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")

import django

django.setup()

from comments.desk.presenters import highlight_removed  # noqa: E402
from comments.sanitizer_report import describe_removed_markup  # noqa: E402

SHAPES = {
    "< + letters": lambda n: "<" + "a" * (n - 1),
    "<a + letters": lambda n: "<a " + "b" * (n - 3),
    "open quote": lambda n: '<a href="' + "x" * (n - 9),
    "many attributes": lambda n: "<b " + "x=1 " * ((n - 3) // 4),
    "tags + text": lambda n: ("<b x=1>" + "t" * 200) * (n // 207),
}


def best_of(func, text, runs=3) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        func(text)
        times.append(time.perf_counter() - start)
    return min(times)


print(f"{'input':<18}{'size':>9}{'describe (ms)':>16}{'highlight (ms)':>16}")
for name, make in SHAPES.items():
    for size in (10_000, 100_000):
        text = make(size)
        describe = best_of(describe_removed_markup, text) * 1000
        highlight = best_of(highlight_removed, text) * 1000
        print(f"{name:<18}{size:>9}{describe:>16.1f}{highlight:>16.1f}")

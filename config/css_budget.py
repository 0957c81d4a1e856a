"""The public site's CSS budget: the stylesheets templates/base.html links, gzipped.

Measured in `make bench` (bench/run.py prints the sizes) and held by a test
(blog/tests/test_css_budget.py), so a page never waits on more CSS than a reader would notice.
"""

from __future__ import annotations

import gzip
import re
from pathlib import Path

from django.conf import settings

BUDGET_BYTES = 30 * 1024  # gzipped, all public stylesheets together
BASE_TEMPLATE = Path(settings.BASE_DIR) / "templates" / "base.html"
STATIC_DIR = Path(settings.BASE_DIR) / "static"
_LINKED = re.compile(r"""<link rel="stylesheet" href="\{% static '([^']+)' %\}""")


def public_stylesheets() -> list[Path]:
    """The stylesheets every public page links, in the order base.html links them."""
    return [STATIC_DIR / name for name in _LINKED.findall(BASE_TEMPLATE.read_text())]


def gzipped_sizes() -> dict[str, tuple[int, int]]:
    """Each public stylesheet's size as served: (bytes, bytes gzipped at level 9)."""
    sizes = {}
    for path in public_stylesheets():
        raw = path.read_bytes()
        sizes[path.name] = (len(raw), len(gzip.compress(raw, compresslevel=9, mtime=0)))
    return sizes

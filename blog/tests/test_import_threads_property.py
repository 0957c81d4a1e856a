"""Whatever the file order and depth, imported threads read as WordPress shows them."""

import itertools
from io import StringIO

import pytest
from django.core.management import call_command
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from blog.models import BlogIndexPage, BlogPage
from blog.tests import wxr
from blog.tests.factories import BlogIndexPageFactory
from comments.models import TribuneComment

pytestmark = pytest.mark.django_db
MAX_LEVEL = 3  # the site's default reply depth
SITES = itertools.count()  # comment ids are unique per WordPress site: one site per example


@st.composite
def threads(draw):
    """Comments 1..n, each replying to an earlier one or to the post, shuffled."""
    n = draw(st.integers(1, 14))
    parents = [0] + [draw(st.integers(0, i)) for i in range(1, n)]
    minutes = draw(st.lists(st.integers(0, 59), min_size=n, max_size=n))
    order = draw(st.permutations(list(range(n))))
    return [(i + 1, parents[i], minutes[i]) for i in order]


def _expected(comments):
    """WordPress's display: oldest first (date, then id), replies under their parent."""
    children = {}
    for cid, parent, minute in comments:
        children.setdefault(parent, []).append((minute, cid))
    out = []

    def walk(parent, depth):
        for _, cid in sorted(children.get(parent, [])):
            out.append((f"R{cid}", min(depth, MAX_LEVEL)))
            walk(cid, depth + 1)

    walk(0, 0)
    return out


@settings(
    max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(comments=threads(), post_id=st.integers(1, 10**6))
def test_threads_keep_wordpress_order_and_sit_within_the_limit(tmp_path, comments, post_id):
    if not BlogIndexPage.objects.exists():
        BlogIndexPageFactory(slug="blog")
    post = wxr.Post(post_id, slug=f"p{post_id}", comments=[
        wxr.Comment(cid, parent=parent, author=f"R{cid}", date_gmt=f"2016-10-21 13:{m:02d}:00")
        for cid, parent, m in comments
    ])  # fmt: skip
    site = f"https://site{next(SITES)}.example"
    path = wxr.write(tmp_path / f"{post_id}.xml", [post], site=site)
    call_command("import_wordpress", str(path), stdout=StringIO(), stderr=StringIO())
    article = BlogPage.objects.filter(slug__startswith=f"p{post_id}").latest("pk")
    stored = TribuneComment.objects.for_target(article).in_thread_order()
    assert [(c.user_name, c.level) for c in stored] == _expected(comments)

"""A page of a discussion holds a bounded number of comments whatever the discussion's shape,
and every comment stays one permalink away (comments.page_budget)."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from hypothesis import given
from hypothesis import strategies as st

from blog.tests.factories import BlogPageFactory
from comments import page_budget
from comments.discussion_settings import discussion_settings_update
from comments.page_budget import allowances
from comments.tests.factories import CommentFactory

sizes = st.dictionaries(st.integers(1, 10_000), st.integers(1, 500), max_size=60)


@given(sizes, st.integers(1, 300), st.integers(1, 120))
def test_allowances_keep_the_page_within_its_budget(sizes, budget, cap):
    shown = allowances(sizes, budget=budget, cap=cap)
    assert sum(shown.values()) <= max(budget, len(sizes))
    assert all(1 <= shown[t] <= min(n, cap) for t, n in sizes.items())


@given(sizes, st.integers(1, 300))
def test_allowances_are_fair_and_use_the_budget(sizes, budget):
    shown = allowances(sizes, budget=budget, cap=100)
    cut = [t for t, n in sizes.items() if shown[t] < min(n, 100)]
    # Every thread that is cut short shows the same number, and no other thread shows more.
    assert len({shown[t] for t in cut}) <= 1
    if cut:
        assert all(shown[t] <= shown[cut[0]] for t in sizes)
        # One more comment for every cut thread would break the budget.
        assert sum(shown.values()) + len(cut) > budget or shown[cut[0]] == 1


def _shown_ids(html: str) -> set[int]:
    return {int(i) for i in re.findall(r'<li class="comment[^"]*" id="c(\d+)"', html)}


@pytest.mark.django_db
def test_fifty_long_threads_put_at_most_the_budget_on_the_page(monkeypatch):
    monkeypatch.setattr(page_budget, "PAGE_COMMENT_BUDGET", 30)
    article = BlogPageFactory()
    for _ in range(10):
        root = CommentFactory(content_object=article)
        for _ in range(6):
            CommentFactory(parent=root)
    html = Client().get(article.url).content.decode()
    assert len(_shown_ids(html)) == 30  # 3 of each thread's 7
    assert html.count("4 more replies") == 10


@pytest.mark.django_db
@pytest.mark.parametrize(
    "shape",
    [
        # (threads per page, replies per thread): a chain or a fan, short and long threads.
        (2, [0, 3, 40, 1, 0, 9, 2, 2, 0, 0, 0, 0, 25, 0]),
        (1, [12, 0, 12]),
        (3, [5] * 9),
    ],
)
@pytest.mark.parametrize("chain", [False, True])
def test_every_comment_is_shown_on_the_page_its_permalink_leads_to(monkeypatch, shape, chain):
    monkeypatch.setattr(page_budget, "PAGE_COMMENT_BUDGET", 8)
    monkeypatch.setattr(page_budget, "THREAD_PAGE_SIZE", 4)
    per_page, replies = shape
    article = BlogPageFactory()
    discussion_settings_update(target=article, threads_per_page=per_page)
    everyone = []
    for count in replies:
        parent = CommentFactory(content_object=article)
        everyone.append(parent)
        for _ in range(count):
            reply = CommentFactory(parent=parent)
            everyone.append(reply)
            parent = reply if chain else parent
    reader = Client()
    for comment in everyone:
        where = reader.get(f"/c/{comment.pk}/")
        assert where.status_code == 302
        page = reader.get(where.url)
        assert page.status_code == 200
        assert comment.pk in _shown_ids(page.content.decode()), where.url


@pytest.mark.django_db
def test_a_reply_deep_in_a_long_thread_on_page_seven_is_reachable():
    article = BlogPageFactory()
    discussion_settings_update(target=article, threads_per_page=2)
    roots = [CommentFactory(content_object=article) for _ in range(14)]
    parent, chain = roots[12], []
    for _ in range(170):
        parent = CommentFactory(parent=parent)
        chain.append(parent)
    near, deep = chain[10], chain[160]
    assert Client().get(f"/c/{near.pk}/").url == f"{article.url}?page=7#c{near.pk}"
    where = Client().get(f"/c/{deep.pk}/").url
    assert where == f"/comments/thread/{roots[12].pk}/?page=2#c{deep.pk}"
    assert deep.pk in _shown_ids(Client().get(where).content.decode())
    article_page = Client().get(f"{article.url}?page=7").content.decode()
    assert "71 more replies" in article_page and deep.pk not in _shown_ids(article_page)

"""Discussions paginated by top-level thread, with permalinks that find a comment's page."""

import re

import pytest
from django.test import Client

from blog.tests.factories import BlogPageFactory
from comments import page_budget
from comments.discussion_settings import discussion_settings_update
from comments.models import TribuneComment
from comments.seeding import seed_comments
from comments.tests.factories import CommentFactory
from comments.tests.helpers import post_comment, set_policy

pytestmark = pytest.mark.django_db


def _threads(per_page: int, count: int):
    article = BlogPageFactory()
    discussion_settings_update(target=article, threads_per_page=per_page)
    roots = [CommentFactory(content_object=article, comment=f"Thread {i}") for i in range(count)]
    return article, roots


def _root_ids(html: str) -> list[int]:
    return [int(i) for i in re.findall(r'class="comment depth-0[^"]*" id="c(\d+)"', html)]


def test_each_page_holds_its_threads_with_their_replies():
    article, roots = _threads(per_page=2, count=5)
    reply = CommentFactory(parent=roots[2], comment="A reply on page two")
    second = Client().get(f"{article.url}?page=2").content.decode()
    assert _root_ids(second) == [roots[2].pk, roots[3].pk]
    assert f'id="c{reply.pk}"' in second
    assert "6 Comments" in second  # the heading counts the whole discussion


def test_page_links_work_without_javascript_and_say_prev_and_next():
    article, _roots = _threads(per_page=2, count=5)
    html = Client().get(f"{article.url}?page=2").content.decode()
    assert f'href="{article.url}#comments" rel="prev"' in html
    assert f'href="{article.url}?page=3#comments" rel="next"' in html
    assert 'aria-current="page">2<' in html


@pytest.mark.parametrize("page", ["4", "0", "abc", "-1"])
def test_a_page_that_does_not_exist_is_not_found(page):
    article, _roots = _threads(per_page=2, count=5)
    assert Client().get(f"{article.url}?page={page}").status_code == 404


def test_newest_threads_first_when_the_site_says_so():
    set_policy(newest_threads_first=True)
    article, roots = _threads(per_page=2, count=3)
    assert _root_ids(Client().get(article.url).content.decode()) == [roots[2].pk, roots[1].pk]


def test_site_default_is_fifty_threads_per_page():
    article = BlogPageFactory()
    seed_comments(article, 160, seed=2)
    html = Client().get(article.url).content.decode()
    assert len(_root_ids(html)) == 50


def test_very_long_thread_shows_a_link_to_its_remaining_replies(monkeypatch):
    monkeypatch.setattr(page_budget, "REPLIES_SHOWN", 3)
    article = BlogPageFactory()
    root = CommentFactory(content_object=article)
    replies = [CommentFactory(parent=root, comment=f"Reply {i}") for i in range(4)]
    html = Client().get(article.url).content.decode()
    assert "2 more replies" in html
    assert f'id="c{replies[3].pk}"' not in html
    thread = Client().get(f"/comments/thread/{root.pk}/").content.decode()
    assert all(f'id="c{r.pk}"' in thread for r in replies)


def test_permalink_leads_to_a_reply_on_page_seven_of_a_huge_discussion():
    article = BlogPageFactory()
    seed_comments(article, 10_000, seed=17)
    comments = TribuneComment.objects.for_target(article)
    threads = sorted(set(comments.published().values_list("thread_id", flat=True)))
    reply = comments.published().filter(thread_id__in=threads[300:350], level__gt=0).first()
    response = Client().get(f"/c/{reply.pk}/")
    assert response.status_code == 302
    assert response.url == f"{article.url}?page=7#c{reply.pk}"
    assert f'id="c{reply.pk}"' in Client().get(response.url).content.decode()


@pytest.mark.usefixtures("no_email_confirmation")
def test_after_posting_the_reader_lands_on_their_comments_page(settings, trusting_policy):
    article, roots = _threads(per_page=1, count=3)
    response = post_comment(Client(), article, reply_to=roots[2].pk, comment="Late reply")
    new = TribuneComment.objects.get(comment="Late reply")
    # The POST answers with the permalink, which works out the page when it is followed.
    assert response.url == f"/c/{new.pk}/"
    assert Client().get(response.url).url == f"{article.url}?page=3#c{new.pk}"


def test_datetime_attributes_are_valid_and_to_the_second():
    article = BlogPageFactory()
    CommentFactory(content_object=article)
    html = Client().get(article.url).content.decode()
    stamps = re.findall(r'class="comment-permalink" href="#c\d+"><time datetime="([^"]+)"', html)
    assert stamps
    assert all(re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d", s) for s in stamps)

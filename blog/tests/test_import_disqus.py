"""manage.py import_disqus on a Disqus export written here."""

from io import StringIO

import pytest
from django.core.cache import cache
from django.core.management import call_command

from blog.models import BlogPage
from blog.tests import wxr
from blog.tests.factories import BlogIndexPageFactory, BlogPageFactory
from comments.models import Status, TribuneComment

pytestmark = pytest.mark.django_db


def disqus(threads: str, posts: str) -> str:
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n<disqus xmlns="http://disqus.com" '
        'xmlns:dsq="http://disqus.com/disqus-internals">' + threads + posts + "</disqus>"
    )


def thread(dsq_id, link, identifier=""):
    return (f'<thread dsq:id="{dsq_id}"><id>{identifier}</id><forum>oldblog</forum>'
            f"<link>{link}</link><title>T</title></thread>")  # fmt: skip


def post(dsq_id, thread_id, name, created, parent="", spam="false", deleted="false"):
    parent_xml = f'<parent dsq:id="{parent}"/>' if parent else ""
    return (f'<post dsq:id="{dsq_id}"><id/><message><![CDATA[<p>Hi from {name}</p>]]></message>'
            f"<createdAt>{created}</createdAt><isDeleted>{deleted}</isDeleted>"
            f"<isSpam>{spam}</isSpam><author><name>{name}</name><email>{name}@example.com</email>"
            f"</author><ipAddress>192.0.2.9</ipAddress><thread dsq:id=\"{thread_id}\"/>"
            f"{parent_xml}</post>")  # fmt: skip


def run(tmp_path, text):
    path = tmp_path / "disqus.xml"
    path.write_text(text, encoding="utf-8")
    out = StringIO()
    call_command("import_disqus", str(path), stdout=out, stderr=StringIO())
    return out.getvalue()


def test_disqus_threads_land_on_the_article_by_url(tmp_path):
    article = BlogPageFactory(slug="aleppo")
    text = disqus(
        thread(10, f"https://old.example.com{article.url}"),
        post(2, 10, "Bea", "2016-10-22T10:00:00Z", parent="1")
        + post(1, 10, "Al", "2016-10-21T10:00:00Z")
        + post(3, 10, "Spammer", "2016-10-23T10:00:00Z", spam="true")
        + post(4, 10, "Gone", "2016-10-24T10:00:00Z", deleted="true"),
    )
    run(tmp_path, text)
    stored = list(TribuneComment.objects.for_target(article).in_thread_order())
    assert [(c.user_name, c.level) for c in stored] == [
        ("Al", 0), ("Bea", 1), ("Spammer", 0), ("Gone", 0)]  # fmt: skip
    assert [c.status for c in stored] == [
        Status.APPROVED, Status.APPROVED, Status.SPAM, Status.REMOVED]  # fmt: skip


def test_disqus_thread_matches_a_wordpress_id_and_reruns_add_only_new(tmp_path):
    BlogIndexPageFactory(slug="blog")
    export = wxr.write(tmp_path / "wp.xml", [wxr.Post(42, slug="imported")])
    call_command("import_wordpress", str(export), stdout=StringIO(), stderr=StringIO())
    first = post(1, 10, "Al", "2016-10-21T10:00:00Z")
    run(tmp_path, disqus(thread(10, "https://elsewhere/x", "42 https://old/?p=42"), first))
    second = first + post(2, 10, "Bea", "2016-10-22T10:00:00Z", parent="1")
    out = run(tmp_path, disqus(thread(10, "https://elsewhere/x", "42 https://old/?p=42"), second))
    article = BlogPage.objects.get(slug="imported")
    assert TribuneComment.objects.for_target(article).count() == 2
    assert "comment" in out


def test_disqus_thread_without_article_is_reported(tmp_path):
    out = run(tmp_path, disqus(thread(10, "https://old/nowhere/"), post(1, 10, "Al", "2016")))
    assert "no_matching_article: 1" in out
    assert not TribuneComment.objects.exists()


def test_disqus_rerun_follows_a_comment_deleted_since(tmp_path):
    article = BlogPageFactory(slug="aleppo")
    link = f"https://old.example.com{article.url}"
    run(tmp_path, disqus(thread(10, link), post(1, 10, "Al", "2016-10-21T10:00:00Z")))
    later = post(1, 10, "Al", "2016-10-21T10:00:00Z", deleted="true")
    run(tmp_path, disqus(thread(10, link), later))
    assert TribuneComment.objects.get().status == Status.REMOVED


def test_disqus_rerun_refreshes_the_shared_copy_of_the_article(
    tmp_path, client, settings, django_capture_on_commit_callbacks
):
    settings.TRIBUNE_PAGE_CACHE_SECONDS = 3600
    cache.clear()
    article = BlogPageFactory(slug="aleppo")
    link = f"https://old.example.com{article.url}"
    with django_capture_on_commit_callbacks(execute=True):
        run(tmp_path, disqus(thread(10, link), post(1, 10, "Al", "2016-10-21T10:00:00Z")))
    assert "Hi from Al" in client.get(article.url).content.decode()  # now cached
    edited = post(1, 10, "Al", "2016-10-21T10:00:00Z").replace("Hi from Al", "Hello from Al")
    with django_capture_on_commit_callbacks(execute=True):
        run(tmp_path, disqus(thread(10, link), edited))
    assert "Hello from Al" in client.get(article.url).content.decode()
    cache.clear()

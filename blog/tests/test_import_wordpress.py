"""manage.py import_wordpress on exports written by blog/tests/wxr.py."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from blog.importers.mapping import ImportedObject
from blog.models import BlogPage
from blog.tests import wxr
from blog.tests.factories import BlogIndexPageFactory
from comments.models import CommentType, ModerationDecision, Status, TribuneComment

pytestmark = pytest.mark.django_db


@pytest.fixture
def index():
    return BlogIndexPageFactory(slug="blog")


def run(tmp_path, posts, *args, **kwargs):
    path = wxr.write(tmp_path / "export.xml", posts, **kwargs)
    out = StringIO()
    call_command("import_wordpress", str(path), *args, stdout=out, stderr=StringIO())
    return out.getvalue()


def comments_of(slug):
    article = BlogPage.objects.get(slug=slug)
    return list(TribuneComment.objects.for_target(article).in_thread_order())


@pytest.mark.parametrize(
    "ns",
    [
        f"{scheme}://wordpress.org/export/{version}/"
        for scheme in ("http", "https")
        for version in ("1.0", "1.1", "1.2")
    ],
)
def test_both_namespace_forms_and_every_version_import(tmp_path, index, ns):
    run(tmp_path, [wxr.Post(1, title="Hello", slug="hello")], ns=ns)
    assert BlogPage.objects.get(slug="hello").title == "Hello"


def test_unknown_namespace_is_named_with_its_line(tmp_path, index):
    with pytest.raises(CommandError, match=r"Unknown WordPress namespace .*1\.3.*line \d+"):
        run(tmp_path, [wxr.Post(1)], ns="http://wordpress.org/export/1.3/")


def test_malformed_xml_names_the_line(tmp_path, index):
    path = tmp_path / "bad.xml"
    text = wxr.export([wxr.Post(1), wxr.Post(2)])
    path.write_text(text.replace("<wp:post_id>2</wp:post_id>", "<wp:post_id>2</wp:post>"))
    with pytest.raises(CommandError, match=r"Malformed XML at line \d+ \(after item 1 “A post”"):
        call_command("import_wordpress", str(path), stdout=StringIO(), stderr=StringIO())
    assert BlogPage.objects.filter(slug="post-1").exists()  # the item before it stays


def test_post_fields_become_article_fields(tmp_path, index):
    post = wxr.Post(
        7,
        title="Fish &amp; chips",
        slug="fish",
        excerpt="<p>Short.</p>",
        categories=["Food"],
        tags=["uk"],
    )
    run(tmp_path, [post])
    article = BlogPage.objects.get(slug="fish")
    assert (article.title, article.standfirst, article.live) == ("Fish & chips", "Short.", True)
    assert article.author.name == "Ed Itor"
    assert sorted(t.name for t in article.tags.all()) == ["Food", "uk"]
    assert str(article.date) == "2016-10-21"
    assert article.first_published_at.isoformat() == "2016-10-21T11:00:00+00:00"


@pytest.mark.parametrize(
    ("status", "live", "scheduled"),
    [
        ("publish", True, False),
        ("draft", False, False),
        ("future", False, True),
        ("pending", False, False),
        ("private", True, False),
    ],
)
def test_post_statuses_map_to_page_states(tmp_path, index, status, live, scheduled):
    post = wxr.Post(
        3,
        slug="s",
        status=status,
        date_gmt="2099-01-01 00:00:00" if status == "future" else "2016-10-21 11:00:00",
    )
    run(tmp_path, [post])
    article = BlogPage.objects.get(slug="s")
    assert article.live is live
    assert (article.get_latest_revision().approved_go_live_at is not None) is scheduled
    assert article.get_view_restrictions().exists() is (status == "private")


def test_password_protected_post_is_private_with_its_comments(tmp_path, index):
    post = wxr.Post(4, slug="secret", password="hunter2", comments=[wxr.Comment(1)])
    run(tmp_path, [post])
    article = BlogPage.objects.get(slug="secret")
    assert article.get_view_restrictions().exists()
    assert len(comments_of("secret")) == 1


def test_old_permalink_redirects_to_the_article(tmp_path, index, client):
    run(tmp_path, [wxr.Post(5, slug="moved")])
    response = client.get("/2016/10/21/moved/")
    assert response.status_code == 301
    assert response["Location"].endswith("/blog/moved/")


def test_pages_are_skipped_by_default_with_their_comments(tmp_path, index):
    out = run(tmp_path, [wxr.Post(6, post_type="page", comments=[wxr.Comment(1)])])
    assert not BlogPage.objects.exists()
    assert TribuneComment.objects.count() == 0
    assert "page" in out


def test_pages_import_as_content_pages_on_request(tmp_path, index):
    from home.models import ContentPage

    page = wxr.Post(6, slug="about", post_type="page", comments=[wxr.Comment(1)])
    out = run(tmp_path, [page], "--pages", "import")
    assert ContentPage.objects.filter(slug="about").exists()
    assert "comments_on_page: 1" in out


def test_every_comment_status_is_mapped(tmp_path, index):
    statuses = {
        "1": Status.APPROVED,
        "0": Status.HELD,
        "spam": Status.SPAM,
        "trash": Status.REMOVED,
    }
    comments = [
        wxr.Comment(i, approved=s, date_gmt=f"2016-10-21 13:0{i}:00")
        for i, s in enumerate(statuses, 1)
    ]
    run(tmp_path, [wxr.Post(1, comments=comments)])
    assert [c.status for c in comments_of("post-1")] == list(statuses.values())


def test_depth_ten_thread_sits_at_the_limit_with_in_reply_to(tmp_path, index):
    chain = [
        wxr.Comment(
            i, parent=i - 1 if i > 1 else 0, author=f"R{i}", date_gmt=f"2016-10-21 13:{i:02d}:00"
        )
        for i in range(1, 11)
    ]
    run(tmp_path, [wxr.Post(1, comments=list(reversed(chain)))])
    stored = comments_of("post-1")
    assert [c.user_name for c in stored] == [f"R{i}" for i in range(1, 11)]
    assert max(c.level for c in stored) == 3
    assert stored[4].in_reply_to_name == "R4"
    assert [c.in_reply_to_name for c in stored[:4]] == ["", "", "", ""]


def test_deep_reply_shows_in_reply_to_on_the_page(tmp_path, index, client):
    chain = [
        wxr.Comment(i, parent=i - 1, author=f"R{i}", date_gmt=f"2016-10-21 13:{i:02d}:00")
        for i in range(1, 7)
    ]
    run(tmp_path, [wxr.Post(1, comments=chain)])
    html = client.get(BlogPage.objects.get().url).content.decode()
    assert "In reply to <bdi>R5</bdi>" in html


def test_pending_reply_to_approved_parent_keeps_both(tmp_path, index):
    comments = [
        wxr.Comment(2, parent=1, approved="0", date_gmt="2016-10-21 14:00:00"),
        wxr.Comment(1, date_gmt="2016-10-21 13:00:00"),
    ]
    run(tmp_path, [wxr.Post(1, comments=comments)])
    parent, reply = comments_of("post-1")
    assert (parent.status, reply.status) == (Status.APPROVED, Status.HELD)
    assert reply.parent_id == parent.pk


def test_order_follows_gmt_dates_whatever_the_local_offsets(tmp_path, index):
    comments = [
        wxr.Comment(1, author="B", date="2016-10-30 09:00:00", date_gmt="2016-10-30 09:00:00"),
        wxr.Comment(2, author="A", date="2016-10-30 09:30:00", date_gmt="2016-10-30 08:30:00"),
        wxr.Comment(3, author="C", date="2016-10-30 15:00:00", date_gmt="2016-10-30 09:30:00"),
    ]
    run(tmp_path, [wxr.Post(1, comments=comments)])
    assert [c.user_name for c in comments_of("post-1")] == ["A", "B", "C"]


def test_missing_gmt_date_falls_back_to_local_date(tmp_path, index, settings):
    settings.TIME_ZONE = "Europe/London"
    comment = wxr.Comment(1, date="2016-07-01 12:00:00", date_gmt="0000-00-00 00:00:00")
    run(tmp_path, [wxr.Post(1, comments=[comment])])
    assert comments_of("post-1")[0].submit_date.isoformat() == "2016-07-01T11:00:00+00:00"


@pytest.mark.parametrize("name", ["Jos&eacute; &amp; Ana", "Мария Иванова", "محمد", "李小龍 😀"])
def test_names_with_entities_and_non_latin_scripts(tmp_path, index, name):
    import html

    run(tmp_path, [wxr.Post(1, comments=[wxr.Comment(1, author=name)])])
    assert comments_of("post-1")[0].user_name == html.unescape(name)


def test_comment_details_are_kept(tmp_path, index, django_user_model):
    user = django_user_model.objects.create_user("urs", email="Urs@Example.com")
    comment = wxr.Comment(
        1,
        email="urs@example.com",
        url="https://urs.example",
        ip="2001:db8::1",
        content="Hi <script>x()</script><b>there</b>",
    )
    run(tmp_path, [wxr.Post(1, comments=[comment])])
    stored = comments_of("post-1")[0]
    assert (stored.user_email, stored.user_url, stored.ip_address) == (
        "urs@example.com",
        "https://urs.example",
        "2001:db8::1",
    )
    assert stored.user == user
    assert "<script" not in stored.comment_html and "<b>there</b>" in stored.comment_html
    decision = ModerationDecision.objects.get(comment=stored)
    assert decision.reasons == ["imported"]
    assert "<script> element" in decision.summary


def test_pingbacks_are_kept_apart_and_hidden(tmp_path, index, client):
    comments = [
        wxr.Comment(1, author="Reader"),
        wxr.Comment(2, author="Other Blog", type="pingback"),
    ]
    run(tmp_path, [wxr.Post(1, comments=comments)])
    article = BlogPage.objects.get()
    assert TribuneComment.objects.filter(comment_type=CommentType.PINGBACK).count() == 1
    html = client.get(article.url).content.decode()
    assert "1 Comment" in html and "Other Blog" not in html


def test_missing_parent_is_reported_and_comment_kept(tmp_path, index):
    out = run(tmp_path, [wxr.Post(1, comments=[wxr.Comment(5, parent=99)])])
    assert len(comments_of("post-1")) == 1
    assert "missing_parent: 1" in out and "comment 5 in item 1" in out


def test_rerun_updates_and_brings_new_comments(tmp_path, index):
    first = [wxr.Comment(1, date_gmt="2016-10-21 13:00:00")]
    run(tmp_path, [wxr.Post(1, title="Old", comments=first)])
    second = [
        *first,
        wxr.Comment(2, parent=1, date_gmt="2016-10-22 13:00:00"),
        wxr.Comment(3, date_gmt="2016-10-23 13:00:00"),
    ]
    out = run(tmp_path, [wxr.Post(1, title="New", comments=second)])
    assert BlogPage.objects.get().title == "New"
    stored = comments_of("post-1")
    assert [c.level for c in stored] == [0, 1, 0]
    assert ImportedObject.objects.filter(kind="comment").count() == 3
    assert "article" in out


def test_dry_run_writes_nothing_and_summarises(tmp_path, index):
    out = run(tmp_path, [wxr.Post(1, comments=[wxr.Comment(1)])], "--dry-run")
    assert not BlogPage.objects.exists() and not TribuneComment.objects.exists()
    assert "Dry run" in out and "article" in out


def test_failing_article_leaves_nothing_half_imported(tmp_path, index, monkeypatch):
    from blog.importers import comments as importer

    def boom(*args, **kwargs):
        raise RuntimeError("disk on fire")

    # After the article and its comments are written, before their decisions are.
    monkeypatch.setattr(importer, "record_actions_bulk", boom)
    out = run(tmp_path, [wxr.Post(1, comments=[wxr.Comment(1)])])
    assert not BlogPage.objects.exists() and not TribuneComment.objects.exists()
    assert "disk on fire" in out


def test_images_come_from_media_dir_into_the_library(tmp_path, index):
    from PIL import Image as PILImage
    from wagtail.images.models import Image

    uploads = tmp_path / "uploads" / "2016" / "10"
    uploads.mkdir(parents=True)
    PILImage.new("RGB", (40, 30), "red").save(uploads / "map.png")
    content = ('[caption id="a" width="300"]<img src="https://old.example.com/wp-content/'
               'uploads/2016/10/map-300x200.png" alt="A map"> The front line[/caption]')  # fmt: skip
    run(tmp_path, [wxr.Post(1, content=content)], "--media-dir", str(tmp_path / "uploads"))
    block = BlogPage.objects.get().body[0]
    assert block.block_type == "image"
    assert block.value["caption"] == "The front line"
    assert Image.objects.get().width == 40


def test_image_missing_from_media_dir_stays_a_link_with_a_warning(tmp_path, index):
    content = '<img src="https://old.example.com/wp-content/uploads/gone.png" alt="Gone">'
    out = run(tmp_path, [wxr.Post(1, content=content)], "--media-dir", str(tmp_path))
    block = BlogPage.objects.get().body[0]
    assert block.block_type == "paragraph" and "gone.png" in str(block.value.source)
    assert "image_not_imported: 1" in out


def test_content_becomes_headings_lists_quotes_and_embeds(tmp_path, index):
    content = ("Intro line\n\n<h2>Section</h2>\n\n<ul><li>a</li>\n\n<li>b</li></ul>\n\n"
               "<blockquote><p>Said.</p><cite>Her</cite></blockquote>\n\n"
               "https://www.youtube.com/watch?v=abc\n\n<script>evil()</script>")  # fmt: skip
    run(tmp_path, [wxr.Post(1, content=content)])
    body = BlogPage.objects.get().body
    assert [b.block_type for b in body] == ["paragraph", "heading", "paragraph", "quote", "embed"]
    assert "evil" not in str(body.raw_data)


def test_dry_run_prints_the_summary_a_real_run_would(tmp_path, index):
    posts = [wxr.Post(1, comments=[wxr.Comment(1), wxr.Comment(2, parent=1)])]
    dry = run(tmp_path, posts, "--dry-run")
    real = run(tmp_path, posts)
    assert dry.splitlines()[1:] == real.splitlines()[1:]


def test_imported_article_is_found_by_search_with_its_tags(tmp_path, index, client):
    post = wxr.Post(1, title="Viaducts", content="<p>The funicular climbs.</p>", tags=["zebra"])
    run(tmp_path, [post])
    for query in ("funicular", "zebra"):
        html = client.get("/search/", {"q": query}).content.decode()
        assert ">Viaducts</a></h2>" in html


class _Terminal(StringIO):
    """What the command writes its progress to when a person runs it at a terminal."""

    def isatty(self) -> bool:
        return True


def test_a_person_at_a_terminal_sees_a_progress_bar(tmp_path, index):
    path = wxr.write(tmp_path / "export.xml", [wxr.Post(1), wxr.Post(2)])
    terminal = _Terminal()
    call_command("import_wordpress", str(path), stdout=StringIO(), stderr=terminal)
    assert "Importing" in terminal.getvalue() and "━" in terminal.getvalue()


def test_listing_counts_only_the_comments_readers_see(tmp_path, index, client):
    comments = [
        wxr.Comment(1),
        wxr.Comment(2, parent=1, date_gmt="2016-10-21 14:00:00"),
        wxr.Comment(3, approved="0"),
        wxr.Comment(4, type="pingback"),
    ]
    run(tmp_path, [wxr.Post(1, title="Counted", comments=comments)])
    assert "2 comments" in client.get(index.url).content.decode()


def test_pending_post_waits_in_the_moderation_workflow_without_email(tmp_path, index, mailoutbox):
    run(tmp_path, [wxr.Post(3, slug="pending", status="pending")])
    article = BlogPage.objects.get(slug="pending")
    assert article.workflow_in_progress and not article.live
    assert not mailoutbox


def test_blog_index_option_chooses_where_articles_go(tmp_path, index):
    other = BlogIndexPageFactory(slug="archive")
    run(tmp_path, [wxr.Post(1, slug="old")], "--blog-index", "archive")
    assert BlogPage.objects.get(slug="old").get_parent().pk == other.pk


def test_unknown_blog_index_is_named(tmp_path, index):
    with pytest.raises(CommandError, match="No blog index page with slug 'nowhere'"):
        run(tmp_path, [wxr.Post(1)], "--blog-index", "nowhere")

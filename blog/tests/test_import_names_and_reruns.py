"""Whole author names (up to WordPress's 255 characters) and re-runs that follow the export's
statuses and edits, without an email."""

import html
import itertools
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from blog.models import BlogIndexPage, BlogPage
from blog.tests import wxr
from blog.tests.factories import BlogIndexPageFactory
from comments.models import ModerationDecision, OutgoingEmail, Status, TribuneComment
from comments.tests.helpers import moderate

pytestmark = pytest.mark.django_db
SITES = itertools.count()
# Latin with accents, Cyrillic, Greek, Arabic, Hebrew, CJK, an emoji, and markup characters.
LETTERS = "aZéÑßЖяΩλمحدשלוםå李小龍😀&<>\"' "
NAMES = st.text(alphabet=LETTERS, min_size=1, max_size=255).map(str.strip).filter(bool)


def run(tmp_path, posts, *, site="https://old.example.com", name="export.xml"):
    path = wxr.write(tmp_path / name, posts, site=site)
    out = StringIO()
    call_command("import_wordpress", str(path), stdout=out, stderr=StringIO())
    return out.getvalue()


def only_comment():
    return TribuneComment.objects.get()


@pytest.fixture
def index():
    return BlogIndexPageFactory(slug="blog")


@settings(
    max_examples=10, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(name=NAMES, named_entities=st.booleans())
def test_whole_names_with_entities_and_any_script_reach_the_page(
    tmp_path, client, name, named_entities
):
    if not BlogIndexPage.objects.exists():
        BlogIndexPageFactory(slug="blog")
    encoded = html.escape(name, quote=False)
    if named_entities:
        encoded = encoded.replace("é", "&eacute;").replace("Ω", "&Omega;")
    n = next(SITES)
    post = wxr.Post(1, slug=f"names-{n}", comments=[wxr.Comment(1, author=encoded)])
    run(tmp_path, [post], site=f"https://names{n}.example", name=f"{n}.xml")
    article = BlogPage.objects.get(slug=f"names-{n}")
    stored = TribuneComment.objects.for_target(article).get()
    assert stored.display_name == name
    assert stored.user_name == name[:50]
    page = client.get(article.url).content.decode()
    assert html.escape(name) in page


def test_a_255_character_name_is_kept_whole_on_postgresql_too(tmp_path, index):
    name = "Жанна-Мария " * 21 + "Ωmega"  # 257 characters: WordPress's limit is 255
    run(tmp_path, [wxr.Post(1, comments=[wxr.Comment(1, author=name[:255])])])
    assert only_comment().display_name == name[:255]


def test_rerun_approves_a_comment_approved_in_wordpress_since(tmp_path, index):
    run(tmp_path, [wxr.Post(1, comments=[wxr.Comment(1, approved="0")])])
    run(tmp_path, [wxr.Post(1, comments=[wxr.Comment(1, approved="1")])])
    assert only_comment().status == Status.APPROVED


@pytest.mark.parametrize(("wp", "status"), [("trash", Status.REMOVED), ("spam", Status.SPAM)])
def test_rerun_follows_a_comment_trashed_or_marked_spam_since(tmp_path, index, wp, status):
    run(tmp_path, [wxr.Post(1, comments=[wxr.Comment(1)])])
    run(tmp_path, [wxr.Post(1, comments=[wxr.Comment(1, approved=wp)])])
    comment = only_comment()
    assert (comment.status, comment.is_public) == (status, False)
    assert comment.moderation_reason == "import_updated"


def test_rerun_status_change_is_recorded_and_sends_no_email(
    tmp_path, index, django_capture_on_commit_callbacks
):
    comments = [wxr.Comment(1, email="follower@example.com"), wxr.Comment(2, approved="0")]
    run(tmp_path, [wxr.Post(1, comments=comments)])
    TribuneComment.objects.update(followup=True, email_confirmed=True)
    comments[1].approved = "1"
    with django_capture_on_commit_callbacks(execute=True):
        out = run(tmp_path, [wxr.Post(1, comments=comments)])
    assert not OutgoingEmail.objects.exists() and not mail.outbox
    approved = TribuneComment.objects.get(status=Status.APPROVED, user_email="")
    assert [d.reasons for d in ModerationDecision.objects.for_comment(approved)] == [
        ["imported"],
        ["import_updated"],
    ]
    assert "updated" in out


def test_rerun_keeps_a_status_a_moderator_decided_here(tmp_path, index, moderator):
    run(tmp_path, [wxr.Post(1, comments=[wxr.Comment(1, approved="0")])])
    moderate(only_comment(), "spam", actor=moderator)
    out = run(tmp_path, [wxr.Post(1, comments=[wxr.Comment(1, approved="1")])])
    assert only_comment().status == Status.SPAM
    assert "status_differs" in out and "kept as moderated here" in out


def test_rerun_updates_edited_text_and_author(tmp_path, index):
    run(tmp_path, [wxr.Post(1, comments=[wxr.Comment(1, author="Urs", content="Old")])])
    edited = wxr.Comment(1, author="Urs B." + "x" * 60, url="https://urs.example", content="New")
    run(tmp_path, [wxr.Post(1, comments=[edited])])
    comment = only_comment()
    assert comment.display_name == "Urs B." + "x" * 60
    assert (comment.user_url, comment.comment_html) == ("https://urs.example", "<p>New</p>")


def test_rerun_of_an_unchanged_export_changes_nothing(tmp_path, index):
    posts = [wxr.Post(1, comments=[wxr.Comment(1), wxr.Comment(2, parent=1, approved="0")])]
    run(tmp_path, posts)
    before = list(TribuneComment.objects.values().order_by("pk"))
    out = run(tmp_path, posts)
    assert list(TribuneComment.objects.values().order_by("pk")) == before
    assert ModerationDecision.objects.count() == 2
    assert "comment               0          0          2" in out


def test_rerun_keeps_a_text_a_moderator_edited_here(tmp_path, index, moderator):
    from comments.redaction import comment_redact

    run(tmp_path, [wxr.Post(1, comments=[wxr.Comment(1, content="Rude words")])])
    comment_redact(comment=only_comment(), editor=moderator, text="[edited]")
    out = run(tmp_path, [wxr.Post(1, comments=[wxr.Comment(1, content="Rude words, again")])])
    assert only_comment().comment == "[edited]"
    assert "edited_here" in out

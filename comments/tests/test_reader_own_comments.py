"""Authors edit (within the window) and delete (any time) their own comments; nobody else can."""

from datetime import timedelta

import pytest
from django.utils import timezone

from comments.models import CommentRevision, ModerationDecision, Status, TribuneComment
from comments.tests.factories import CommentFactory
from comments.tests.helpers import moderate, post_comment, set_policy
from comments.transitions import TransitionRefused

pytestmark = pytest.mark.django_db


@pytest.fixture
def own(article, reader):
    """A published comment by the signed-in `reader`, posted a minute ago."""
    return CommentFactory(
        content_object=article,
        user=reader,
        user_name="reader",
        user_email=reader.email,
        comment="Helo world",
        submit_date=timezone.now() - timedelta(minutes=1),
    )


@pytest.fixture
def signed_in(client, reader):
    client.force_login(reader)
    return client


def edit(client, comment, text):
    return client.post(f"/comments/edit/{comment.pk}/", {"comment": text})


def test_author_edits_within_the_window_and_the_old_version_is_kept(signed_in, own, article):
    set_policy(premoderate_new_commenters=False)
    response = edit(signed_in, own, "Hello world")
    assert response.status_code == 302
    own.refresh_from_db()
    assert own.comment == "Hello world"
    assert own.edited_at is not None
    revision = CommentRevision.objects.get(comment=own)
    assert (revision.old_text, revision.new_text) == ("Helo world", "Hello world")
    assert ModerationDecision.objects.filter(comment=own, stage="editing").exists()
    page = signed_in.get(article.url).content.decode()
    assert 'class="comment-edited">Edited <time' in page


def test_an_edit_is_moderated_again_like_a_new_post(signed_in, own):
    set_policy(premoderate_new_commenters=False, moderation_words="casino")
    edit(signed_in, own, "Visit my casino")
    own.refresh_from_db()
    assert own.status == Status.HELD


def test_an_edit_refused_by_the_rules_keeps_the_old_text_and_the_readers_words(
    signed_in, own, article, reader
):
    CommentFactory(
        content_object=article, user=reader, user_email=reader.email, comment="Said before"
    )
    response = edit(signed_in, own, "Said before")
    assert response.status_code == 403
    body = response.content.decode()
    assert "Your edit was not saved" in body
    assert "Said before" in body
    own.refresh_from_db()
    assert own.comment == "Helo world"


def test_an_edit_with_disallowed_words_waits_for_a_moderator(signed_in, own):
    set_policy(premoderate_new_commenters=False, disallowed_words="forbidden")
    edit(signed_in, own, "A forbidden word")
    own.refresh_from_db()
    assert own.status in {Status.SPAM, Status.HELD}


def test_an_edit_never_releases_a_held_comment(signed_in, own):
    TribuneComment.objects.filter(pk=own.pk).update(status=Status.HELD)
    set_policy(premoderate_new_commenters=False)
    edit(signed_in, own, "Innocent now")
    own.refresh_from_db()
    assert own.status == Status.HELD


def test_an_edit_after_the_window_is_refused_with_a_clear_message(signed_in, own):
    TribuneComment.objects.filter(pk=own.pk).update(
        submit_date=timezone.now() - timedelta(minutes=11)
    )
    response = edit(signed_in, own, "Too late")
    assert response.status_code == 403
    body = response.content.decode()
    assert "Comments can be edited for 10 minutes after posting" in body
    assert "Too late" in body
    own.refresh_from_db()
    assert own.comment == "Helo world"


def test_the_edit_window_is_a_site_setting(signed_in, own):
    from wagtail.models import Site

    from comments.models import ReaderSettings

    row = ReaderSettings.for_site(Site.objects.get(is_default_site=True))
    row.edit_window_minutes = 0
    row.save()
    assert edit(signed_in, own, "Edited").status_code == 403
    assert signed_in.get(f"/comments/edit/{own.pk}/").status_code == 403


def test_an_over_limit_edit_keeps_the_whole_text_and_says_how_much_is_over(
    signed_in, own, settings
):
    settings.TRIBUNE_COMMENT_MAX_LENGTH = 20
    response = edit(signed_in, own, "x" * 25)
    assert response.status_code == 400
    body = response.content.decode()
    assert "5 over the limit of 20" in body
    assert "x" * 25 in body


@pytest.mark.parametrize("path", ["edit", "delete"])
def test_another_reader_cannot_change_a_comment(client, own, django_user_model, path):
    client.force_login(django_user_model.objects.create_user("other", "o@example.com", "pw"))
    response = client.post(f"/comments/{path}/{own.pk}/", {"comment": "Hijacked"})
    assert response.status_code == 403
    own.refresh_from_db()
    assert (own.comment, own.status, own.withdrawn) == ("Helo world", Status.APPROVED, "")


@pytest.mark.parametrize("path", ["edit", "delete"])
def test_a_guest_cannot_change_an_account_comment(client, own, path):
    assert client.post(f"/comments/{path}/{own.pk}/", {"comment": "x"}).status_code == 403


def test_a_guest_edits_the_comment_this_browser_posted(client, article, no_email_confirmation):
    set_policy(premoderate_new_commenters=False, min_seconds_to_submit=0)
    post_comment(client, article, comment="Frist")
    comment = TribuneComment.objects.get()
    assert edit(client, comment, "First").status_code == 302
    comment.refresh_from_db()
    assert comment.comment == "First"


def test_another_browser_cannot_edit_a_guests_comment(
    client, article, no_email_confirmation, django_user_model
):
    from django.test import Client

    set_policy(premoderate_new_commenters=False, min_seconds_to_submit=0)
    post_comment(client, article, comment="Mine")
    comment = TribuneComment.objects.get()
    other = Client()
    other.get(article.url)
    assert edit(other, comment, "Theirs").status_code == 403


def test_delete_leaves_a_tombstone_where_replies_need_it(signed_in, own, article):
    CommentFactory(parent=own, user_name="Replier", comment="I disagree")
    response = signed_in.post(f"/comments/delete/{own.pk}/")
    assert response.status_code == 200
    own.refresh_from_db()
    assert (own.status, own.withdrawn) == (Status.REMOVED, "author")
    page = signed_in.get(article.url).content.decode()
    assert "Comment deleted by its author." in page
    assert "Helo world" not in page
    assert "I disagree" in page


def test_delete_works_after_the_edit_window(signed_in, own):
    TribuneComment.objects.filter(pk=own.pk).update(
        submit_date=timezone.now() - timedelta(days=400)
    )
    assert signed_in.post(f"/comments/delete/{own.pk}/").status_code == 200


def test_a_comment_its_author_deleted_cannot_be_restored_by_a_moderator(signed_in, own, moderator):
    signed_in.post(f"/comments/delete/{own.pk}/")
    own.refresh_from_db()
    with pytest.raises(TransitionRefused):
        moderate(own, "restore", actor=moderator)


def test_me_lists_own_comments_with_edit_and_delete_links(signed_in, own, article):
    other = CommentFactory(content_object=article)
    data = signed_in.get(f"/comments/me/?ids={own.pk},{other.pk},junk").json()
    assert data["signed_in"] is True
    assert [item["id"] for item in data["own"]] == [own.pk]
    assert data["own"][0]["edit_url"] == f"/comments/edit/{own.pk}/"


def test_me_never_starts_a_session(client, own):
    response = client.get(f"/comments/me/?ids={own.pk}")
    assert response.json() == {"signed_in": False, "own": []}
    assert "sessionid" not in response.cookies


def test_the_reader_page_offers_edit_only_inside_the_window(client, own, article, reader):
    client.force_login(reader)
    old = CommentFactory(
        content_object=article,
        user=reader,
        user_email=reader.email,
        submit_date=timezone.now() - timedelta(hours=2),
    )
    body = client.get("/comments/you/").content.decode()
    assert f"/comments/edit/{own.pk}/" in body
    assert f"/comments/edit/{old.pk}/" not in body

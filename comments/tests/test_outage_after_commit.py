"""The database goes away just after a comment is committed: the reader still gets the view's
answer (the comment was stored), never an error. On any database; the outage under load, on a
real server and a throwaway PostgreSQL cluster, is system_tests/test_database_outage.py."""

from __future__ import annotations

from unittest import mock

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.exceptions import SessionInterrupted
from django.contrib.sessions.models import Session
from django.db import DatabaseError, OperationalError
from django.http import HttpResponseRedirect

from comments.models import TribuneComment
from comments.tests.helpers import post_comment
from config.middleware import OutageTolerantSessionMiddleware


def _stored_session_key() -> str:
    session = SessionStore()
    session.create()
    return session.session_key


def _view_that_remembers(request):
    request.session["own"] = [1]
    return HttpResponseRedirect("/article/#c1")


@pytest.mark.django_db
def test_session_lost_with_the_database_keeps_the_views_answer(rf):
    request = rf.post("/comments/post/")
    request.COOKIES["sessionid"] = _stored_session_key()
    lost = OperationalError("server closed the connection unexpectedly")
    with mock.patch.object(Session, "save", side_effect=lost):
        response = OutageTolerantSessionMiddleware(_view_that_remembers)(request)
    assert response.status_code == 302
    assert response["Location"] == "/article/#c1"


@pytest.mark.django_db
def test_new_session_lost_with_the_database_keeps_the_views_answer(rf):
    lost = OperationalError("connection refused")
    with mock.patch.object(SessionStore, "save", side_effect=lost):
        response = OutageTolerantSessionMiddleware(_view_that_remembers)(rf.post("/"))
    assert response.status_code == 302
    assert "sessionid" not in response.cookies


@pytest.mark.django_db
def test_session_deleted_meanwhile_is_still_reported(rf):
    request = rf.post("/comments/post/")
    request.COOKIES["sessionid"] = _stored_session_key()
    gone = DatabaseError("Forced update did not affect any rows.")
    with mock.patch.object(Session, "save", side_effect=gone), pytest.raises(SessionInterrupted):
        OutageTolerantSessionMiddleware(_view_that_remembers)(request)


@pytest.mark.django_db
@pytest.mark.usefixtures("trusting_policy", "no_email_confirmation")
def test_database_lost_before_followers_are_told_still_answers_with_the_comment(
    client, article, django_capture_on_commit_callbacks
):
    lost = OperationalError("server closed the connection unexpectedly")
    with (
        mock.patch("comments.notifications.notify_followers", side_effect=lost) as notify,
        django_capture_on_commit_callbacks(execute=True),
    ):
        response = post_comment(client, article, comment="Stored before the outage")
    comment = TribuneComment.objects.get()
    assert notify.called
    assert response.status_code == 302
    assert response["Location"] == f"/c/{comment.pk}/"


@pytest.mark.django_db
@pytest.mark.usefixtures("no_email_confirmation", "trusting_policy")
def test_the_post_answers_without_working_out_the_comments_page(client, article):
    # The page is found when the permalink is followed, so an outage after the commit cannot
    # break the POST's answer there.
    lost = OperationalError("server closed the connection unexpectedly")
    with mock.patch("comments.page_views.comment_page_url", side_effect=lost):
        response = post_comment(client, article, comment="Stored before the outage")
    stored = TribuneComment.objects.get(comment="Stored before the outage")
    assert response.status_code == 302
    assert response["Location"] == f"/c/{stored.pk}/"

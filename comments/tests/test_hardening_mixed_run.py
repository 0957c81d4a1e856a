"""The outside review's classes in one mixed run: no answer may be a 5xx."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from wagtail.models import PageViewRestriction

from blog.tests.factories import BlogPageFactory
from comments.models import Status
from comments.tests.desk_roles import make_roles
from comments.tests.factories import CommentFactory
from comments.tests.helpers import comment_form_data

pytestmark = pytest.mark.django_db

GARBAGE = ["abc", "1.5", "0x1", "-1", "9" * 40, "%00", "١٢", ""]


def test_mixed_hostile_run_gets_no_5xx(django_user_model):
    public, private, gone = BlogPageFactory(), BlogPageFactory(), BlogPageFactory()
    roles = make_roles(django_user_model, public, private)
    PageViewRestriction.objects.create(page=private, restriction_type="login")
    comments = [
        CommentFactory(content_object=page, status=status)
        for page in (public, private, gone)
        for status in (Status.APPROVED, Status.HELD)
    ]
    gone.delete()
    anonymous, reader, desk = Client(), Client(), Client()
    reader.force_login(roles.reader)
    desk.force_login(roles.article_editor)
    answers = []
    for comment in comments:
        for client in (anonymous, reader):
            answers.append(client.get(reverse("comments-reply", args=[comment.pk])))
            answers.append(client.get(reverse("comments-flag", args=[comment.pk])))
            answers.append(client.post(reverse("comments-flag", args=[comment.pk])))
        for action in ("approve", "spam", "remove", "restore", "nonsense"):
            answers.append(desk.post(reverse("comment_desk:action", args=[comment.pk, action])))
        answers.append(desk.post(reverse("comment_desk:block", args=[comment.pk, "ip"])))
        answers.append(desk.get(reverse("comment_desk:inspect", args=[comment.pk])))
    bulk = reverse("wagtail_bulk_action", args=["comments", "tribunecomment", "approve"])
    for bad in GARBAGE:
        answers.append(desk.get(bulk, {"id": bad}))
        answers.append(anonymous.get(f"/comments/confirm/{bad or 'x'}/"))
        answers.append(anonymous.post(f"/comments/mute/{bad or 'x'}/"))
        answers.append(anonymous.get("/comments/posted/", {"c": bad}))
    data = comment_form_data(public)
    answers.append(
        anonymous.post(reverse("comments-post"), {**data, "f": SimpleUploadedFile("x", b"x")})
    )
    answers.append(
        anonymous.generic(
            "POST", reverse("comments-post"), b"a" * (3 * 1024 * 1024), content_type="text/plain"
        )
    )
    for url in ("http://a-spam.com\\@127.0.0.1/", "ftp://x.example/", "javascript:alert(1)"):
        answers.append(anonymous.post(reverse("comments-post"), {**data, "url": url}))
    statuses = [response.status_code for response in answers]
    assert len(statuses) > 100
    assert [s for s in statuses if s >= 500] == []

"""Helpers for posting the real comment form in tests."""

from django.urls import reverse

from comments.forms import TribuneCommentForm


def comment_form_data(target, **fields) -> dict:
    """A valid POST body for the comment form on `target`, with `fields` overriding."""
    security = TribuneCommentForm(target).generate_security_data()
    data = {
        **security,
        "name": "Reader",
        "email": "reader@example.com",
        "url": "",
        "comment": "A thoughtful reply.",
        "reply_to": "0",
    }
    data.update({key: str(value) for key, value in fields.items()})
    return data


def post_comment(client, target, **fields):
    """POST the comment form as a browser would (CSRF checks are on)."""
    return client.post(reverse("comments-post"), comment_form_data(target, **fields))

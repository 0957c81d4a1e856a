"""Helpers for posting the real comment form and setting the moderation policy in tests."""

import time

from django.urls import reverse
from wagtail.models import Site

from comments.forms import TribuneCommentForm
from comments.moderation.site_settings import ModerationSettings


def comment_form_data(target, rendered_seconds_ago: int = 60, **fields) -> dict:
    """A valid POST body for the comment form on `target`, as if rendered a minute ago."""
    form = TribuneCommentForm(target)
    timestamp = int(time.time()) - rendered_seconds_ago
    data = {
        **form.generate_security_data(),
        "timestamp": str(timestamp),
        "security_hash": form.initial_security_hash(timestamp),
        "name": "Reader",
        "email": "reader@example.com",
        "url": "",
        "comment": "A thoughtful reply.",
        "reply_to": "0",
        "honeypot": "",
    }
    data.update({key: str(value) for key, value in fields.items()})
    return data


def post_comment(client, target, rendered_seconds_ago: int = 60, **fields):
    """POST the comment form as a browser would."""
    data = comment_form_data(target, rendered_seconds_ago=rendered_seconds_ago, **fields)
    return client.post(reverse("comments-post"), data, HTTP_USER_AGENT="Mozilla/5.0 (test)")


def set_policy(**values) -> ModerationSettings:
    """Change the default site's moderation policy, as an editor would in the admin."""
    policy = ModerationSettings.for_site(Site.objects.get(is_default_site=True))
    for name, value in values.items():
        setattr(policy, name, value)
    policy.full_clean()
    policy.save()
    return policy


def moderate(comment, action: str, *, actor, note: str = ""):
    """A moderator's action (approve, spam, remove, restore) through the one transition."""
    from comments.transitions import ACTIONS, comment_transition

    chosen = ACTIONS[action]
    return comment_transition(comment=comment, to=chosen.to, action=chosen, actor=actor, note=note)

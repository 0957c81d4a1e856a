"""Undo for a few seconds: the moderator's last action, offered back as a transition the table
allows, recorded like any other."""

from __future__ import annotations

import time

from comments.models import Status, TribuneComment
from comments.moderation.types import Verdict
from comments.transitions import ModeratorAction, comment_transition

UNDO_SECONDS = 10
# The server accepts an Undo a little after the button disappears (a click in flight).
UNDO_GRACE_SECONDS = 5
SESSION_KEY = "tribune_desk_undo"
TITLE_SHOWN = 24

PAST_TENSE = {
    "approve": "Approved {whose} comment on ‘{title}’.",
    "spam": "Marked {whose} comment on ‘{title}’ as spam.",
    "remove": "Removed {whose} comment on ‘{title}’.",
    "restore": "Restored {whose} comment on ‘{title}’.",
}
VERDICT_BACK_TO = {
    Status.HELD: Verdict.HOLD,
    Status.APPROVED: Verdict.RESTORE,
    Status.SPAM: Verdict.SPAM,
    Status.REMOVED: Verdict.REMOVE,
}


def _whose(name: str) -> str:
    return f"{name}'s" if name else "an anonymous reader's"


def done_message(action_slug: str, comment: TribuneComment, article_title: str) -> str:
    """What the moderator just did, in plain words."""
    title = article_title or "a deleted article"
    if len(title) > TITLE_SHOWN:
        title = title[: TITLE_SHOWN - 1].rstrip(" ,;:.-–—") + "…"
    return PAST_TENSE[action_slug].format(whose=_whose(comment.display_name), title=title)


def offer_undo(session, *, comment: TribuneComment, old: str, message: str) -> None:
    """Remember the last action so that the next page offers to undo it."""
    session[SESSION_KEY] = {
        "pk": comment.pk,
        "back_to": old,
        "now": comment.status,
        "message": message,
        "until": time.time() + UNDO_SECONDS,
        "shown": False,
    }


def undo_offer_to_show(session) -> dict | None:
    """The offer to render, once, while it lasts."""
    offer = session.get(SESSION_KEY)
    if not offer or offer.get("shown") or time.time() > offer["until"]:
        return None
    session[SESSION_KEY] = {**offer, "shown": True}
    return {**offer, "seconds_left": max(1, int(offer["until"] - time.time()))}


def undo_action(*, now: str, back_to: str) -> ModeratorAction:
    """The move back, from the status the action left to the one it found."""
    return ModeratorAction(
        "undo", "Undo", back_to, VERDICT_BACK_TO[back_to], "undone", frozenset({now})
    )


class UndoExpired(Exception):
    pass


def comment_undo_last(session, *, comment: TribuneComment, actor):
    """Undo the moderator's last action on this comment, if it is still theirs to undo."""
    offer = session.get(SESSION_KEY)
    fresh = offer and time.time() <= offer["until"] + UNDO_GRACE_SECONDS
    if not fresh or offer["pk"] != comment.pk:
        raise UndoExpired("It is too late to undo that: act on the comment again instead.")
    del session[SESSION_KEY]
    action = undo_action(now=offer["now"], back_to=offer["back_to"])
    return comment_transition(comment=comment, to=action.to, action=action, actor=actor)

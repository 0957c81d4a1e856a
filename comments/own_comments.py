"""The comments this browser posted as a guest, remembered so that it sees them while they
await moderation (everyone else sees them only once published).

They are kept in a signed cookie, not in the session: a guest's comment POST then writes
nothing but the comment (a session would be a row to update, or a new one to insert, in
every POST), and the list needs no server-side secrecy: the ids are the guest's own, signed so
that a browser cannot claim someone else's. A request carrying the cookie is never served the
shared copy of a page (comments.cache.is_shared_request, deploy/nginx/tribune.conf): it shows
this browser's held comments.
"""

from __future__ import annotations

from django.conf import settings
from django.core import signing
from django.http import HttpRequest, HttpResponse

from comments.cookie_lists import cookie_list, cookie_list_items

SALT = "tribune.comments.own"
KEPT = 50


def cookie_name() -> str:
    return settings.TRIBUNE_OWN_COMMENTS_COOKIE


def own_comment_ids(request: HttpRequest | None) -> list[int]:
    """The comments this browser posted recently, newest last; [] without a genuine cookie
    (or without a request: a page rendered for no one in particular)."""
    if request is None or cookie_name() not in request.COOKIES:
        return []
    try:
        value = request.get_signed_cookie(
            cookie_name(), salt=SALT, max_age=settings.SESSION_COOKIE_AGE
        )
    except signing.BadSignature:  # tampered, expired or from another key: it proves nothing
        return []
    return [int(part) for part in cookie_list_items(value) if part.isdigit()][-KEPT:]


def remember_own_comment(request: HttpRequest, response: HttpResponse, comment_id: int) -> None:
    """Let this browser see its own comment while it awaits moderation (the response carries
    the updated list)."""
    ids = [i for i in own_comment_ids(request) if i != comment_id] + [comment_id]
    response.set_signed_cookie(
        cookie_name(),
        cookie_list(ids[-KEPT:]),
        salt=SALT,
        max_age=settings.SESSION_COOKIE_AGE,
        httponly=True,
        samesite="Lax",
        secure=settings.SESSION_COOKIE_SECURE,
    )


SIGNED_OUT = "_tribune_signed_out"


def mark_signed_out(sender, request=None, **kwargs) -> None:
    """On user_logged_out: the session this list once lived in ends with signing out, and on a
    shared browser the next person must not see the last one's held comments either."""
    if request is not None:
        setattr(request, SIGNED_OUT, True)


def forget_after_sign_out(request: HttpRequest, response: HttpResponse) -> None:
    """Drop the list from a browser that has just signed out (called with the session's own
    response handling: config.middleware)."""
    if getattr(request, SIGNED_OUT, False):
        response.delete_cookie(cookie_name(), samesite="Lax")

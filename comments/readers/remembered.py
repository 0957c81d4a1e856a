"""A returning guest's confirmed address: once a guest confirms a comment from an emailed link,
this browser keeps a signed, expiring marker (a keyed digest of the address, never the address)
and is not asked to confirm that address again. A blocked address is not taken on the marker's
word (comments.posting checks the decision) and the marker is dropped."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from comments import tokens
from comments.cookie_lists import cookie_list, cookie_list_items

COOKIE = "tribune_confirmed"
SALT = "tribune.readers.confirmed"
KEPT = 5


def _max_age() -> int:
    return settings.TRIBUNE_REMEMBERED_EMAIL_DAYS * 24 * 3600


def confirmed_digests(request: HttpRequest) -> list[str]:
    """The address digests this browser proved, if its marker is genuine and not expired."""
    try:
        value = request.get_signed_cookie(COOKIE, default="", salt=SALT, max_age=_max_age())
    except Exception:  # a tampered or malformed cookie proves nothing
        return []
    return [part for part in cookie_list_items(value) if len(part) == 32][:KEPT]


def is_confirmed_here(request: HttpRequest, email: str) -> bool:
    return bool(email) and tokens.email_digest(email) in confirmed_digests(request)


def remember_confirmed(request: HttpRequest, response: HttpResponse, email: str) -> None:
    """Mark this browser as having confirmed the address (from the confirmation link)."""
    digest = tokens.email_digest(email)
    others = [d for d in confirmed_digests(request) if d != digest]
    kept = [*others[-(KEPT - 1) :], digest]
    _set(response, kept)


def forget_confirmed(request: HttpRequest, response: HttpResponse, email: str) -> None:
    """Drop an address from the marker (it was blocked)."""
    digest = tokens.email_digest(email)
    kept = [d for d in confirmed_digests(request) if d != digest]
    if kept:
        _set(response, kept)
    else:
        response.delete_cookie(COOKIE, samesite="Lax")


def _set(response: HttpResponse, digests: list[str]) -> None:
    response.set_signed_cookie(
        COOKIE,
        cookie_list(digests),
        salt=SALT,
        max_age=_max_age(),
        httponly=True,
        samesite="Lax",
        secure=settings.SESSION_COOKIE_SECURE,
    )

"""Signed, expiring tokens for the links Tribune emails to commenters."""

from __future__ import annotations

from django.conf import settings
from django.core import signing
from django.utils.crypto import salted_hmac

CONFIRM_SALT = "tribune.comments.confirm"
MUTE_SALT = "tribune.comments.mute"


class InvalidToken(Exception):
    """The link is malformed, tampered with or expired."""


def make_confirmation_token(comment_id: int) -> str:
    """A link token that confirms one stored, unconfirmed comment."""
    return signing.dumps({"c": comment_id}, salt=CONFIRM_SALT, compress=True)


def read_confirmation_token(token: str) -> int:
    """The comment id in a confirmation token, if the token is genuine and not expired."""
    payload = _load(token, CONFIRM_SALT, settings.TRIBUNE_CONFIRMATION_MAX_AGE)
    try:
        return int(payload["c"])
    except (KeyError, TypeError, ValueError) as exc:
        raise InvalidToken("This link is not valid.") from exc


def email_digest(email: str) -> str:
    """A keyed digest of an address: links name the reader without showing their address."""
    return salted_hmac(MUTE_SALT, email.strip().lower()).hexdigest()[:32]


def make_mute_token(content_type_id: int, object_pk: str, email: str) -> str:
    """A link token that stops follow-up emails about one article to one address.

    It carries a keyed digest of the address, not the address (a token's payload is only
    base64, readable by anyone who sees the link), and expires like the other links.
    """
    return signing.dumps(
        {"ct": content_type_id, "pk": object_pk, "h": email_digest(email)}, salt=MUTE_SALT
    )


def read_mute_token(token: str) -> tuple[int, str, str]:
    """The (content type id, object pk, address digest) in a mute token."""
    payload = _load(token, MUTE_SALT, max_age=settings.TRIBUNE_MUTE_LINK_MAX_AGE)
    try:
        return int(payload["ct"]), str(payload["pk"]), str(payload["h"])
    except (KeyError, TypeError, ValueError) as exc:
        raise InvalidToken("This link is not valid.") from exc


def _load(token: str, salt: str, max_age: int | None) -> dict:
    try:
        payload = signing.loads(token, salt=salt, max_age=max_age)
    except signing.SignatureExpired as exc:
        raise InvalidToken("This link has expired.") from exc
    except (signing.BadSignature, ValueError) as exc:
        raise InvalidToken("This link is not valid.") from exc
    if not isinstance(payload, dict):
        raise InvalidToken("This link is not valid.")
    return payload

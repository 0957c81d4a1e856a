"""Signed, expiring tokens for the links Tribune emails to commenters."""

from __future__ import annotations

from django.conf import settings
from django.core import signing

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
    return int(payload["c"])


def make_mute_token(content_type_id: int, object_pk: str, email: str) -> str:
    """A link token that stops follow-up emails about one article to one address."""
    return signing.dumps(
        {"ct": content_type_id, "pk": object_pk, "e": email}, salt=MUTE_SALT, compress=True
    )


def read_mute_token(token: str) -> tuple[int, str, str]:
    """The (content type id, object pk, email) in a mute token."""
    payload = _load(token, MUTE_SALT, max_age=None)
    return int(payload["ct"]), str(payload["pk"]), str(payload["e"])


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

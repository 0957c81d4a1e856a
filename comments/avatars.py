"""Commenters' avatars, made here: initials on a colour chosen by a keyed hash of the email.

No request leaves the site and nothing in the page reveals the address: the colour is one of
PALETTE_SIZE classes picked by an HMAC under the server's secret (3 bits, not a digest anyone
can look up), and the letters come from the name the reader already shows. A site that wants
Gravatar sets AVATARS=gravatar: then the page carries Gravatar's SHA-256 digest of the address
(what Gravatar needs, never the address) and readers' browsers ask gravatar.com for the image.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import lru_cache
from html import escape

from django.conf import settings
from django.utils.crypto import salted_hmac

PALETTE_SIZE = 8
AVATAR_SALT = "tribune.comments.avatar"
GRAVATAR_URL = "https://www.gravatar.com/avatar/{digest}?s=64&d=identicon"


@dataclass(frozen=True)
class Avatar:
    initials: str  # one or two letters, upper case; "?" for a name with no letter
    colour: int  # 0 .. PALETTE_SIZE-1: the CSS class "a<colour>"
    image_url: str = ""  # set only when the site chose Gravatar

    @property
    def css_class(self) -> str:
        return f"av a{self.colour}"


def initials_of(name: str) -> str:
    """The first letters of the first and last words that start with a letter: 'Ada L.' -> 'AL'."""
    # One character per letter even where upper case spells it with two ("ß" -> "SS").
    letters = [word[0].upper()[0] for word in name.split() if word[:1].isalpha()]
    if not letters:
        return "?"
    return letters[0] + letters[-1] if len(letters) > 1 else letters[0]


def colour_of(email: str, name: str = "") -> int:
    """A stable palette index for a commenter: keyed by the server secret, so it says nothing
    about the address. Without an address the name is used, so one name keeps one colour."""
    key = (email or "").strip().lower() or f"name:{name}"
    return salted_hmac(AVATAR_SALT, key).digest()[0] % PALETTE_SIZE


def gravatar_url(email: str) -> str:
    digest = hashlib.sha256((email or "").strip().lower().encode()).hexdigest()
    return GRAVATAR_URL.format(digest=digest)


def uses_gravatar() -> bool:
    return getattr(settings, "TRIBUNE_AVATARS", "local") == "gravatar"


def avatar_for(*, name: str, email: str) -> Avatar:
    url = gravatar_url(email) if email and uses_gravatar() else ""
    return Avatar(initials=initials_of(name), colour=colour_of(email, name), image_url=url)


def avatar_html(name: str, email: str) -> str:
    """The avatar beside a comment in the thread: small on purpose (an article page may list
    hundreds of comments): the initials, hidden from screen readers, which read the name."""
    return _avatar_html(name, email, uses_gravatar())


@lru_cache(maxsize=4096)  # one HMAC per commenter, not per comment
def _avatar_html(name: str, email: str, gravatar: bool) -> str:
    avatar = avatar_for(name=name, email=email)
    if gravatar and avatar.image_url:
        return (
            f'<img class="{avatar.css_class}" src="{escape(avatar.image_url)}" alt="" '
            'width="32" height="32" loading="lazy">'
        )
    return f'<span class="{avatar.css_class}" aria-hidden="true">{escape(avatar.initials)}</span>'

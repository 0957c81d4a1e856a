"""Links as browsers read them: every decision about a URL's scheme or host parses it with the
WHATWG URL standard (ada, the parser Node uses), never with urllib, whose reading differs
(a backslash, a tab in the scheme, a host in hexadecimal...).

Pure functions on strings (no Django).
"""

from __future__ import annotations

import ada_url
from confusable_homoglyphs.confusables import is_mixed_script

from comments.text import skeleton

WEB_SCHEMES = frozenset({"http", "https"})


def parse_url(href: str):
    """The URL a browser would follow for an absolute href, or None when there is none.

    No base URL: a relative or protocol-relative href (`//evil.example`) has no meaning in a
    comment shown on other pages, feeds and emails.
    """
    try:
        return ada_url.URL(href)
    except ValueError:
        return None


def scheme_of(href: str) -> str | None:
    """The scheme a browser reads in an absolute href (lower case, without the colon)."""
    url = parse_url(href)
    return url.protocol.rstrip(":") if url is not None else None


def host_of(href: str) -> str:
    """The host a browser would contact (punycode, IPv4 in dotted decimal), or ""."""
    url = parse_url(href)
    return url.hostname if url is not None else ""


def normalised_domain(domain: str) -> str:
    """A configured domain name in the form browsers use for hosts."""
    return host_of(f"http://{domain.strip().lstrip('.')}/") or domain.strip().lower()


def is_within(host: str, domains: tuple[str, ...]) -> bool:
    """Whether a host is one of the domains or a subdomain of one."""
    return bool(host) and any(host == d or host.endswith("." + d) for d in domains if d)


def unicode_host(host: str) -> str:
    """The host as Unicode (each punycode label decoded)."""
    try:
        return ada_url.idna_to_unicode(host) or host
    except (ValueError, UnicodeError):
        return host


def is_deceptive_host(host: str) -> bool:
    """Whether a host's internationalised labels could pass for another address: letters of
    several scripts in one label (`pаypal` with a Cyrillic а), letters of another script that
    all look Latin (`раура1`), or punycode that does not decode."""
    for label in host.split("."):
        if not label.lower().startswith("xn--"):
            continue
        decoded = unicode_host(label)
        if decoded.lower().startswith("xn--"):
            return True
        if is_mixed_script(decoded, allowed_aliases=["COMMON", "INHERITED"]):
            return True
        if skeleton(decoded).isascii():
            return True
    return False

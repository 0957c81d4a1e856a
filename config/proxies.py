"""The reader's address behind trusted reverse proxies.

Behind nginx every request comes from the proxy's address. X-Forwarded-For and Forwarded are
believed only when the connection comes from a proxy listed in TRUSTED_PROXIES, and only as far
as the chain of trusted proxies goes: read right to left, the first address that is not a
trusted proxy is the client. Anything malformed leaves REMOTE_ADDR as it is.
"""

from __future__ import annotations

import ipaddress
import re

from django.conf import settings

Network = ipaddress.IPv4Network | ipaddress.IPv6Network

_FORWARDED_FOR = re.compile(r'(?:^|;)\s*for\s*=\s*("[^"]*"|[^;,\s]*)', re.IGNORECASE)


def trusted_networks(entries) -> tuple[Network, ...]:
    """TRUSTED_PROXIES entries (addresses or CIDRs) as networks; settings validate them."""
    return tuple(ipaddress.ip_network(entry.strip(), strict=False) for entry in entries)


def _address(value: str) -> str | None:
    """An address from a header element: plain, [IPv6], with a port, or quoted; else None."""
    value = value.strip().strip('"').strip()
    if value.startswith("["):
        value = value[1:].partition("]")[0]
    elif value.count(":") == 1:
        value = value.partition(":")[0]
    try:
        return str(ipaddress.ip_address(value))
    except ValueError:
        return None


def _forwarded_chain(meta: dict) -> list[str | None] | None:
    """The addresses the proxies recorded, nearest last; None when no header says anything."""
    forwarded = meta.get("HTTP_FORWARDED")
    if forwarded:
        chain = []
        for element in forwarded.split(","):
            match = _FORWARDED_FOR.search(element)
            chain.append(_address(match.group(1)) if match else None)
        return chain
    forwarded_for = meta.get("HTTP_X_FORWARDED_FOR")
    if forwarded_for:
        return [_address(part) for part in forwarded_for.split(",")]
    return None


def _is_trusted(address: str, networks: tuple[Network, ...]) -> bool:
    ip = ipaddress.ip_address(address)
    return any(ip.version == n.version and ip in n for n in networks)


def client_address(meta: dict, networks: tuple[Network, ...]) -> str | None:
    """The client's address for a request, or None to keep REMOTE_ADDR."""
    peer = _address(meta.get("REMOTE_ADDR", ""))
    if not networks or peer is None or not _is_trusted(peer, networks):
        return None
    chain = _forwarded_chain(meta)
    if not chain:
        return None
    for address in reversed(chain):
        if address is None:
            return None  # a hop we cannot read: trust nothing beyond it
        if not _is_trusted(address, networks):
            return address
    return chain[0]  # every hop is a trusted proxy: the first one is the nearest to the client


class TrustedProxyMiddleware:
    """Replace REMOTE_ADDR with the client's address when a trusted proxy forwarded the
    request, so rate limits, IP blocks and the desk all see the reader, not the proxy."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.networks = trusted_networks(settings.TRUSTED_PROXIES)

    def __call__(self, request):
        address = client_address(request.META, self.networks)
        if address is not None:
            request.META["REMOTE_ADDR"] = address
        return self.get_response(request)

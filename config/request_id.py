"""A request id for every request: the trusted proxy's X-Request-ID, else a new one.

It is echoed in the response's X-Request-ID and attached to every log record written while
the request runs (config.jsonlog), so one reader's trouble can be followed from nginx to
Django. From anyone but a trusted proxy the header is ignored: a client must not be able to
make its requests look like someone else's in the logs.
"""

from __future__ import annotations

import contextvars
import re
import uuid

from django.conf import settings

from config.proxies import _address, _is_trusted, trusted_networks

current_request_id: contextvars.ContextVar[str] = contextvars.ContextVar(
    "tribune_request_id", default=""
)
# What nginx's $request_id and most tracers send; anything else is replaced.
_ACCEPTED = re.compile(r"^[A-Za-z0-9._:-]{8,128}$")


def incoming_request_id(meta: dict, networks) -> str | None:
    """The X-Request-ID a trusted proxy sent, if it is well formed."""
    value = meta.get("HTTP_X_REQUEST_ID", "")
    peer = _address(meta.get("REMOTE_ADDR", ""))
    if not value or not networks or peer is None or not _is_trusted(peer, networks):
        return None
    return value if _ACCEPTED.match(value) else None


class RequestIdMiddleware:
    """Give the request an id (request.request_id), log with it, answer with it."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.networks = trusted_networks(settings.TRUSTED_PROXIES)

    def __call__(self, request):
        request_id = incoming_request_id(request.META, self.networks) or uuid.uuid4().hex
        request.request_id = request_id
        token = current_request_id.set(request_id)
        try:
            response = self.get_response(request)
        finally:
            current_request_id.reset(token)
        response["X-Request-ID"] = request_id
        return response

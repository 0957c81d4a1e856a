"""Site-wide response policies: security headers, and a 503 instead of a 500 when the
database is unreachable."""

from __future__ import annotations

import logging

from django.conf import settings
from django.contrib.sessions.exceptions import SessionInterrupted
from django.contrib.sessions.middleware import SessionMiddleware
from django.db import DatabaseError, InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string

from comments.own_comments import forget_after_sign_out

logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 30


def is_database_outage(exc: BaseException | None) -> bool:
    """A lost or refused database connection (this exception or one it came from), as opposed
    to a bug in a query."""
    for _ in range(10):
        if exc is None:
            return False
        if isinstance(exc, InterfaceError | OperationalError):
            return True
        exc = exc.__cause__ or exc.__context__
    return False


def database_unavailable(request: HttpRequest) -> HttpResponse:
    """A 503 page, rendered without touching the database, that hands back the reader's text."""
    try:
        submitted = request.POST.get("comment", "") if request.method == "POST" else ""
    except Exception:
        submitted = ""
    html = render_to_string("503.html", {"submitted_text": submitted})
    response = HttpResponse(html, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


class DatabaseOutageMiddleware:
    """Answer 503 (and keep the reader's words) while the database cannot be reached."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if is_database_outage(exception):
            logger.error("Database unavailable: %r", exception)
            return database_unavailable(request)
        return None


class OutageTolerantSessionMiddleware(SessionMiddleware):
    """Django's sessions, except that a session the database cannot store any more leaves the
    response as the view made it. Signing out also drops the guest's list of their own
    comments (comments.own_comments), which lived in the session once.

    The session is saved after the view's work is committed (a posted comment, say). When the
    database goes away in between, Django would answer 400 (SessionInterrupted) or fail into
    the 503 page, telling the reader that nothing happened when it did.
    """

    def process_response(self, request, response):
        forget_after_sign_out(request, response)
        try:
            return super().process_response(request, response)
        except (SessionInterrupted, DatabaseError) as exc:
            if not is_database_outage(exc):
                raise
            logger.error("Session not saved, database unavailable: %r", exc)
            return response


CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data: https:",
        "font-src 'self'",
        "connect-src 'self'",
        "media-src 'self' https:",
        "frame-src https://www.youtube-nocookie.com https://www.youtube.com https://player.vimeo.com",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)
PERMISSIONS_POLICY = (
    "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()"
)


class SecurityHeadersMiddleware:
    """A Content-Security-Policy on every public page: no inline or third-party script, so a
    sanitizer miss still cannot run. The Wagtail admin keeps its own inline scripts."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        response.setdefault("Cross-Origin-Resource-Policy", "same-origin")
        if not request.path.startswith(settings.TRIBUNE_CSP_EXEMPT_PREFIXES):
            response.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        return response

"""Public pages take small form posts only: refuse file uploads and oversized bodies before
Django parses them (the Wagtail admin keeps Django's own limits, for image uploads)."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string


class PublicRequestLimitMiddleware:
    """413 for a body over TRIBUNE_PUBLIC_MAX_BODY, 415 for a file upload, on public paths."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method in {"POST", "PUT", "PATCH"} and not request.path.startswith(
            settings.TRIBUNE_CSP_EXEMPT_PREFIXES
        ):
            refusal = self._refusal(request)
            if refusal is not None:
                return refusal
        return self.get_response(request)

    def _refusal(self, request: HttpRequest) -> HttpResponse | None:
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return _problem(request, "This request is malformed.", 400)
        if length > settings.TRIBUNE_PUBLIC_MAX_BODY:
            return _problem(
                request,
                f"This request is too large ({length:,} bytes; the limit is "
                f"{settings.TRIBUNE_PUBLIC_MAX_BODY:,}). A comment is far smaller: "
                "please shorten what you sent.",
                413,
            )
        # Within the cap a multipart body is parsed in memory; a file part has no place here.
        if request.META.get("CONTENT_TYPE", "").lower().startswith("multipart/") and request.FILES:
            return _problem(
                request, "This form does not take file uploads. Send the text on its own.", 415
            )
        return None


def _problem(request: HttpRequest, message: str, status: int) -> HttpResponse:
    html = render_to_string("comments/problem.html", {"message": message}, request=request)
    return HttpResponse(html, status=status)

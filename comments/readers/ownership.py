"""Whose comment is it: the account that posted it, or the browser that did (a keyed digest of
its form-security cookie stored with the comment, or the signed cookie listing its comments:
comments.own_comments).
Never the shared HTML: a cached page is the same for everyone."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac

from comments.models import Status, TribuneComment
from comments.own_comments import own_comment_ids

BROWSER_SALT = "tribune.comments.browser"


def browser_digest(request: HttpRequest) -> str:
    """A keyed digest of this browser's CSRF secret (a cookie only this browser sends)."""
    secret = request.META.get("CSRF_COOKIE") or ""
    return salted_hmac(BROWSER_SALT, secret).hexdigest()[:32] if secret else ""


def owns(request: HttpRequest, comment: TribuneComment) -> bool:
    """Whether the reader making this request wrote the comment."""
    user = getattr(request, "user", None)
    if comment.user_id is not None:
        # An account's comment is the account's alone, whatever browser posted it.
        return bool(user is not None and user.is_authenticated and user.pk == comment.user_id)
    if comment.pk in own_comment_ids(request):
        return True
    digest = browser_digest(request)
    return bool(digest and comment.browser_digest) and constant_time_compare(
        digest, comment.browser_digest
    )


def reader_settings():
    """The default site's reader settings (edit window, retention)."""
    from wagtail.models import Site

    from comments.readers.models import ReaderSettings

    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        return ReaderSettings(
            edit_window_minutes=settings.TRIBUNE_EDIT_WINDOW_MINUTES,
            retention_days=settings.TRIBUNE_RETENTION_DAYS,
        )
    return ReaderSettings.for_site(site)


def edit_deadline(comment: TribuneComment, window_minutes: int) -> datetime | None:
    """Until when the author may edit the comment; None when editing is off for it."""
    if window_minutes <= 0 or comment.withdrawn or comment.status == Status.REMOVED:
        return None
    return comment.submit_date + timedelta(minutes=window_minutes)


def can_edit_now(comment: TribuneComment, window_minutes: int, now=None) -> bool:
    deadline = edit_deadline(comment, window_minutes)
    return deadline is not None and (now or timezone.now()) < deadline


def can_delete(comment: TribuneComment) -> bool:
    """An author may take a comment back at any time, once."""
    return not comment.withdrawn

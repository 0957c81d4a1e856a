"""A reader's own comments (edit, delete), reports on anyone's, and the small uncached
endpoint that tells an article page's script what is this reader's (cached pages are the
same for everyone, so nothing of it is in their HTML)."""

from __future__ import annotations

from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.http import require_safe

from comments.models import Status, TribuneComment
from comments.own_comments import own_comment_ids
from comments.readers import authoring, reports
from comments.readers.forms import CommentEditForm, ReportForm
from comments.readers.ownership import (
    browser_digest,
    can_delete,
    can_edit_now,
    edit_deadline,
    owns,
    reader_settings,
)
from comments.selectors import comment_page_url

MAX_IDS = 500
MAX_ID = 2**63 - 1  # the largest id a bigint column holds: a larger one is simply not found


def _comment(comment_id: int, queryset=None) -> TribuneComment | None:
    if not 0 < comment_id <= MAX_ID:
        return None
    return (
        (queryset if queryset is not None else TribuneComment.objects).filter(pk=comment_id).first()
    )


def _problem(request, message: str, status: int, **context) -> HttpResponse:
    return render(request, "comments/problem.html", {"message": message, **context}, status=status)


def _own_comment(request: HttpRequest, comment_id: int) -> TribuneComment:
    """The reader's own comment on a live article; 404 for a comment that is gone, and a
    plain 403 (raised as PermissionError) for someone else's."""
    comment = _comment(comment_id)
    target = comment.content_object if comment is not None else None
    if target is None or not target.accepts_comments():
        raise Http404("No such comment.")
    if not owns(request, comment):
        raise PermissionError("You can only change your own comments.")
    return comment


def _account_name(user) -> str:
    return user.get_full_name() or user.get_username()


def _author_name(request, comment: TribuneComment) -> str:
    if request.user.is_authenticated:
        return _account_name(request.user)
    return comment.user_name or "A guest"


@csrf_protect
def edit(request: HttpRequest, comment_id: int) -> HttpResponse:
    """Edit one's own comment within the site's window; moderated again like a new post."""
    try:
        comment = _own_comment(request, comment_id)
    except PermissionError as exc:
        return _problem(request, str(exc), 403)
    target = comment.content_object
    window = reader_settings().edit_window_minutes
    context = {"comment": comment, "target": target, "deadline": edit_deadline(comment, window)}
    if request.method != "POST":
        if not can_edit_now(comment, window):
            return _refused(request, comment, _window_message(comment, window), 403)
        form = CommentEditForm(initial={"comment": comment.comment})
        return render(request, "comments/readers/edit.html", {**context, "form": form})
    form = CommentEditForm(data=request.POST)
    if not form.is_valid():
        return render(request, "comments/readers/edit.html", {**context, "form": form}, status=400)
    try:
        result = authoring.comment_edit(
            comment=comment,
            text=form.cleaned_data["comment"],
            html=form.cleaned_data["comment_html"],
            editor=request.user,
            editor_name=_author_name(request, comment),
            window_minutes=window,
        )
    except authoring.EditRefused as exc:
        context.update(form=form, message=str(exc))
        return render(request, "comments/readers/edit.html", context, status=403)
    if result.status == Status.APPROVED or result.comment.awaiting_moderation:
        return redirect(comment_page_url(result.comment, request))
    return redirect(f"{target.get_absolute_url()}#comments")


def _window_message(comment, window: int) -> str:
    try:
        authoring.check_editable(comment, window)
    except authoring.EditRefused as exc:
        return str(exc)
    return ""


def _refused(request, comment, message: str, status: int) -> HttpResponse:
    return _problem(request, message, status, target=comment.content_object)


@csrf_protect
def delete(request: HttpRequest, comment_id: int) -> HttpResponse:
    """Delete one's own comment at any time (asks on GET, acts on POST)."""
    try:
        comment = _own_comment(request, comment_id)
    except PermissionError as exc:
        return _problem(request, str(exc), 403)
    target = comment.content_object
    if not can_delete(comment):
        return _refused(request, comment, "This comment was already deleted.", 410)
    if request.method != "POST":
        return render(
            request, "comments/readers/delete.html", {"comment": comment, "target": target}
        )
    authoring.comment_withdraw(comment=comment)
    return render(request, "comments/readers/deleted.html", {"target": target})


@csrf_protect
def report(request: HttpRequest, comment_id: int) -> HttpResponse:
    """Any reader reports a published comment with a reason (asks on GET, acts on POST)."""
    comment = _comment(comment_id, TribuneComment.objects.published())
    target = comment.content_object if comment is not None else None
    if target is None or not target.accepts_comments():
        raise Http404("No such comment.")
    user = request.user if request.user.is_authenticated else None
    ip = request.META.get("REMOTE_ADDR") or None
    context = {"comment": comment, "target": target}
    key = reports.reporter_key(user=user, ip=ip)
    if reports.has_reported(comment, key):
        return render(request, "comments/flagged.html", {**context, "already": True})
    if request.method != "POST":
        return render(request, "comments/flag.html", {**context, "form": ReportForm()})
    form = ReportForm(data=request.POST)
    if not form.is_valid():
        return render(request, "comments/flag.html", {**context, "form": form}, status=400)
    try:
        reports.comment_report(
            comment=comment,
            user=user,
            ip=ip,
            reason=form.cleaned_data["reason"],
            details=form.cleaned_data["details"],
        )
    except reports.ReportRefused as exc:
        status = 409 if "already" in str(exc) else 429
        context.update(form=form, message=str(exc))
        return render(request, "comments/flag.html", context, status=status)
    return render(request, "comments/flagged.html", context)


def _ids(raw: str) -> list[int]:
    ids = []
    for part in raw.split(",")[:MAX_IDS]:
        part = part.strip()
        if part.isdigit() and len(part) < 19:  # below 2**63
            ids.append(int(part))
    return ids


@never_cache
@require_safe
def me(request: HttpRequest) -> JsonResponse:
    """Who is reading, and which of the listed comments (?ids=1,2,3) they may edit or delete.

    Never cached and never starts a session: a reader who only reads stays on shared copies.
    """
    user = request.user
    signed_in = user.is_authenticated
    ids = _ids(request.GET.get("ids", ""))
    mine = Q(user__isnull=True, pk__in=own_comment_ids(request))
    digest = browser_digest(request)
    if digest:
        mine |= Q(user__isnull=True, browser_digest=digest)
    if signed_in:
        mine |= Q(user_id=user.pk)
    own = []
    if ids:
        window = reader_settings().edit_window_minutes
        now = timezone.now()
        for comment in TribuneComment.objects.filter(mine, pk__in=ids, withdrawn="").exclude(
            status=Status.REMOVED
        ):
            editable = can_edit_now(comment, window, now)
            deadline = edit_deadline(comment, window)
            own.append(
                {
                    "id": comment.pk,
                    "edit_url": reverse("comments-edit", args=[comment.pk]) if editable else "",
                    "edit_until": deadline.isoformat() if editable else None,
                    "delete_url": reverse("comments-delete", args=[comment.pk]),
                }
            )
    data = {"signed_in": signed_in, "own": own}
    if signed_in:
        data.update(
            name=_account_name(user),
            logout_url=reverse("account_logout"),
            page_url=reverse("readers-home"),
        )
    return JsonResponse(data)

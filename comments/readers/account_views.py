"""A reader's page (their comments and follow-ups) and their data: download, erase, delete
the account; guests reach the same through a link emailed to the address they wrote with."""

from __future__ import annotations

import json
from datetime import timedelta

from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect

from comments import notifications
from comments.models import Status
from comments.readers import privacy
from comments.readers.forms import EmailLinkForm
from comments.readers.models import PrivacyAction
from comments.readers.ownership import can_edit_now, edit_deadline, reader_settings

LINKS_PER_ADDRESS_PER_HOUR = 3


def reader_status(comment) -> str:
    """What a reader is told about their comment: never the rule trace."""
    if comment.withdrawn:
        return "Deleted by you" if comment.withdrawn == "author" else "Erased"
    return {
        Status.APPROVED: "Published",
        Status.HELD: "Awaiting moderation",
        Status.SPAM: "Awaiting moderation",
        Status.UNCONFIRMED: "Awaiting your email confirmation",
        Status.REMOVED: "Removed by a moderator",
    }[comment.status]


def _followed(comments) -> list[dict]:
    seen: dict[tuple, dict] = {}
    following = comments.filter(followup=True).exclude(status=Status.REMOVED)
    # Each article read once per content type, not once per comment.
    for c in following.prefetch_related("content_object"):
        key = (c.content_type_id, c.object_pk)
        if key not in seen and c.content_object is not None:
            seen[key] = {"ct": c.content_type_id, "pk": c.object_pk, "title": str(c.content_object)}
    return list(seen.values())


@login_required
@never_cache
def home(request: HttpRequest) -> HttpResponse:
    """Your comments (with their status) and the discussions you follow."""
    comments = privacy.comments_of_user(request.user)
    window = reader_settings().edit_window_minutes
    now = timezone.now()
    rows = []
    latest = comments.order_by("-submit_date", "-pk").prefetch_related("content_object")
    for c in latest[:200]:
        editable = can_edit_now(c, window, now)
        rows.append(
            {
                "comment": c,
                "status": reader_status(c),
                "target": c.content_object,
                "edit_until": edit_deadline(c, window) if editable else None,
            }
        )
    return render(
        request,
        "comments/readers/home.html",
        {"rows": rows, "followed": _followed(comments), "stopped": request.GET.get("stopped")},
    )


@login_required
@csrf_protect
def unfollow(request: HttpRequest) -> HttpResponse:
    """Stop follow-up emails about one article (POST), or about every article (all=1)."""
    if request.method != "POST":
        return redirect("readers-home")
    comments = privacy.comments_of_user(request.user)
    if request.POST.get("all"):
        comments.update(followup=False, notify_decision=False)
        return redirect(reverse("readers-home") + "?stopped=all")
    ct, pk = request.POST.get("ct", ""), request.POST.get("pk", "")
    if ct.isdigit() and len(pk) <= 64:
        comments.filter(content_type_id=int(ct), object_pk=pk).update(followup=False)
    return redirect(reverse("readers-home") + "?stopped=one")


def _json_download(data: dict, name: str) -> HttpResponse:
    response = HttpResponse(
        json.dumps(data, indent=2, ensure_ascii=False), content_type="application/json"
    )
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
@csrf_protect
def export(request: HttpRequest) -> HttpResponse:
    """Download my data: the account and every comment of it, as JSON (POST)."""
    if request.method != "POST":
        return redirect("readers-home")
    user = request.user
    data = privacy.export_data(
        privacy.comments_of_user(user),
        subject=privacy.subject_for_user(user),
        extra={
            "account": {
                "username": user.get_username(),
                "email": user.email,
                "joined": user.date_joined.isoformat(),
            }
        },
    )
    return _json_download(data, "my-comments.json")


@login_required
@csrf_protect
def erase(request: HttpRequest) -> HttpResponse:
    """Erase my comments: each becomes a tombstone (asks on GET, acts on POST)."""
    comments = privacy.comments_of_user(request.user).exclude(withdrawn="erased")
    if request.method != "POST":
        return render(request, "comments/readers/erase.html", {"count": comments.count()})
    count = privacy.comments_erase(comments, subject=privacy.subject_for_user(request.user))
    return render(request, "comments/readers/erased.html", {"count": count})


@login_required
@csrf_protect
def delete_account(request: HttpRequest) -> HttpResponse:
    """Delete my account, with its password; optionally erase its comments first."""
    user = request.user
    # The comments that stay under the account's name: not those its reader already deleted.
    context = {"count": privacy.comments_of_user(user).filter(withdrawn="").count()}
    if request.method != "POST":
        return render(request, "comments/readers/delete_account.html", context)
    if not user.check_password(request.POST.get("password", "")):
        context["message"] = "That password is not right; your account was not deleted."
        return render(request, "comments/readers/delete_account.html", context, status=400)
    subject = privacy.subject_for_user(user)
    if request.POST.get("erase"):
        privacy.comments_erase(privacy.comments_of_user(user), subject=subject)
    PrivacyAction.objects.create(kind=PrivacyAction.Kind.DELETE_ACCOUNT, subject=subject)
    logout(request)
    user.delete()
    return render(request, "comments/readers/account_deleted.html")


@csrf_protect
def guest_request(request: HttpRequest) -> HttpResponse:
    """A guest asks for a link to their comments' data, sent to the address they wrote with."""
    if request.method != "POST":
        return render(request, "comments/readers/guest_request.html", {"form": EmailLinkForm()})
    form = EmailLinkForm(data=request.POST)
    if not form.is_valid():
        return render(request, "comments/readers/guest_request.html", {"form": form}, status=400)
    email = form.cleaned_data["email"]
    subject = privacy.subject_for_email(email)
    recent = PrivacyAction.objects.filter(
        kind=PrivacyAction.Kind.LINK_SENT,
        subject=subject,
        created_at__gte=timezone.now() - timedelta(hours=1),
    ).count()
    # The same answer whether or not the address wrote anything: it tells nobody who did.
    if recent < LINKS_PER_ADDRESS_PER_HOUR and privacy.comments_of_email(email).exists():
        PrivacyAction.objects.create(kind=PrivacyAction.Kind.LINK_SENT, subject=subject)
        link = reverse("readers-guest-link", args=[privacy.make_link_token(email)])
        notifications.queue_email(
            "comments/email/privacy_link.txt",
            {"link": notifications.absolute_url(link), "valid_hours": _valid_hours()},
            subject="Your comments: download or erase",
            to=email,
        )
    return render(request, "comments/readers/guest_sent.html", {"email": email})


def _valid_hours() -> int:
    from django.conf import settings

    return max(1, settings.TRIBUNE_PRIVACY_LINK_MAX_AGE // 3600)


@csrf_protect
def guest_link(request: HttpRequest, token: str) -> HttpResponse:
    """From the emailed link: download (any number of times) or erase (once) a guest's data."""
    try:
        email, nonce = privacy.read_link_token(token)
    except privacy.LinkRefused as exc:
        return render(request, "comments/problem.html", {"message": str(exc)}, status=400)
    comments = privacy.comments_of_email(email)
    subject = privacy.subject_for_email(email)
    if request.method != "POST":
        return render(request, "comments/readers/guest_link.html", {"count": comments.count()})
    if request.POST.get("action") == "download":
        return _json_download(privacy.export_data(comments, subject=subject), "my-comments.json")
    if request.POST.get("action") != "erase":
        return render(
            request,
            "comments/readers/guest_link.html",
            {"count": comments.count(), "message": "Choose download or erase."},
            status=400,
        )
    try:
        count = privacy.comments_erase(comments, subject=subject, link_nonce=nonce)
    except privacy.LinkRefused as exc:
        return render(request, "comments/problem.html", {"message": str(exc)}, status=400)
    return render(request, "comments/readers/erased.html", {"count": count})

"""The desk's writes on one comment: decide (then stay, return to the queue or go to the next
comment), undo, block the author, reply as staff."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from comments import services
from comments.desk import navigation
from comments.desk.permissions import desk_permission_policy, is_moderator
from comments.desk.undo import UndoExpired, comment_undo_last, done_message, offer_undo
from comments.models import TribuneComment
from comments.transitions import ACTIONS, TransitionRefused, comment_transition


class ActionForm(forms.Form):
    note = forms.CharField(
        required=False,
        max_length=1000,
        label="Reason (optional)",
        widget=forms.TextInput,
        error_messages={
            "max_length": "the reason is %(show_value)d characters long, and the limit is "
            "%(limit_value)d. Shorten it and try again."
        },
    )


class StaffReplyForm(forms.Form):
    text = forms.CharField(
        label="Reply as the publication", max_length=10000, widget=forms.Textarea(attrs={"rows": 4})
    )


def comment_for(request: HttpRequest, pk: int) -> TribuneComment:
    """The comment, if this user may moderate it; refused otherwise, whatever the URL."""
    comment = get_object_or_404(TribuneComment, pk=pk)
    if not desk_permission_policy.user_has_permission_for_instance(
        request.user, "moderate", comment
    ):
        raise PermissionDenied
    return comment


def _queue_query(request: HttpRequest) -> QueryDict:
    """The queue the moderator came from: carried in the action URL's query string."""
    return request.GET


def _article_title(comment: TribuneComment) -> str:
    target = comment.content_object
    return getattr(target, "title", "") or str(target or "")


@require_POST
def comment_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    """Approve, mark as spam, remove or restore one comment, with an optional reason.

    `then` says where to go: "queue" (back to the listing), "next" (the next comment of the
    queue) or, by default, this comment's page; the queue and its filters stay in the URL.
    """
    comment = comment_for(request, pk)
    chosen = ACTIONS.get(action)
    if chosen is None:
        raise PermissionDenied
    query = _queue_query(request)
    params = navigation.queue_params(query)
    then = request.POST.get("then", "")
    form = ActionForm(request.POST)
    if not form.is_valid():
        # Acting without the note the moderator wrote would lose it silently.
        messages.error(request, f"Nothing was done: {' '.join(form.errors['note'])}")
        return redirect(navigation.detail_url(comment.pk, params))
    following = navigation.next_in_queue(request, comment, query) if then == "next" else None
    old = comment.status
    try:
        comment_transition(
            comment=comment,
            to=chosen.to,
            action=chosen,
            actor=request.user,
            note=form.cleaned_data["note"],
        )
    except TransitionRefused as refused:
        messages.error(request, str(refused))
        return redirect(navigation.detail_url(comment.pk, params))
    message = done_message(chosen.slug, comment, _article_title(comment))
    offer_undo(request.session, comment=comment, old=old, message=message)
    if then == "queue":
        return redirect(navigation.queue_url(params))
    if then == "next":
        if following is None:
            messages.info(request, "That was the last comment in this queue.")
            return redirect(navigation.queue_url(params))
        return redirect(navigation.detail_url(following, params))
    return redirect(navigation.detail_url(comment.pk, params))


@require_POST
def comment_undo(request: HttpRequest, pk: int) -> HttpResponse:
    """Take back the moderator's last action, within a few seconds of it."""
    comment = comment_for(request, pk)
    try:
        comment_undo_last(request.session, comment=comment, actor=request.user)
    except (UndoExpired, TransitionRefused) as refused:
        messages.error(request, str(refused))
    else:
        messages.success(
            request,
            f"Undone: {comment.display_name}'s comment is back to “{comment.get_status_display()}”.",
        )
    return _back(request, comment)


@require_POST
def block_author(request: HttpRequest, pk: int, what: str) -> HttpResponse:
    """Add the comment's email or IP address to the site-wide blocklist (moderators only: an
    editor moderates their own articles, not the whole site)."""
    comment = comment_for(request, pk)
    if not is_moderator(request.user):
        raise PermissionDenied
    try:
        entry = services.author_block(comment=comment, what=what)
    except ValueError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"Added {entry} to the blocklist.")
    return _back(request, comment)


@require_POST
def staff_reply(request: HttpRequest, pk: int) -> HttpResponse:
    """Reply as the publication: the reply is marked as staff and published at once."""
    comment = comment_for(request, pk)
    form = StaffReplyForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Write a reply first.")
        return _back(request, comment)
    try:
        reply = services.comment_reply_as_staff(
            parent=comment, user=request.user, text=form.cleaned_data["text"]
        )
    except ValueError as exc:
        messages.error(request, str(exc))
        return _back(request, comment)
    messages.success(request, "Your reply is published.")
    return redirect(navigation.detail_url(reply.pk, ""))


def _back(request: HttpRequest, comment: TribuneComment) -> HttpResponse:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    return redirect(navigation.detail_url(comment.pk, navigation.queue_params(request.GET)))

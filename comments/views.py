"""Public comment endpoints: post, reply (without JavaScript), confirm, mute, flag."""

from __future__ import annotations

from django.conf import settings
from django.contrib.sites.shortcuts import get_current_site
from django.core import signing
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django_comments import signals
from django_comments_xtd import get_form

from comments import posting, services, tokens
from comments.discussion import comment_form_for
from comments.forms import NAME_MAX_LENGTH
from comments.models import Status, TribuneComment
from comments.moderation.facts import article_settings
from comments.moderation.rules import closed_reason
from comments.moderation.site_settings import current_policy
from comments.own_comments import own_comment_ids, remember_own_comment
from comments.posting import Outcome
from comments.readers import remembered
from comments.readers.ownership import browser_digest as _browser_digest
from comments.targets import TargetRejected, resolve_target
from comments.threads import can_reply_to

POSTED_SALT = "tribune.comments.posted"


def _problem(request: HttpRequest, message: str, status: int = 400, **context) -> HttpResponse:
    """A page that says in plain words why the request could not be done."""
    return render(request, "comments/problem.html", {"message": message, **context}, status=status)


def _form_with_errors(request, target, form, status: int = 400, message: str = "") -> HttpResponse:
    return render(
        request,
        "comments/form_errors.html",
        {"target": target, "form": form, "message": message},
        status=status,
    )


@csrf_protect
def post_comment(request: HttpRequest) -> HttpResponse:
    """Parse the comment form, hand it to comments.posting, and say what became of it."""
    if request.method != "POST":
        response = _problem(
            request, "Comments are posted with the form on the article page.", status=405
        )
        response["Allow"] = "POST"
        return response
    author = request.user if request.user.is_authenticated else None
    # A copy only where the form's fields are replaced: copying every POST cost a guest's.
    data = request.POST if author is None else request.POST.copy()
    if author is not None:
        # The account is who comments; whatever name and email the form carries are ignored.
        # The form's limit is for typed names: the stored name is the account's, whole
        # (comments.posting), so a long full name must not fail the form.
        data["name"] = (author.get_full_name() or author.get_username())[:NAME_MAX_LENGTH]
        data["email"] = author.email
    try:
        target = resolve_target(data.get("content_type"), data.get("object_pk"))
    except TargetRejected as exc:
        return _problem(request, str(exc), submitted_text=data.get("comment", ""))

    policy = current_policy()
    form = get_form()(target, data=data, policy=policy)
    if form.security_errors():
        # An expired or altered form: offer a fresh one with the reader's words in it.
        fresh = comment_form_for(target, initial=_reader_fields(data))
        return _form_with_errors(
            request,
            target,
            fresh,
            message="This comment form has expired or was changed. "
            "Your comment is below: please check it and send it again.",
        )
    if not form.is_valid():
        return _form_with_errors(request, target, form)

    result = posting.comment_post(
        target=target,
        fields=form.reader_fields(),
        author=author,
        client=posting.ClientFacts(
            ip=request.META.get("REMOTE_ADDR") or None,
            user_agent=request.META.get("HTTP_USER_AGENT", ""),
            site_id=get_current_site(request).pk,
            browser_digest=_browser_digest(request),
            email_proven=author is None
            and remembered.is_confirmed_here(request, data.get("email", "")),
        ),
        policy=policy,
    )
    if result.outcome is Outcome.DUPLICATE:
        return _duplicate_response(request, target, result, author)
    if result.outcome is Outcome.REFUSED:
        response = _refusal_response(request, target, form, result.decision)
        if "blocklist" in result.decision.reasons:
            remembered.forget_confirmed(request, response, data.get("email", ""))
        return response
    comment = result.comment
    # For third-party listeners; Tribune itself decides in comments.posting.
    signals.comment_was_posted.send(sender=TribuneComment, comment=comment, request=request)
    if result.outcome is Outcome.AWAITING_CONFIRMATION:
        token = signing.dumps(comment.pk, salt=POSTED_SALT)
        response = redirect(f"{reverse('comments-posted')}?c={token}")
    else:
        # The permalink works out the comment's page when the reader's browser follows it:
        # the POST itself does no counting (and answers even if the database has just gone).
        response = redirect("comments-permalink", comment.pk)
    if author is None:
        # A signed-in reader sees their own held comments by account; a guest by this browser.
        remember_own_comment(request, response, comment.pk)
    return response


def _duplicate_response(request, target, result, author) -> HttpResponse:
    """The same comment again: lead its own browser to it, and tell nobody else it exists."""
    first_id = result.duplicate_of
    own = result.duplicate_is_own or first_id in own_comment_ids(request)
    if own and TribuneComment.objects.get(pk=first_id).status != Status.UNCONFIRMED:
        response = redirect("comments-permalink", first_id)
    elif author is None and settings.COMMENTS_XTD_CONFIRM_EMAIL:
        # Exactly what a new anonymous comment gets: "check your email".
        token = signing.dumps(first_id, salt=POSTED_SALT)
        response = redirect(f"{reverse('comments-posted')}?c={token}")
    else:
        response = redirect(target.get_absolute_url())
    if own:
        remember_own_comment(request, response, first_id)
    return response


def _refusal_response(request, target, form, decision) -> HttpResponse:
    """Say in plain words why a comment was refused, keeping the reader's text."""
    flood = decision.finding("flood")
    if flood is not None:
        wait = flood.evidence["retry_after_seconds"]
        response = _form_with_errors(
            request,
            target,
            form,
            status=429,
            message=f"You are commenting too fast. Please wait {_duration(wait)} and send "
            "your comment again; it is kept below.",
        )
        response["Retry-After"] = str(wait)
        return response
    return _form_with_errors(request, target, form, status=403, message=decision.summary)


def _duration(seconds: int) -> str:
    minutes = -(-seconds // 60)
    return (
        f"{minutes} minute{'s' if minutes != 1 else ''}" if seconds >= 60 else f"{seconds} seconds"
    )


def _reader_fields(data) -> dict:
    keys = ("name", "email", "url", "comment", "followup", "reply_to")
    return {key: data.get(key) for key in keys if data.get(key) not in (None, "")}


def posted(request: HttpRequest) -> HttpResponse:
    """After posting anonymously: ask the reader to confirm through the emailed link."""
    try:
        comment_id = signing.loads(request.GET.get("c", ""), salt=POSTED_SALT, max_age=3600)
    except signing.BadSignature:
        return _problem(request, "There is no comment to show here.", status=404)
    comment = TribuneComment.objects.filter(pk=comment_id).first()
    if comment is None:
        return _problem(request, "There is no comment to show here.", status=404)
    return render(
        request, "comments/posted.html", {"comment": comment, "target": comment.content_object}
    )


def _public_comment(comment_id: int) -> TribuneComment:
    """A published comment on an article every reader may see; 404 for anything else, saying
    nothing of an article that is unpublished, private or gone."""
    comment = TribuneComment.objects.published().filter(pk=comment_id).first()
    target = comment.content_object if comment is not None else None
    if target is None or not target.accepts_comments():
        raise Http404("No such comment.")
    return comment


def reply(request: HttpRequest, comment_id: int) -> HttpResponse:
    """The reply form for one comment, for readers without JavaScript."""
    parent = _public_comment(comment_id)
    target = parent.content_object
    policy = current_policy()
    article = article_settings(target)
    if closed_reason(article, policy, timezone.now()) is not None:
        return _problem(request, "Comments are closed on this article.", status=403, target=target)
    if not can_reply_to(parent, article.effective_depth(policy)):
        return _problem(
            request,
            "This thread is as deep as it can go; reply to an earlier comment instead.",
            target=target,
        )
    form = comment_form_for(target, user=request.user, initial={"reply_to": parent.pk})
    return render(
        request, "comments/reply.html", {"parent": parent, "target": target, "form": form}
    )


@csrf_exempt  # the signed token in the address is the proof; no cross-site page knows it
def confirm(request: HttpRequest, token: str) -> HttpResponse:
    """Publish an anonymous comment from the link in its confirmation email.

    GET only shows a Confirm button: mail scanners that open links must not confirm comments.
    """
    if request.method != "POST":
        try:
            tokens.read_confirmation_token(token)  # a broken link says so at once
        except tokens.InvalidToken as exc:
            return _problem(request, str(exc))
        return render(request, "comments/confirm.html", {"action": request.path})
    try:
        comment = posting.comment_confirm(token=token)
    except posting.BadLink as exc:
        return _problem(request, str(exc))
    if comment.awaiting_moderation:
        response = render(
            request,
            "comments/awaiting_moderation.html",
            {"comment": comment, "target": comment.content_object},
        )
    else:
        response = redirect(f"{comment.content_object.get_absolute_url()}#{comment.anchor}")
    remember_own_comment(request, response, comment.pk)
    if comment.email_confirmed and comment.user_email:
        # This browser proved the address: it is not asked to confirm it again.
        remembered.remember_confirmed(request, response, comment.user_email)
    return response


@csrf_exempt  # as confirm: the signed token is the proof
def mute(request: HttpRequest, token: str) -> HttpResponse:
    """Stop follow-up emails about one article (asks on GET, acts on POST)."""
    if request.method != "POST":
        try:
            tokens.read_mute_token(token)
        except tokens.InvalidToken as exc:
            return _problem(request, str(exc))
        return render(request, "comments/mute.html", {"action": request.path})
    try:
        services.followups_mute(token=token)
    except posting.BadLink as exc:
        return _problem(request, str(exc))
    return render(request, "comments/muted.html")


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A refused form security token: say so plainly and hand back the reader's text."""
    try:
        submitted = request.POST.get("comment", "")
    except Exception:
        submitted = ""
    return _problem(
        request,
        "CSRF verification failed: this form's security token was missing or has expired "
        "(are cookies turned on?). Reload the article and send your comment again.",
        status=403,
        submitted_text=submitted,
    )

"""Reader pages around the cached article: permalinks, whole threads, a form page for readers
without JavaScript, and the CSRF token that cached pages fetch on demand."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.middleware.csrf import get_token
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from comments.discussion import comment_form_for
from comments.models import Status, TribuneComment
from comments.selectors import comment_page_url
from comments.targets import TargetRejected, resolve_target
from comments.thread_pages import thread_discussion


def _visible_comment(request: HttpRequest, comment_id: int) -> TribuneComment:
    from comments.own_comments import own_comment_ids

    comment = (
        TribuneComment.objects.filter(pk=comment_id)
        .visible_to(getattr(request, "user", None), own_comment_ids(request))
        .first()
    )
    target = comment.content_object if comment is not None else None
    # Nothing about an unpublished or private article: not its address, not its title.
    if target is None or not target.accepts_comments():
        raise Http404("No such comment.")
    return comment


def permalink(request: HttpRequest, comment_id: int) -> HttpResponse:
    """/c/<id>/: the page of the discussion that holds the comment, at its anchor."""
    comment = _visible_comment(request, comment_id)
    if comment.status == Status.REMOVED:
        raise Http404("This comment was removed.")
    return redirect(comment_page_url(comment, request))


def thread(request: HttpRequest, comment_id: int) -> HttpResponse:
    """A whole thread, page by page, for threads too long to show in full on the article."""
    root = _visible_comment(request, comment_id)
    if root.thread_id != root.pk:
        return redirect("comments-thread", root.thread_id)
    discussion = thread_discussion(root, request, page=request.GET.get("page"))
    context = {"discussion": discussion, "target": discussion.target}
    context["back_url"] = comment_page_url(root, request)
    return render(request, "comments/thread.html", context)


def write(request: HttpRequest, content_type: str, object_pk: str) -> HttpResponse:
    """The comment form on a page of its own (never cached), for readers without JavaScript."""
    try:
        target = resolve_target(content_type, object_pk)
    except TargetRejected as exc:
        raise Http404(str(exc)) from exc
    form = comment_form_for(target, user=request.user)
    return render(request, "comments/write.html", {"target": target, "form": form})


@never_cache
@require_safe
def csrf_token(request: HttpRequest) -> JsonResponse:
    """A CSRF token (and its cookie) for the comment form of a cached page."""
    return JsonResponse({"token": get_token(request)})

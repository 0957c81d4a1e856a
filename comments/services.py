"""Smaller things readers and moderators do: report a comment, mute follow-ups, block an
author, reply as the publication. Posting lives in comments.posting; every status change goes
through comments.transitions."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from wagtail.models import Site

from comments import tokens
from comments.models import Status, TribuneComment, author_name_fields
from comments.moderation.facts import article_settings
from comments.moderation.site_settings import ModerationSettings, current_policy
from comments.posting import BadLink
from comments.sanitizer import sanitize
from comments.transitions import comment_create


def followups_mute(*, token: str) -> int:
    """Stop follow-up emails about one article to the address in a mute link."""
    try:
        content_type_id, object_pk, digest = tokens.read_mute_token(token)
    except tokens.InvalidToken as exc:
        raise BadLink(str(exc)) from exc
    following = TribuneComment.objects.filter(
        content_type_id=content_type_id, object_pk=object_pk, followup=True
    ).values_list("pk", "user_email")
    ids = [pk for pk, email in following if tokens.email_digest(email) == digest]
    return TribuneComment.objects.filter(pk__in=ids).update(followup=False)


def comment_flag(*, comment: TribuneComment, user, reason: str = "other") -> bool:
    """A signed-in reader reports a comment (comments.readers.reports, which any reader uses).

    Returns True when this report sent the comment back to moderation; a second report by the
    same reader changes nothing.
    """
    from comments.readers.reports import ReportRefused, comment_report

    try:
        return comment_report(comment=comment, user=user, ip=None, reason=reason)
    except ReportRefused:
        return False


def author_block(*, comment: TribuneComment, what: str) -> str:
    """Add the comment's email address or IP address to the site's blocklist."""
    entry = {"email": comment.user_email, "ip": comment.ip_address}.get(what)
    if not entry:
        raise ValueError("This comment has no such address to block.")
    with transaction.atomic():
        settings = ModerationSettings.for_site(Site.objects.get(is_default_site=True))
        entries = settings.blocklist.splitlines()
        if entry.lower() not in {line.strip().lower() for line in entries}:
            settings.blocklist = "\n".join([*filter(None, (e.strip() for e in entries)), entry])
            settings.save(update_fields=["blocklist"])
    return entry


def comment_reply_as_staff(*, parent: TribuneComment, user, text: str) -> TribuneComment:
    """Reply as the publication: marked as staff, published at once, recorded."""
    html = sanitize(text)
    if not html.strip():
        raise ValueError("Write a reply first.")
    if parent.status != Status.APPROVED:
        raise ValueError("Approve the comment before replying to it.")
    target = parent.content_object
    if target is None:
        raise ValueError("The article of this comment no longer exists.")
    reply = TribuneComment(
        content_type_id=parent.content_type_id,
        object_pk=parent.object_pk,
        site_id=parent.site_id,
        user=user,
        **author_name_fields(user.get_full_name() or user.get_username()),
        user_email=user.email,
        comment=text,
        comment_html=html,
        submit_date=timezone.now(),
        is_staff_reply=True,
    )
    # Replies at the depth limit go beside the comment, under its parent.
    depth = article_settings(target).effective_depth(current_policy())
    while parent.level >= depth and parent.parent_id != parent.pk:
        parent = TribuneComment.objects.get(pk=parent.parent_id)
    return comment_create(
        comment=reply, parent=parent, status=Status.APPROVED, actor=user, reason="staff_reply"
    )

"""Bring one article's exported comments in, threads and statuses kept (WordPress and Disqus).

Comments enter as the project requires: built unsaved, given their first status by
comments.transitions, placed in their threads (parents before children, oldest first) and
written by comments.threads.insert_comments_bulk, an article's at once, each recorded as a
decision with the reason "imported". No email is sent: they are history, so followers are
marked as already told. Comments imported before are brought up to date by
blog.importers.comment_updates.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from datetime import UTC, datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db.models.functions import Lower
from django.utils import timezone

from blog.importers.comment_updates import (
    EMAIL_MAX,
    FULL_NAME_MAX,
    URL_MAX,
    refresh_known,
)
from blog.importers.mapping import Mapping
from blog.importers.summary import Summary
from comments.models import CommentType, TribuneComment, author_name_fields
from comments.moderation.facts import thread_depth_limit
from comments.moderation.record import latest_decision_fields, record_actions_bulk
from comments.moderation.site_settings import current_policy
from comments.sanitizer import MAX_INPUT_CHARS, sanitize
from comments.sanitizer_report import describe_removed_markup
from comments.signals import announce_discussion_changed
from comments.threads import insert_comments_bulk
from comments.transitions import VERDICT_FOR_STATUS, comment_set_initial_status


@dataclass
class IncomingComment:
    """A comment as an export describes it, before it becomes a TribuneComment."""

    source_id: str
    parent_id: str  # "" or "0" for a top-level comment
    name: str
    email: str
    url: str
    ip: str
    date: datetime | None
    status: str
    type: str
    text: str
    where: str  # "item 12 (line 340)" for messages

    @property
    def sort_key(self) -> tuple:
        moment = self.date or datetime.max.replace(tzinfo=UTC)
        return (moment, int(self.source_id) if self.source_id.isdigit() else 0, self.source_id)


def import_comments(
    *,
    target,
    incoming: list[IncomingComment],
    mapping: Mapping,
    summary: Summary,
    origin: str,
) -> None:
    """Create the comments not imported before, in thread order, and bring those imported
    before up to date. Run inside the article's transaction."""
    known = mapping.ids("comment", [c.source_id for c in incoming])
    by_id = {c.source_id: c for c in incoming}
    changed = refresh_known(incoming, known, summary, origin)
    new = [c for c in incoming if c.source_id not in known]
    created: list[tuple[str, TribuneComment]] = []
    if new:
        placer = _Placer(target, known, summary, origin, [c.email for c in new])
        for comment in _thread_order(incoming, by_id, known, summary):
            if comment.source_id not in known:
                placer.place(comment, by_id)
        placer.store()
        created = placer.created
        mapping.remember_many("comment", created)
        summary.count("comment", "created", len(created))
    if created or changed:  # the article's cached copies are out of date
        announce_discussion_changed(
            content_type_id=ContentType.objects.get_for_model(target).pk,
            object_pk=str(target.pk),
            comment_ids=[*changed, *(c.pk for _, c in created)],
            cause="imported",
        )


def _thread_order(incoming, by_id, known, summary) -> list[IncomingComment]:
    """Parents before children, each level oldest first; parents may come in any file order."""
    children: dict[str, list[IncomingComment]] = {}
    roots: list[IncomingComment] = []
    for comment in incoming:
        parent = comment.parent_id
        if parent in ("", "0") or parent == comment.source_id:
            roots.append(comment)
        elif parent in by_id:
            children.setdefault(parent, []).append(comment)
        else:
            if comment.source_id not in known:
                summary.warn(
                    "missing_parent",
                    f"comment {comment.source_id} in {comment.where}: its parent {parent} is "
                    "not in the export; imported as a top-level comment",
                )
            comment.parent_id = "0"
            roots.append(comment)
    ordered: list[IncomingComment] = []
    seen: set[str] = set()

    def walk(node: IncomingComment) -> None:
        stack = [node]
        while stack:
            current = stack.pop()
            if current.source_id in seen:
                continue
            seen.add(current.source_id)
            ordered.append(current)
            kids = sorted(children.get(current.source_id, []), key=lambda c: c.sort_key)
            stack.extend(reversed(kids))

    for root in sorted(roots, key=lambda c: c.sort_key):
        walk(root)
    for comment in sorted(incoming, key=lambda c: c.sort_key):
        if comment.source_id not in seen:  # a cycle of parents: break it at its oldest
            summary.warn(
                "missing_parent",
                f"comment {comment.source_id} in {comment.where}: "
                "its parents form a loop; imported as a top-level comment",
            )
            comment.parent_id = "0"
            walk(comment)
    return ordered


class _Placer:
    """Stores new comments one by one, under the right parent, within the depth limit."""

    def __init__(self, target, known: dict[str, int], summary: Summary, origin: str, emails):
        self.target = target
        self.summary = summary
        self.origin = origin
        self.content_type = ContentType.objects.get_for_model(target)
        self.max_level = thread_depth_limit(target, current_policy())
        self.known = known
        self.stored: dict[str, TribuneComment] = {}
        self.by_pk: dict[int, TribuneComment] = {}
        self.created: list[tuple[str, TribuneComment]] = []
        self.placements: list[tuple[TribuneComment, TribuneComment | None]] = []
        self.notes: list[str] = []
        self.users = _users_by_email(emails)

    def place(self, incoming: IncomingComment, by_id) -> None:
        """Build the comment and choose its parent; it is stored later, with the others."""
        parent = self._stored(incoming.parent_id)
        attach_to, replied_to = self._within_limit(parent)
        comment = self._build(incoming)
        if replied_to is not None:
            comment.in_reply_to_name = replied_to.display_name
        comment._import_parent = attach_to
        comment.level = 0 if attach_to is None else attach_to.level + 1
        note = _note(incoming, self.origin)
        for name, value in latest_decision_fields("imported", note).items():
            setattr(comment, name, value)
        self.stored[incoming.source_id] = comment
        self.placements.append((comment, attach_to))
        self.notes.append(note)
        self.created.append((incoming.source_id, comment))

    def store(self) -> None:
        """Write every placed comment at once, each with its recorded decision."""
        store_comments(self.placements, self.notes)

    def _stored(self, source_id: str) -> TribuneComment | None:
        if source_id in ("", "0"):
            return None
        if source_id in self.stored:
            return self.stored[source_id]
        pk = self.known.get(source_id)
        found = TribuneComment.objects.filter(pk=pk).first() if pk else None
        if found is not None:
            self.stored[source_id] = self.by_pk[found.pk] = found
        return found

    def _within_limit(self, parent):
        """(where the reply goes, whom it answered when that is not where it goes)."""
        if parent is None or parent.level < self.max_level:
            return parent, None
        ancestor = parent
        while ancestor is not None and ancestor.level > self.max_level - 1:
            ancestor = self._parent_of(ancestor)
        return ancestor, parent

    def _parent_of(self, comment: TribuneComment) -> TribuneComment | None:
        if comment.pk is None:  # placed in this run, not stored yet
            return comment._import_parent
        if comment.parent_id in (None, comment.pk):
            return None
        if comment.parent_id not in self.by_pk:
            self.by_pk[comment.parent_id] = TribuneComment.objects.get(pk=comment.parent_id)
        return self.by_pk[comment.parent_id]

    def _build(self, incoming: IncomingComment) -> TribuneComment:
        where = f"comment {incoming.source_id} in {incoming.where}"
        name = incoming.name or "Anonymous"
        if len(name) > FULL_NAME_MAX:
            self.summary.warn("long_name", f"{where}: name cut at {FULL_NAME_MAX} characters")
        url = incoming.url
        if len(url) > URL_MAX:
            self.summary.warn("long_url", f"{where}: website address longer than {URL_MAX}")
            url = ""
        text = incoming.text
        if len(text) > MAX_INPUT_CHARS:
            self.summary.warn("long_comment", f"{where}: text cut at {MAX_INPUT_CHARS} characters")
            text = text[:MAX_INPUT_CHARS]
        if incoming.date is None:
            self.summary.warn("missing_date", f"{where}: no date; dated now")
        user = self.users.get(incoming.email.lower()) if incoming.email else None
        comment = TribuneComment(
            content_type=self.content_type,
            object_pk=str(self.target.pk),
            site_id=settings.SITE_ID,
            user=user,
            **author_name_fields(name),
            user_email=incoming.email[:EMAIL_MAX],
            user_url=url,
            ip_address=_ip(incoming.ip, self.summary, where),
            submit_date=incoming.date or timezone.now(),
            comment=text,
            comment_html=sanitize(text),
            comment_type=incoming.type,
            followers_notified=True,
            email_confirmed=user is not None,
        )
        return comment_set_initial_status(comment, status=incoming.status)


def store_comments(placements: list[tuple[TribuneComment, TribuneComment | None]], notes) -> None:
    """The one place imported comments are written: in bulk, parents first, each with the
    decision that brought it in (they already carry it as their latest)."""
    insert_comments_bulk(placements)
    record_actions_bulk(
        [
            (comment, VERDICT_FOR_STATUS[comment.status], note)
            for (comment, _), note in zip(placements, notes, strict=True)
        ],
        reason="imported",
    )


def _note(incoming: IncomingComment, origin: str) -> str:
    removed = describe_removed_markup(incoming.text)
    note = f"Imported from {origin} (comment {incoming.source_id})."
    if removed:
        note += " The sanitizer removed: " + ", ".join(removed) + "."
    return note


def _ip(value: str, summary: Summary, where: str) -> str | None:
    if not value:
        return None
    try:
        return str(ipaddress.ip_address(value))
    except ValueError:
        summary.warn("bad_ip", f"{where}: {value[:60]!r} is not an IP address; left out")
        return None


def _users_by_email(emails) -> dict:
    wanted = {e.lower() for e in emails if e}
    if not wanted:
        return {}
    users = get_user_model().objects.annotate(email_lower=Lower("email"))
    found = users.filter(email_lower__in=wanted, is_active=True).order_by("pk")
    result: dict = {}
    for user in found:
        result.setdefault(user.email_lower, user)
    return result


def comment_type(value: str) -> str:
    """WordPress's comment_type ('', 'comment', 'pingback', 'trackback', others) for Tribune."""
    if value in (CommentType.PINGBACK, CommentType.TRACKBACK):
        return value
    return CommentType.COMMENT

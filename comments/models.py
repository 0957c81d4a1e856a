"""Tribune's comment (django-comments-xtd's threaded comment plus status and sanitized HTML),
and the append-only record of every moderation decision."""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django_comments.abstracts import CommentAbstractModel
from django_comments_xtd.models import XtdComment, XtdCommentManager

from comments.append_only import AppendOnly
from comments.moderation.site_settings import ModerationSettings  # noqa: F401  (registers it)
from comments.moderation.types import Verdict


class Status(models.TextChoices):
    UNCONFIRMED = "unconfirmed", "Awaiting email confirmation"
    HELD = "held", "Awaiting moderation"
    APPROVED = "approved", "Approved"
    SPAM = "spam", "Spam"
    REMOVED = "removed", "Removed"


PATH_DIGITS = 12  # one zero-padded id per level: digits sort the same under every collation


def path_segment(comment_id: int) -> str:
    """One level of a thread path: the comment's own id, zero-padded."""
    return f"{comment_id:0{PATH_DIGITS}d}"


class ThreadPathField(models.TextField):
    """A comment's place in its thread: its ancestors' ids and its own, so that ordering by it
    gives each thread depth-first. Filled in the INSERT itself, once the id is known: the
    prefix (the parent's path) is left on the instance by comments.threads.insert_comment."""

    def pre_save(self, model_instance, add):
        value = getattr(model_instance, self.attname)
        if not value and model_instance.pk is not None:
            prefix = getattr(model_instance, "_thread_path_prefix", "")
            value = prefix + path_segment(model_instance.pk)
            setattr(model_instance, self.attname, value)
        return value


class CommentType(models.TextChoices):
    COMMENT = "comment", "Comment"
    PINGBACK = "pingback", "Pingback"
    TRACKBACK = "trackback", "Trackback"


def reader_comment_types() -> list[str]:
    """Pingbacks and trackbacks (imported from WordPress) are hidden unless the site shows them."""
    if getattr(settings, "COMMENTS_SHOW_PINGBACKS", False):
        return list(CommentType.values)
    return [CommentType.COMMENT]


def author_name_fields(name: str) -> dict[str, str]:
    """A name for a new comment: django-comments' user_name holds its first 50 characters,
    author_name the whole name (up to 255, WordPress's limit) when it is longer."""
    short = CommentAbstractModel._meta.get_field("user_name").max_length
    name = name[: TribuneComment._meta.get_field("author_name").max_length]
    return {"user_name": name[:short], "author_name": name if len(name) > short else ""}


class TribuneCommentQuerySet(models.QuerySet):
    def for_target(self, target: models.Model) -> TribuneCommentQuerySet:
        """Comments attached to one object (an article)."""
        content_type = ContentType.objects.get_for_model(target)
        return self.filter(content_type=content_type, object_pk=str(target.pk))

    def published(self) -> TribuneCommentQuerySet:
        """Comments every reader may see."""
        return self.filter(status=Status.APPROVED, comment_type__in=reader_comment_types())

    def in_thread_order(self) -> TribuneCommentQuerySet:
        """Order threads oldest first, each reply right after its parent's earlier replies."""
        return self.order_by("thread_path")

    def visible_to(self, user=None, own_ids=()) -> TribuneCommentQuerySet:
        """Published and removed comments (removed ones show as placeholders when they have
        replies), plus a reader's own held comments, which only that reader sees."""
        return self.filter(visible_filter(user, own_ids))


def visible_filter(user=None, own_ids=()) -> Q:
    """The condition of TribuneCommentQuerySet.visible_to, for aggregates that need it as one."""
    visible = Q(status__in=[Status.APPROVED, Status.REMOVED])
    pending = Q(status__in=[Status.HELD, Status.SPAM])
    own = Q(pk__in=list(own_ids))
    if user is not None and user.is_authenticated:
        own |= Q(user_id=user.pk)
    return (visible | (pending & own)) & Q(comment_type__in=reader_comment_types())


class TribuneCommentManager(XtdCommentManager.from_queryset(TribuneCommentQuerySet)):
    pass


class TribuneComment(XtdComment):
    """A reader's comment: the submitted text in `comment`, its safe rendering in `comment_html`.

    `status` is the source of truth; django-comments' `is_public` and `is_removed` follow it
    (see comments.services) so that xtd's and django-comments' own tools read it correctly.
    """

    comment_html = models.TextField(
        blank=True, editable=False, help_text="Sanitized HTML rendered to readers."
    )
    status = models.CharField(
        max_length=20, choices=Status.choices, default=Status.APPROVED, db_index=True
    )
    user_agent = models.CharField(max_length=500, blank=True, default="")
    # A copy of the latest decision's reason, so that listings can show and filter it
    # without a query per row; ModerationDecision stays the record.
    moderation_reason = models.CharField(max_length=40, blank=True, db_index=True)
    moderation_summary = models.CharField(max_length=300, blank=True)
    followers_notified = models.BooleanField(
        default=False, help_text="Followers of the discussion were told about this comment."
    )
    notify_decision = models.BooleanField(
        default=False, help_text="The author asked to hear whether the comment is published."
    )
    email_confirmed = models.BooleanField(
        default=False,
        help_text="The address is the author's account's, or they confirmed it from an email: "
        "only such addresses get follow-up and decision emails.",
    )
    browser_digest = models.CharField(
        max_length=32,
        blank=True,
        editable=False,
        help_text="A keyed digest of the posting browser's form-security cookie: the same post "
        "sent again from that browser is led to this comment, and from no other browser.",
    )
    is_staff_reply = models.BooleanField(
        default=False, help_text="Written by the publication's staff."
    )
    comment_type = models.CharField(
        max_length=20,
        choices=CommentType.choices,
        default=CommentType.COMMENT,
        db_index=True,
        help_text="Pingbacks and trackbacks come from imports and are hidden from readers.",
    )
    # django-comments' user_name column holds 50 characters; WordPress allows 255. A longer
    # name (imports) is kept whole here and user_name keeps its first 50 for xtd's tools.
    author_name = models.CharField(
        max_length=255,
        blank=True,
        help_text="The author's whole name when it is longer than the name column.",
    )
    in_reply_to_name = models.CharField(
        max_length=255,
        blank=True,
        help_text="Whom an imported reply answered, when it was deeper than the depth limit "
        "and now sits at the limit.",
    )
    # Readers see "edited by a moderator"; the CommentRevision rows say who changed what.
    redacted_at = models.DateTimeField(
        null=True, blank=True, editable=False, help_text="Last edited by a moderator."
    )
    # Readers see "edited" with this time; CommentRevision rows keep every version.
    edited_at = models.DateTimeField(
        null=True, blank=True, editable=False, help_text="Last edited by its author."
    )
    withdrawn = models.CharField(
        max_length=10,
        blank=True,
        default="",
        choices=[("author", "Deleted by its author"), ("erased", "Erased at its author's request")],
        editable=False,
        help_text="Taken back by its author: never restored by moderators.",
    )

    # Replaces xtd's `order` (which a reply made O(thread size) to maintain); see comments.threads.
    thread_path = ThreadPathField(unique=True, editable=False)

    objects = TribuneCommentManager()

    class Meta:
        verbose_name = "comment"
        verbose_name_plural = "comments"
        indexes = [
            # The followers' sweep (comments.tasks.notify_pending_followers) reads only the
            # few comments waiting for it, never the table (migration 0017).
            models.Index(
                fields=["xtdcomment_ptr"],
                condition=Q(status=Status.APPROVED, followers_notified=False),
                name="tribune_comment_followers_due",
            )
        ]

    def save(self, *args, **kwargs) -> None:
        # Thread placement happens in comments.threads under a row lock; xtd's own
        # placement in XtdComment.save is racy, so it is skipped here on purpose.
        CommentAbstractModel.save(self, *args, **kwargs)

    def _save_table(self, raw=False, cls=None, *args, **kwargs):
        # A new thread's root is its own thread and parent: set between django-comments'
        # INSERT (which gives the id) and xtd's, it needs no UPDATE (threads.insert_comment).
        if cls is XtdComment and getattr(self, "_thread_root", False):
            self.thread_id = self.parent_id = self.comment_ptr_id
        return super()._save_table(raw, cls, *args, **kwargs)

    @property
    def display_name(self) -> str:
        """The author's name as readers and moderators see it: whole, however long."""
        return self.author_name or self.user_name

    @property
    def anchor(self) -> str:
        """The fragment id that permalinks point at."""
        return f"c{self.pk}"

    @property
    def awaiting_moderation(self) -> bool:
        """Held or judged spam: the author is told it awaits moderation, either way."""
        return self.status in {Status.HELD, Status.SPAM}


class DecisionQuerySet(models.QuerySet):
    def for_comment(self, comment: TribuneComment) -> DecisionQuerySet:
        return self.filter(comment=comment).order_by("created_at", "pk")


class ModerationDecision(AppendOnly):
    """One decision on one comment (or on a refused submission); never changed afterwards."""

    comment = models.ForeignKey(
        TribuneComment,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="decisions",
        help_text="Empty when the submission was refused and nothing was stored.",
    )
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_pk = models.CharField(max_length=64)
    verdict = models.CharField(max_length=20, choices=Verdict.choices, db_index=True)
    reasons = models.JSONField(default=list, help_text="Reason codes of the rules that decided.")
    summary = models.TextField(blank=True, help_text="The decision in plain words.")
    trace = models.JSONField(default=list, help_text="Every rule evaluated, with its evidence.")
    policy = models.JSONField(default=dict, help_text="The policy values in force.")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The moderator who acted; empty when the pipeline decided.",
    )
    stage = models.CharField(
        max_length=20,
        help_text="When it was decided: posting, confirmation, flagging or moderation.",
    )
    note = models.TextField(blank=True, help_text="The moderator's reason, if given.")
    author_email = models.EmailField(blank=True, max_length=254)
    ip_address = models.GenericIPAddressField(null=True, blank=True, unpack_ipv4=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    objects = DecisionQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_verdict_display()} ({', '.join(self.reasons) or 'no reason'})"


class OutgoingEmail(models.Model):
    """An email waiting to be sent: written in the same transaction as what caused it, so a
    failing or slow mail server neither loses it nor holds up the request."""

    class State(models.TextChoices):
        PENDING = "pending", "Pending"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed for good"

    to = models.EmailField(max_length=254)
    subject = models.CharField(max_length=300)
    body = models.TextField()
    state = models.CharField(
        max_length=10, choices=State.choices, default=State.PENDING, db_index=True
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(default=timezone.now, db_index=True)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.subject} → {self.to} ({self.state})"


class NotificationPreference(models.Model):
    """How a moderator or author hears about comments held for moderation."""

    class Frequency(models.TextChoices):
        IMMEDIATE = "immediate", "An email for each held comment"
        DAILY = "daily", "One daily digest"
        OFF = "off", "No emails"

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="comment_notifications"
    )
    frequency = models.CharField(
        "held comments",
        max_length=10,
        choices=Frequency.choices,
        default=Frequency.IMMEDIATE,
        help_text="How to hear about comments waiting for moderation.",
    )
    last_digest_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.user}: {self.get_frequency_display()}"


class SpamModelVersion(models.Model):
    """One trained spam model (comments.moderation.spam_model), kept so every score names it."""

    version = models.CharField(max_length=40, unique=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    active = models.BooleanField(default=True, help_text="The newest active model scores comments.")
    model = models.JSONField(help_text="Prior and per-feature weights.")
    metrics = models.JSONField(
        default=dict, help_text="Precision and recall on the newest decisions, held out by time."
    )
    trained_on = models.JSONField(default=dict, help_text="How many examples of each class.")

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"Spam model {self.version}"


# Models of their own modules, imported here so that Django registers them with the app.
from comments.accounts import AccountSanction  # noqa: E402, F401
from comments.claims import PostingClaim  # noqa: E402, F401
from comments.discussion_settings import DiscussionSettings  # noqa: E402, F401
from comments.readers.models import (  # noqa: E402, F401
    CommentReport,
    PrivacyAction,
    ReaderSettings,
)
from comments.revisions import CommentRevision  # noqa: E402, F401

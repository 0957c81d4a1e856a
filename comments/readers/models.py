"""What Tribune records about readers' own actions: reports on comments, the reader settings
of the site, and the log of privacy actions (downloads, erasures, retention sweeps)."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting

from comments.append_only import AppendOnly


class ReportReason(models.TextChoices):
    SPAM = "spam", "Spam"
    ABUSE = "abuse", "Abuse or harassment"
    OFF_TOPIC = "off_topic", "Off-topic"
    PERSONAL_DATA = "personal_data", "Personal data"
    OTHER = "other", "Something else"


class CommentReport(models.Model):
    """One reader's report on one comment. A reader (an account, or for a guest a keyed digest
    of their address) reports a comment once: the threshold counts distinct reporters."""

    comment = models.ForeignKey(
        "comments.TribuneComment", on_delete=models.CASCADE, related_name="reports"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # "user:<id>" or "guest:<digest of the address>": never the address itself.
    reporter_key = models.CharField(max_length=80)
    reason = models.CharField(max_length=20, choices=ReportReason.choices)
    details = models.CharField(max_length=1000, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True, unpack_ipv4=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        app_label = "comments"
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["comment", "reporter_key"], name="one_report_per_reader_and_comment"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_reason_display()} on comment {self.comment_id}"

    @property
    def reporter_label(self) -> str:
        """Who reported, for moderators: the account's name, or "a guest"."""
        if self.user_id and self.user is not None:
            return self.user.get_username()
        return "a guest" if self.reporter_key.startswith("guest:") else "a deleted account"


@register_setting(icon="user")
class ReaderSettings(BaseSiteSetting):
    """Settings → Reader accounts: what readers may do with their own comments, and how long
    their addresses are kept."""

    edit_window_minutes = models.PositiveSmallIntegerField(
        "edit window",
        default=settings.TRIBUNE_EDIT_WINDOW_MINUTES,
        validators=[MaxValueValidator(24 * 60)],
        help_text="Minutes after posting during which an author may edit a comment; 0 turns "
        "editing off. Deleting stays possible at any time.",
    )
    retention_days = models.PositiveSmallIntegerField(
        "keep IP addresses and browsers for",
        default=settings.TRIBUNE_RETENTION_DAYS,
        validators=[MinValueValidator(1), MaxValueValidator(3650)],
        help_text="Days after which a comment's IP address and user agent are removed "
        "(manage.py purge_personal_data, run daily by the scheduler).",
    )

    panels = [FieldPanel("edit_window_minutes"), FieldPanel("retention_days")]

    class Meta:
        app_label = "comments"
        verbose_name = "reader accounts"


class PrivacyAction(AppendOnly):
    """A privacy action, recorded for moderators without the data it concerned."""

    class Kind(models.TextChoices):
        EXPORT = "export", "Downloaded their data"
        ERASE = "erase", "Erased their comments"
        DELETE_ACCOUNT = "delete_account", "Deleted their account"
        RETENTION = "retention", "Removed old IP addresses and user agents"
        LINK_SENT = "link_sent", "Asked for a link by email"

    kind = models.CharField(max_length=20, choices=Kind.choices, db_index=True)
    # "user:<id>", "guest:<digest of the address>" or "scheduler".
    subject = models.CharField(max_length=80)
    comment_count = models.PositiveIntegerField(default=0)
    # The emailed link this action used, so that a link works once.
    link_nonce = models.CharField(max_length=40, null=True, blank=True, unique=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        app_label = "comments"
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.subject}, {self.comment_count} comments)"

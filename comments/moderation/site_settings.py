"""The site's moderation settings: a Wagtail site setting editors change in the admin."""

from __future__ import annotations

import ipaddress
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting

from comments.moderation.types import DiscussionMode, PolicySnapshot
from comments.replay_panel import ReplayPreviewPanel
from comments.row_cache import cached_row, forget_row


def _lines(text: str) -> tuple[str, ...]:
    """The non-empty, stripped lines of a one-entry-per-line text field."""
    return tuple(line.strip() for line in text.splitlines() if line.strip())


def validate_blocklist(text: str) -> None:
    """Each line must be an email address, a domain, an IP address or a CIDR range."""
    bad = [entry for entry in _lines(text) if not _is_blocklist_entry(entry)]
    if bad:
        raise ValidationError(
            "Not an email address, domain, IP address or CIDR range: %(entries)s",
            params={"entries": ", ".join(bad[:5])},
        )


def _is_blocklist_entry(entry: str) -> bool:
    if "@" in entry:
        return entry.count("@") == 1 and "." in entry.rpartition("@")[2]
    try:
        ipaddress.ip_network(entry, strict=False)
        return True
    except ValueError:
        return "." in entry and " " not in entry


@register_setting(icon="comment")
class ModerationSettings(BaseSiteSetting):
    """How comments are moderated on this site; changes apply to the next comment posted."""

    default_policy = models.CharField(
        "discussion policy",
        max_length=20,
        choices=[c for c in DiscussionMode.choices if c[0] != DiscussionMode.INHERIT],
        default=DiscussionMode.OPEN,
        help_text="What articles set to 'Inherit the site policy' do with new comments.",
    )
    close_after_days = models.PositiveIntegerField(
        default=0,
        help_text="Close comments this many days after an article is first published; 0 never closes.",
    )
    max_thread_depth = models.PositiveSmallIntegerField(
        default=3,
        validators=[MinValueValidator(0)],
        help_text="How deep replies may nest: 0 allows no replies, 3 allows reply to reply to reply.",
    )
    threads_per_page = models.PositiveSmallIntegerField(
        "comment threads per page",
        default=50,
        validators=[MinValueValidator(1)],
        help_text="Top-level comments (each with its replies) shown per page of a discussion.",
    )
    newest_threads_first = models.BooleanField(
        default=False,
        help_text="Show the newest top-level comments first (replies stay oldest first).",
    )
    premoderate_new_commenters = models.BooleanField(
        default=True,
        help_text="Hold a comment when its author (by email or account) has no approved comment yet.",
    )
    min_seconds_to_submit = models.PositiveIntegerField(
        default=3,
        help_text="Treat a comment sent sooner than this after the form was shown as spam (bots "
        "fill forms instantly); 0 turns the check off.",
    )
    flood_max_comments = models.PositiveIntegerField(
        default=5,
        help_text="Refuse a comment when the same IP address or email already posted this many "
        "within the flood window; 0 turns the check off.",
    )
    flood_window_minutes = models.PositiveIntegerField(
        default=10, help_text="The flood window, in minutes."
    )
    duplicate_window_minutes = models.PositiveIntegerField(
        default=60 * 24,
        help_text="A comment with the same text by the same author on the same article within "
        "this many minutes is not stored again: the reader is led to the first.",
    )
    link_limit = models.PositiveIntegerField(
        default=2,
        help_text="Hold a comment with this many links or more (links to this site do not "
        "count); 0 turns the check off.",
    )
    hold_removed_markup = models.BooleanField(
        default=True,
        help_text="Hold a comment when the sanitizer had to remove markup from it (a script, "
        "an event handler, a javascript: link).",
    )
    flag_threshold = models.PositiveIntegerField(
        default=3,
        help_text="Return a published comment to the moderation queue once this many different "
        "readers have flagged it; 0 never does.",
    )
    moderation_words = models.TextField(
        blank=True,
        help_text="One word or phrase per line. A comment containing one, in its text, name, "
        "email, website, IP address or browser, is held for moderation. Matching ignores case "
        "and works on whole words.",
    )
    disallowed_words = models.TextField(
        blank=True,
        help_text="One word or phrase per line. A comment containing one, anywhere (as above), "
        "is treated as spam.",
    )
    blocklist = models.TextField(
        blank=True,
        validators=[validate_blocklist],
        help_text="One entry per line: an email address (reader@example.com), an email domain "
        "(@example.com or example.com), an IP address (203.0.113.7) or a range "
        "(203.0.113.0/24). Comments from them are treated as spam.",
    )
    spam_hold_above = models.FloatField(
        "hold when the spam score is above",
        default=0.8,
        validators=[MinValueValidator(0), MaxValueValidator(1)],
        help_text="The site's own spam model (trained on your decisions; off until enough exist) "
        "scores each comment from 0 to 1. Hold it above this score; 0 turns holding off.",
    )
    spam_mark_above = models.FloatField(
        "treat as spam when the spam score is above",
        default=0,
        validators=[MinValueValidator(0), MaxValueValidator(1)],
        help_text="Treat a comment as spam above this score; 0 turns it off.",
    )

    panels = [
        MultiFieldPanel(
            [
                FieldPanel("default_policy"),
                FieldPanel("close_after_days"),
                FieldPanel("max_thread_depth"),
                FieldPanel("threads_per_page"),
                FieldPanel("newest_threads_first"),
            ],
            "Discussions",
        ),
        MultiFieldPanel(
            [
                FieldPanel("premoderate_new_commenters"),
                FieldPanel("link_limit"),
                FieldPanel("hold_removed_markup"),
                FieldPanel("flag_threshold"),
                FieldPanel("moderation_words"),
            ],
            "Hold for moderation",
        ),
        MultiFieldPanel(
            [
                FieldPanel("min_seconds_to_submit"),
                FieldPanel("disallowed_words"),
                FieldPanel("blocklist"),
                FieldPanel("spam_hold_above"),
                FieldPanel("spam_mark_above"),
            ],
            "Spam",
        ),
        MultiFieldPanel(
            [
                FieldPanel("flood_max_comments"),
                FieldPanel("flood_window_minutes"),
                FieldPanel("duplicate_window_minutes"),
            ],
            "Refuse",
        ),
        ReplayPreviewPanel("comment_desk:preview_policy"),
    ]

    class Meta:
        verbose_name = "comment moderation"

    def snapshot(self) -> PolicySnapshot:
        """The values in force, frozen for one decision."""
        return PolicySnapshot(
            default_policy=self.default_policy,
            close_after_days=self.close_after_days,
            max_thread_depth=self.max_thread_depth,
            premoderate_new_commenters=self.premoderate_new_commenters,
            min_seconds_to_submit=self.min_seconds_to_submit,
            flood_max_comments=self.flood_max_comments,
            flood_window_minutes=self.flood_window_minutes,
            duplicate_window_minutes=self.duplicate_window_minutes,
            link_limit=self.link_limit,
            hold_removed_markup=self.hold_removed_markup,
            flag_threshold=self.flag_threshold,
            moderation_words=_lines(self.moderation_words),
            disallowed_words=_lines(self.disallowed_words),
            blocklist=_lines(self.blocklist),
            own_domains=own_domains(),
            spam_hold_above=self.spam_hold_above,
            spam_mark_above=self.spam_mark_above,
        )


def own_domains() -> tuple[str, ...]:
    """Host names that belong to this site: links to them are not counted as outside links."""
    hosts = {urlsplit(settings.WAGTAILADMIN_BASE_URL).hostname or ""}
    hosts.update(h.lstrip(".") for h in settings.ALLOWED_HOSTS if h not in {"*", ""})
    return tuple(sorted(h.lower() for h in hosts if h))


DEFAULT_ROW_KEY = "tribune:row:moderation-settings:default"


def default_site_settings() -> ModerationSettings | None:
    """The default site's settings row (created with the defaults on first use), from the row
    cache (comments.row_cache): most requests read it, editors rarely change it."""
    from wagtail.models import Site

    def load() -> ModerationSettings | None:
        site = Site.objects.filter(is_default_site=True).first()
        return ModerationSettings.for_site(site) if site is not None else None

    return cached_row(DEFAULT_ROW_KEY, load)


def current_policy(site=None) -> PolicySnapshot:
    """The policy in force now for a site (the default site when none is given)."""
    row = ModerationSettings.for_site(site) if site is not None else default_site_settings()
    if row is None:
        return PolicySnapshot(own_domains=own_domains())
    return row.snapshot()


@receiver(post_save, sender=ModerationSettings, dispatch_uid="tribune-row-moderation-settings")
@receiver(post_delete, sender=ModerationSettings, dispatch_uid="tribune-row-moderation-gone")
@receiver(post_save, sender="wagtailcore.Site", dispatch_uid="tribune-row-site")
@receiver(post_delete, sender="wagtailcore.Site", dispatch_uid="tribune-row-site-gone")
def _forget_default_settings(sender, **kwargs) -> None:
    forget_row(DEFAULT_ROW_KEY)

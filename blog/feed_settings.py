"""The site setting that chooses what feeds carry: whole articles or their summaries."""

from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting


class FeedContent(models.TextChoices):
    FULL = "full", "The whole article"
    SUMMARY = "summary", "The standfirst or opening paragraph"


@register_setting(icon="link")
class FeedSettings(BaseSiteSetting):
    """Settings → Feeds in the Wagtail admin."""

    content = models.CharField(
        "feed content",
        max_length=10,
        choices=FeedContent.choices,
        default=FeedContent.FULL,
        help_text="What each article's entry in the RSS and Atom feeds contains.",
    )

    panels = [FieldPanel("content")]

    class Meta:
        verbose_name = "feeds"

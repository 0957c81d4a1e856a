"""The site's home page, its plain content pages (about, privacy…) and the setting that says
which of them the footer and the comment form link to."""

from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField
from wagtail.models import Page

from blog.listings import with_summaries
from blog.models import BlogIndexPage, BlogPage
from config.routing import FewerRestrictionQueries

LATEST_ARTICLES = 5
CONTENT_FEATURES = ["h2", "h3", "bold", "italic", "link", "ul", "ol"]


class HomePage(FewerRestrictionQueries, Page):
    """The front page: an introduction and the latest articles."""

    intro = RichTextField(blank=True, features=["bold", "italic", "link"])

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    max_count = 1

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["latest_articles"] = with_summaries(
            BlogPage.objects.descendant_of(self)
            .published()
            .select_related("author")[:LATEST_ARTICLES]
        )
        context["blog_index"] = BlogIndexPage.objects.descendant_of(self).live().first()
        return context


class ContentPage(FewerRestrictionQueries, Page):
    """A plain page of text: about, privacy, comment policy, contact."""

    body = RichTextField(features=CONTENT_FEATURES)

    content_panels = [*Page.content_panels, FieldPanel("body")]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = "content page"


@register_setting(icon="list-ul")
class SiteLinks(BaseSiteSetting):
    """Settings → Site links: the pages the footer and the comment form point readers to."""

    about_page = models.ForeignKey(
        "wagtailcore.Page", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    privacy_page = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="What is collected from commenters and for how long.",
    )
    comment_policy_page = models.ForeignKey(
        "wagtailcore.Page", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    panels = [
        FieldPanel("about_page"),
        FieldPanel("privacy_page"),
        FieldPanel("comment_policy_page"),
    ]

    # Every page's footer reads the three pages: one query with the row, not three more.
    select_related = ["about_page", "privacy_page", "comment_policy_page"]

    class Meta:
        verbose_name = "site links"

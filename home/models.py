"""The site's home page."""

from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page

from blog.models import BlogIndexPage, BlogPage

LATEST_ARTICLES = 5


class HomePage(Page):
    """The front page: an introduction and the latest articles."""

    intro = RichTextField(blank=True, features=["bold", "italic", "link"])

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    max_count = 1

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["latest_articles"] = (
            BlogPage.objects.descendant_of(self)
            .published()
            .select_related("author")[:LATEST_ARTICLES]
        )
        context["blog_index"] = BlogIndexPage.objects.descendant_of(self).live().first()
        return context

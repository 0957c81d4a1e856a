"""Articles, the blog index that lists them, and their authors."""

from __future__ import annotations

from django.conf import settings
from django.core.paginator import Paginator
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, MultiFieldPanel, ObjectList, TabbedInterface
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page, PageManager, PageQuerySet
from wagtail.search import index

from blog.blocks import ArticleBodyBlock
from comments.cache import serve_shared
from comments.discussion import discussion_for
from comments.moderation.types import ArticleCommentSettings, DiscussionMode

ARTICLES_PER_PAGE = 10


class Author(models.Model):
    """A person who writes for the publication (a snippet)."""

    name = models.CharField(max_length=255)
    bio = models.TextField(blank=True)
    portrait = models.ForeignKey(
        "wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="author_profiles",
        help_text="The author's account, if they have one: they are told about held comments.",
    )

    panels = [FieldPanel("name"), FieldPanel("bio"), FieldPanel("portrait"), FieldPanel("user")]

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class BlogPageQuerySet(PageQuerySet):
    def published(self) -> BlogPageQuerySet:
        """Live, publicly visible articles, newest first."""
        return self.live().public().order_by("-date", "-first_published_at")


class BlogPageTag(TaggedItemBase):
    content_object = ParentalKey(
        "blog.BlogPage", related_name="tagged_items", on_delete=models.CASCADE
    )


class BlogIndexPage(Page):
    """The list of articles, newest first, paginated."""

    intro = RichTextField(blank=True, features=["bold", "italic", "link"])

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    subpage_types = ["blog.BlogPage"]
    max_count = 1

    def articles(self) -> BlogPageQuerySet:
        return BlogPage.objects.child_of(self).published().select_related("author")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        paginator = Paginator(self.articles(), ARTICLES_PER_PAGE)
        context["articles"] = paginator.get_page(request.GET.get("page"))
        return context


class BlogPage(Page):
    """An article: standfirst, author, publication date, body, tags, and its discussion."""

    standfirst = models.TextField(blank=True, help_text="A sentence or two under the headline.")
    author = models.ForeignKey(
        Author, null=True, blank=True, on_delete=models.SET_NULL, related_name="articles"
    )
    date = models.DateField("Publication date", default=timezone.localdate)
    body = StreamField(ArticleBodyBlock(), blank=True)
    tags = ClusterTaggableManager(through=BlogPageTag, blank=True)
    comment_policy = models.CharField(
        "discussion",
        max_length=20,
        choices=DiscussionMode.choices,
        default=DiscussionMode.INHERIT,
        help_text="Open, pre-moderate every comment, or close comments on this article.",
    )
    comments_close_after_days = models.PositiveIntegerField(
        "close comments after (days)",
        null=True,
        blank=True,
        help_text="Days after first publication; empty uses the site setting, 0 never closes.",
    )
    comment_max_depth = models.PositiveSmallIntegerField(
        "maximum reply depth",
        null=True,
        blank=True,
        help_text="How deep replies may nest here; empty uses the site setting.",
    )

    comment_threads_per_page = models.PositiveSmallIntegerField(
        "comment threads per page",
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text="Top-level comments per page of the discussion; empty uses the site setting.",
    )

    objects = PageManager.from_queryset(BlogPageQuerySet)()

    content_panels = [
        *Page.content_panels,
        FieldPanel("standfirst"),
        MultiFieldPanel([FieldPanel("author"), FieldPanel("date"), FieldPanel("tags")], "Byline"),
        FieldPanel("body"),
    ]
    comment_panels = [
        FieldPanel("comment_policy"),
        FieldPanel("comments_close_after_days"),
        FieldPanel("comment_max_depth"),
        FieldPanel("comment_threads_per_page"),
    ]
    edit_handler = TabbedInterface(
        [
            ObjectList(content_panels, heading="Content"),
            ObjectList(comment_panels, heading="Comments"),
            ObjectList(Page.promote_panels, heading="Promote"),
            ObjectList(Page.settings_panels, heading="Settings"),
        ]
    )
    search_fields = [
        *Page.search_fields,
        index.SearchField("standfirst"),
        index.SearchField("body"),
    ]
    parent_page_types = ["blog.BlogIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = "article"

    def get_absolute_url(self) -> str:
        return self.url

    def accepts_comments(self) -> bool:
        """Readers may comment while the article is live and public."""
        return self.live and not self.get_view_restrictions().exists()

    def comment_settings(self) -> ArticleCommentSettings:
        """The article's 'Comments' tab, as the moderation rules read it."""
        return ArticleCommentSettings(
            policy=self.comment_policy,
            close_after_days=self.comments_close_after_days,
            max_thread_depth=self.comment_max_depth,
            first_published_at=self.first_published_at,
            accepting=self.accepts_comments(),
        )

    def comment_contacts(self) -> list:
        """Accounts to tell about comments held on this article: its author's, if any."""
        if self.author_id and self.author.user_id and self.author.user.is_active:
            return [self.author.user]
        return []

    def comment_page_size(self) -> int | None:
        """Threads per page of this article's discussion, if it overrides the site's."""
        return self.comment_threads_per_page

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["discussion"] = discussion_for(self, request, page=request.GET.get("page"))
        return context

    def serve(self, request, *args, **kwargs):
        # Anonymous readers share one cached copy per page of comments (comments.cache).
        return serve_shared(
            self, request, lambda: super(BlogPage, self).serve(request, *args, **kwargs)
        )

"""Articles, the blog index that lists them, and their authors."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q, prefetch_related_objects
from django.shortcuts import redirect
from django.utils import timezone
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, MultiFieldPanel, ObjectList, TabbedInterface
from wagtail.contrib.routable_page.models import RoutablePageMixin, path, re_path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page, PageManager, PageQuerySet, PageViewRestriction
from wagtail.search import index

from blog import feeds, listings
from blog.authors import Author, unique_author_slug  # noqa: F401  (Author is a model of this app)
from blog.blocks import ArticleBodyBlock
from blog.comment_target import load_article
from blog.feed_settings import FeedSettings  # noqa: F401  (registers the site setting)
from blog.importers.mapping import ImportedObject  # noqa: F401  (the import mapping table)
from blog.sitemap import sitemap_lastmod
from comments.cache import serve_shared
from comments.desk.editor_panel import DiscussionSettingsPanel
from comments.discussion import discussion_for
from comments.discussion_settings import discussion_settings_for
from comments.moderation.types import ArticleCommentSettings
from config.routing import FewerRestrictionQueries, any_view_restriction

ARTICLES_PER_PAGE = listings.ARTICLES_PER_PAGE
# Sub-pages of the blog index that would hide an article with the same slug.
RESERVED_ARTICLE_SLUGS = {"feed"}


class BlogPageQuerySet(PageQuerySet):
    def published(self) -> BlogPageQuerySet:
        """Live, publicly visible articles, newest first."""
        return self.live().public().order_by("-date", "-first_published_at")


class BlogPageTag(TaggedItemBase):
    content_object = ParentalKey(
        "blog.BlogPage", related_name="tagged_items", on_delete=models.CASCADE
    )


class BlogIndexPage(FewerRestrictionQueries, RoutablePageMixin, Page):
    """The list of articles, newest first, paginated; with tag, author and monthly archives
    and their RSS and Atom feeds as sub-pages (so no article may be slugged "feed")."""

    intro = RichTextField(blank=True, features=["bold", "italic", "link"])

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    subpage_types = ["blog.BlogPage"]
    max_count = 1

    def articles(self) -> BlogPageQuerySet:
        return BlogPage.objects.child_of(self).published().select_related("author")

    @path("")
    def index_route(self, request):
        if "tag" in request.GET:
            # ?tag= is kept working by sending it to the tag's own page.
            return redirect(self.url + listings.tag_path(request.GET["tag"]))
        return listings.render(request, self, listings.all_articles(self))

    @path("tag/<str:tag>/")
    def tag_route(self, request, tag):
        return listings.render(request, self, listings.tagged(self, tag))

    @path("author/<slug:slug>/")
    def author_route(self, request, slug):
        return listings.render(request, self, listings.by_author(self, slug))

    @re_path(r"^(\d{4})/(\d{2})/$")
    def month_route(self, request, year, month):
        return listings.render(request, self, listings.in_month(self, int(year), int(month)))

    @path("feed/")
    def rss_route(self, request):
        return feeds.ArticlesFeed(listings.all_articles(self))(request)

    @path("feed/atom/")
    def atom_route(self, request):
        return feeds.AtomArticlesFeed(listings.all_articles(self))(request)

    @path("tag/<str:tag>/feed/")
    def tag_rss_route(self, request, tag):
        return feeds.ArticlesFeed(listings.tagged(self, tag))(request)

    @path("tag/<str:tag>/feed/atom/")
    def tag_atom_route(self, request, tag):
        return feeds.AtomArticlesFeed(listings.tagged(self, tag))(request)

    @path("author/<slug:slug>/feed/")
    def author_rss_route(self, request, slug):
        return feeds.ArticlesFeed(listings.by_author(self, slug))(request)

    @path("author/<slug:slug>/feed/atom/")
    def author_atom_route(self, request, slug):
        return feeds.AtomArticlesFeed(listings.by_author(self, slug))(request)


class BlogPage(FewerRestrictionQueries, RoutablePageMixin, Page):
    """An article: standfirst, author, publication date, body, tags, and its discussion."""

    standfirst = models.TextField(blank=True, help_text="A sentence or two under the headline.")
    author = models.ForeignKey(
        Author, null=True, blank=True, on_delete=models.SET_NULL, related_name="articles"
    )
    date = models.DateField("Publication date", default=timezone.localdate)
    image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Shown when the article is shared and in feeds; else the body's first image.",
    )
    body = StreamField(ArticleBodyBlock(), blank=True)
    tags = ClusterTaggableManager(through=BlogPageTag, blank=True)
    objects = PageManager.from_queryset(BlogPageQuerySet)()

    content_panels = [
        *Page.content_panels,
        FieldPanel("standfirst"),
        MultiFieldPanel([FieldPanel("author"), FieldPanel("date"), FieldPanel("tags")], "Byline"),
        FieldPanel("image"),
        FieldPanel("body"),
    ]
    # Not page fields: changing them must not publish the page's pending edits.
    comment_panels = [DiscussionSettingsPanel()]
    edit_handler = TabbedInterface(
        [
            ObjectList(content_panels, heading="Content"),
            ObjectList(comment_panels, heading="Reader comments"),
            ObjectList(Page.promote_panels, heading="Promote"),
            ObjectList(Page.settings_panels, heading="Settings"),
        ]
    )
    search_fields = [
        *Page.search_fields,
        index.SearchField("standfirst"),
        index.SearchField("body"),
        index.RelatedFields("tags", [index.SearchField("name")]),
        index.RelatedFields("author", [index.SearchField("name")]),
        index.FilterField("date"),
    ]
    parent_page_types = ["blog.BlogIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = "article"

    def get_absolute_url(self) -> str:
        return self.url

    def clean(self) -> None:
        super().clean()
        if self.slug in RESERVED_ARTICLE_SLUGS:
            raise ValidationError(
                {"slug": f"“{self.slug}” is the address of the blog's feed; choose another slug."}
            )

    def save(self, *args, **kwargs):
        result = super().save(*args, **kwargs)
        # An import sets _defer_search_index on a page it is still building and indexes it
        # once it is complete (indexing costs more than the rest of the save).
        if kwargs.get("update_fields") is None and not getattr(self, "_defer_search_index", False):
            # The search index is updated on post_save, before ClusterableModel writes the
            # tags: index again so that an article's tags are searchable from its first save.
            index.insert_or_update_object(self)
        return result

    def author_url(self) -> str:
        """The author's page on the blog this article belongs to ('' without an author)."""
        if self.author is None:
            return ""
        return f"{self.get_parent().url}author/{self.author.slug}/"

    def accepts_comments(self) -> bool:
        """Readers may comment while the article is live and public.

        Wagtail's get_view_restrictions() asks in two queries (the ancestors, then their
        restrictions); this is one: the ancestors' paths follow from the page's own path, and
        an alias among them answers with its source page's restrictions, as in Wagtail. The
        answer is kept on this object for its request (a comment POST asks twice: resolving
        the form's target, and reading the discussion's settings).
        """
        if not self.live:
            return False
        asked = (self.path, self.alias_of_id)
        if getattr(self, "_accepts_comments_for", None) == asked:
            return self._accepts_comments
        if not any_view_restriction():
            return True
        steps = range(self.steplen, len(self.path) + 1, self.steplen)
        lineage = Page.objects.filter(path__in=[self.path[:n] for n in steps])
        restricted = Q(page__in=lineage.values("pk")) | Q(
            page__in=lineage.filter(alias_of__isnull=False).values("alias_of")
        )
        self._accepts_comments = not PageViewRestriction.objects.filter(restricted).exists()
        self._accepts_comments_for = asked
        return self._accepts_comments

    @classmethod
    def load_comment_target(cls, object_pk) -> BlogPage:
        """The article a comment form names, with accepts_comments' answer, in one query."""
        return load_article(cls, object_pk)

    def comment_settings(self) -> ArticleCommentSettings:
        """The article's discussion settings, as the moderation rules read them."""
        own = discussion_settings_for(self)
        return ArticleCommentSettings(
            policy=own.policy,
            close_after_days=own.close_after_days,
            max_thread_depth=own.max_depth,
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
        return discussion_settings_for(self).threads_per_page

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # The tags are read three times (related articles, the tag list, the JSON-LD): once.
        prefetch_related_objects([self], "tags")
        context["discussion"] = discussion_for(self, request, page=request.GET.get("page"))
        context["related_articles"] = listings.related_to(self)
        return context

    def get_sitemap_urls(self, request=None):
        """The article's entry, dated by its last publication or discussion change."""
        return [
            {**url, "lastmod": sitemap_lastmod(self, request, url.get("lastmod"))}
            for url in super().get_sitemap_urls(request)
        ]

    @path("comments/feed/")
    def comments_rss_route(self, request):
        return feeds.CommentsFeed(self)(request)

    @path("comments/feed/atom/")
    def comments_atom_route(self, request):
        return feeds.AtomCommentsFeed(self)(request)

    def serve(self, request, *args, **kwargs):
        # Anonymous readers share one cached copy per page of comments (comments.cache).
        return serve_shared(
            self, request, lambda: super(BlogPage, self).serve(request, *args, **kwargs)
        )

"""URL map: admin, comments and site-wide addresses (before Wagtail's catch-all), then pages."""

from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from blog.search import search
from comments import page_views
from config import routing
from home.views import favicon, robots_txt, site_feed

handler500 = "config.errors.server_error"

urlpatterns = [
    path("django-admin/", admin.site.urls),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("comments/", include("comments.urls")),
    # Reader accounts (django-allauth): sign up, verify, sign in and out, reset, change email.
    path("accounts/", include("allauth.urls")),
    path("search/", search, name="search"),
    path("sitemap.xml", sitemap, name="sitemap"),
    path("robots.txt", robots_txt, name="robots_txt"),
    path("favicon.ico", favicon, name="favicon"),
    # The usual feed addresses lead to the blog's RSS feed.
    path("feed/", site_feed, name="site_feed"),
    path("rss/", site_feed),
    # Comment permalinks, the reader pages around cached articles, and on-demand CSRF tokens.
    path("c/<int:comment_id>/", page_views.permalink, name="comments-permalink"),
    path("comments/thread/<int:comment_id>/", page_views.thread, name="comments-thread"),
    path(
        "comments/write/<str:content_type>/<str:object_pk>/",
        page_views.write,
        name="comments-write",
    ),
    path("comments/csrf/", page_views.csrf_token, name="comments-csrf"),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# Wagtail's addresses in Wagtail's order (its /_util/ login and password views match its page
# pattern too), its page view with the site and the page found from what was kept
# (config.routing).
urlpatterns.append(
    path(
        "",
        include(
            [
                re_path(wagtail_urls.serve_pattern, routing.serve, name="wagtail_serve")
                if getattr(pattern, "name", None) == "wagtail_serve"
                else pattern
                for pattern in wagtail_urls.urlpatterns
            ]
        ),
    )
)

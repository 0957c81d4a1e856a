"""Site-wide addresses that are not pages: robots.txt, favicon.ico and the usual feed URLs."""

from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.urls import reverse
from django.views.decorators.http import require_GET

from blog.models import BlogIndexPage


@require_GET
def robots_txt(request) -> HttpResponse:
    """Crawlers may read everything but the admin; the sitemap says what there is."""
    text = render_to_string(
        "robots.txt", {"sitemap_url": request.build_absolute_uri(reverse("sitemap"))}
    )
    return HttpResponse(text, content_type="text/plain; charset=utf-8")


@require_GET
def favicon(request) -> HttpResponse:
    """Browsers ask for /favicon.ico whatever the page links to."""
    return redirect(static("img/favicon.ico"), permanent=True)


@require_GET
def site_feed(request) -> HttpResponse:
    """/feed/ and /rss/, the addresses feed readers try first: the blog's RSS feed."""
    index = BlogIndexPage.objects.live().public().first()
    if index is None:
        raise Http404("No blog")
    return redirect(index.url + "feed/", permanent=True)

"""What a page says about itself to search engines and sharers: title, description, image,
canonical address, and the schema.org description of an article and its comments."""

from __future__ import annotations

import html
from dataclasses import dataclass

from django.conf import settings
from django.utils.html import strip_tags
from django.utils.text import Truncator

DESCRIPTION_CHARS = 160
EXCERPT_WORDS = 40
SITE_DESCRIPTION = "Opinion and analysis, with the discussion each piece starts."
SHARE_IMAGE_SPEC = "fill-1200x630"


def plain_text(markup) -> str:
    """Rich text or HTML as one line of plain text."""
    return " ".join(html.unescape(strip_tags(str(markup))).split())


def body_paragraphs(page) -> list[str]:
    """The plain text of an article's (or content page's) paragraphs, in order."""
    body = getattr(page, "body", None)
    if body is None:
        return []
    if isinstance(body, str):
        return [text for p in body.split("</p>") if (text := plain_text(p))]
    texts = []
    for block in body:
        if block.block_type == "paragraph":
            texts.extend(text for p in block.value.source.split("</p>") if (text := plain_text(p)))
    return texts


def summary_text(page) -> str:
    """The page's own words about itself: its search description, standfirst, intro or first
    paragraph, whichever comes first."""
    for candidate in (
        getattr(page, "search_description", ""),
        getattr(page, "standfirst", ""),
        plain_text(getattr(page, "intro", "") or ""),
    ):
        if candidate and candidate.strip():
            return candidate.strip()
    paragraphs = body_paragraphs(page)
    return paragraphs[0] if paragraphs else ""


def description_for(page) -> str:
    """A meta description of at most 160 characters, never empty."""
    text = summary_text(page) if page is not None else ""
    return Truncator(text or SITE_DESCRIPTION).chars(DESCRIPTION_CHARS)


def excerpt_for(article) -> str:
    """The standfirst, or the opening words of the first paragraph, for listings."""
    if article.standfirst:
        return article.standfirst
    paragraphs = body_paragraphs(article)
    return Truncator(paragraphs[0]).words(EXCERPT_WORDS) if paragraphs else ""


def image_for(page):
    """The image that represents an article: its own, else the first one in its body."""
    image = getattr(page, "image", None)
    if image is not None:
        return image
    for block in getattr(page, "body", None) or []:
        if getattr(block, "block_type", "") == "image":
            return block.value["image"]
    return None


@dataclass
class PageMeta:
    title: str
    description: str
    canonical_url: str = ""
    og_type: str = "website"
    image_url: str = ""
    image_alt: str = ""
    is_home: bool = False


def page_meta(request, page=None, *, title=None, description=None, canonical_path=None):
    """Everything the <head> says about a page; the view's overrides win. Without a request
    (the 500 and 503 pages) it says only what needs no database."""
    site_name = settings.WAGTAIL_SITE_NAME
    title = title or (page and (page.seo_title or page.title)) or site_name
    if request is None:
        return PageMeta(title=title, description=description or SITE_DESCRIPTION)
    if canonical_path is None:
        canonical_path = page.url if page is not None else request.path
    meta = PageMeta(
        title=title,
        description=description or description_for(page),
        canonical_url=request.build_absolute_uri(canonical_path),
        og_type="article" if hasattr(page, "standfirst") else "website",
        # The home page is called by the site's name alone, not "Tribune · Tribune".
        is_home=page is not None and page.depth == 2 and title == site_name,
    )
    image = image_for(page) if page is not None else None
    if image is not None:
        rendition = image.get_rendition(SHARE_IMAGE_SPEC)
        meta.image_url = request.build_absolute_uri(rendition.url)
        meta.image_alt = rendition.alt
    return meta

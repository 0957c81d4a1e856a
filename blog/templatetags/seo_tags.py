"""Template tags for what a page says about itself in its <head>."""

from django import template

from blog import metadata, structured_data

register = template.Library()


@register.simple_tag(takes_context=True)
def page_meta(context) -> metadata.PageMeta:
    """Title, description, canonical URL and share image of the page being rendered; a view
    may set meta_title, meta_description and canonical_path in the context."""
    return metadata.page_meta(
        context.get("request"),
        context.get("page"),
        title=context.get("meta_title"),
        description=context.get("meta_description"),
        canonical_path=context.get("canonical_path"),
    )


@register.simple_tag(takes_context=True)
def article_json_ld(context, article, image_url: str = ""):
    """The article's schema.org BlogPosting, escaped for a <script type="application/ld+json">."""
    return structured_data.article_json_ld(
        article, context["request"], context.get("discussion"), image_url
    )

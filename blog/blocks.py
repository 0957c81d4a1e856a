"""StreamField blocks for an article body."""

from wagtail import blocks
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageBlock

PARAGRAPH_FEATURES = ["bold", "italic", "link", "document-link", "ul", "ol", "h3", "h4"]


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(max_length=255)
    level = blocks.ChoiceBlock(
        choices=[("h2", "Section heading"), ("h3", "Subheading")], default="h2"
    )

    class Meta:
        icon = "title"
        template = "blog/blocks/heading.html"


class QuoteBlock(blocks.StructBlock):
    quote = blocks.TextBlock()
    attribution = blocks.CharBlock(required=False, max_length=255)

    class Meta:
        icon = "openquote"
        template = "blog/blocks/quote.html"


class FigureBlock(blocks.StructBlock):
    image = ImageBlock()
    caption = blocks.CharBlock(required=False, max_length=255)

    class Meta:
        icon = "image"
        template = "blog/blocks/figure.html"


class ArticleBodyBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = blocks.RichTextBlock(
        features=PARAGRAPH_FEATURES, template="blog/blocks/paragraph.html"
    )
    quote = QuoteBlock()
    image = FigureBlock()
    embed = EmbedBlock(help_text="A link to a video or post (YouTube, Vimeo, …).", icon="media")

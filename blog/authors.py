"""The people who write for the publication (a snippet), and their page slugs."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.text import slugify
from wagtail.admin.panels import FieldPanel


class Author(models.Model):
    """A person who writes for the publication (a snippet)."""

    name = models.CharField(max_length=255)
    slug = models.SlugField(
        max_length=255,
        unique=True,
        blank=True,
        help_text="The last part of the author's page address; made from the name if empty.",
    )
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

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("bio"),
        FieldPanel("portrait"),
        FieldPanel("user"),
    ]

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        if not self.slug:
            self.slug = unique_author_slug(self.name, exclude_pk=self.pk)
        super().save(*args, **kwargs)


def unique_author_slug(name: str, exclude_pk=None) -> str:
    """A slug made from the name that no other author has."""
    base = slugify(name)[:240] or "author"
    slug, n = base, 1
    while Author.objects.filter(slug=slug).exclude(pk=exclude_pk).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug

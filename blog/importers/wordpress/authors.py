"""WordPress users who wrote posts, as Author snippets matched by login."""

from __future__ import annotations

from django.contrib.auth import get_user_model

from blog.importers.mapping import Mapping
from blog.importers.summary import Summary
from blog.importers.wordpress.reader import WPSite
from blog.models import Author


class Authors:
    def __init__(self, site: WPSite, mapping: Mapping, summary: Summary):
        self.site = site
        self.mapping = mapping
        self.summary = summary
        self.cache: dict[str, Author] = {}

    def for_login(self, login: str) -> Author | None:
        if not login:
            return None
        if login in self.cache:
            return self.cache[login]
        author = self.mapping.get("author", login, Author)
        wp = self.site.authors.get(login)
        name = (wp.display_name if wp else login)[:255]
        if author is None:
            author = Author(name=name, user=self._account(wp.email if wp else ""))
            author.save()
            self.mapping.remember("author", login, author)
            self.summary.count("author", "created")
        elif author.name != name:
            author.name = name
            author.save(update_fields=["name"])
            self.summary.count("author", "updated")
        else:
            self.summary.count("author", "unchanged")
        self.cache[login] = author
        return author

    @staticmethod
    def _account(email: str):
        if not email:
            return None
        return get_user_model().objects.filter(email__iexact=email, is_active=True).first()

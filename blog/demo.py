"""Load the demo content from blog/demo/: the reference article and its discussion, and more
articles by two authors with tags."""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from django.db import transaction
from wagtail.models import Site

from blog.models import Author, BlogIndexPage, BlogPage
from comments.models import Status, TribuneComment
from comments.sanitizer import sanitize
from comments.threads import insert_comment
from comments.transitions import comment_set_initial_status

DEMO_FILE = Path(__file__).resolve().parent / "demo" / "demo_content.json"


@transaction.atomic
def load_demo_content(path: Path = DEMO_FILE) -> list[str]:
    """Create what the demo file describes and is missing; return what was created."""
    data = json.loads(path.read_text(encoding="utf-8"))
    created: list[str] = []
    site = Site.objects.get(is_default_site=True)
    home = site.root_page.specific
    index = _blog_index(home, data["blog_index"], created)
    authors = {a["slug"]: _author(a, created) for a in data.get("authors", [])}
    for article_data in data["articles"]:
        article = _article(index, article_data, authors, created)
        for comment_data in article_data.get("comments", []):
            _comment(article, comment_data, created)
    return created


def _author(data: dict, created: list[str]) -> Author:
    author, made = Author.objects.get_or_create(
        slug=data["slug"], defaults={"name": data["name"], "bio": data.get("bio", "")}
    )
    if made:
        created.append(f"author {author.name}")
    return author


def _blog_index(home, data: dict, created: list[str]) -> BlogIndexPage:
    index = BlogIndexPage.objects.child_of(home).filter(slug=data["slug"]).first()
    if index is None:
        index = BlogIndexPage(title=data["title"], slug=data["slug"], intro=data["intro"])
        home.add_child(instance=index)
        index.save_revision().publish()
        created.append(f"blog index “{index.title}”")
    return index


def _article(index: BlogIndexPage, data: dict, authors: dict, created: list[str]) -> BlogPage:
    article = BlogPage.objects.child_of(index).filter(slug=data["slug"]).first()
    if article is not None:
        return article
    article = BlogPage(
        title=data["title"],
        slug=data["slug"],
        standfirst=data.get("standfirst", ""),
        date=date.fromisoformat(data["date"]),
        author=authors.get(data.get("author")),
        body=[(block["type"], block["value"]) for block in data["body"]],
    )
    index.add_child(instance=article)
    article.tags.add(*data.get("tags", []))
    article.save_revision().publish()
    created.append(f"article “{article.title}”")
    return article


def _comment(article: BlogPage, data: dict, created: list[str]) -> None:
    submitted = datetime.fromisoformat(data["submitted"]).replace(
        tzinfo=ZoneInfo(data["time_zone"])
    )
    existing = TribuneComment.objects.for_target(article).filter(
        user_name=data["name"], submit_date=submitted
    )
    if existing.exists():
        return
    comment = TribuneComment(
        content_object=article,
        site_id=1,
        user_name=data["name"],
        user_email=data.get("email", ""),
        user_url=data.get("url", ""),
        comment=data["text"],
        comment_html=sanitize(data["text"]),
        submit_date=submitted,
        followers_notified=True,
    )
    # Demo comments are history: stored approved, with no emails and no pipeline run.
    comment_set_initial_status(comment, status=Status.APPROVED)
    insert_comment(comment, parent=None)
    created.append(f"comment by {comment.user_name}")

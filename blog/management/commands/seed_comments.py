from django.core.management.base import BaseCommand, CommandError

from blog.models import BlogPage
from comments.seeding import seed_comments


class Command(BaseCommand):
    help = "Add N realistic threaded comments (mixed depths, some held) to an article, in bulk."

    def add_arguments(self, parser):
        parser.add_argument("slug", help="The article's slug, as in its URL.")
        parser.add_argument("--count", type=int, default=100, help="How many comments to add.")
        parser.add_argument(
            "--seed", type=int, default=None, help="Random seed, for repeatable runs."
        )

    def handle(self, *args, slug, count, seed, **options):
        if count < 1:
            raise CommandError("--count must be at least 1.")
        article = BlogPage.objects.filter(slug=slug).first()
        if article is None:
            known = ", ".join(BlogPage.objects.values_list("slug", flat=True)[:10]) or "none"
            raise CommandError(f"No article with slug {slug!r}. Articles: {known}.")
        added = seed_comments(article, count, seed=seed)
        self.stdout.write(f"Added {added} comments to “{article.title}”.")

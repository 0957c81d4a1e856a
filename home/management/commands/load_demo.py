from django.core.management.base import BaseCommand

from blog.demo import load_demo_content
from home.demo import load_site_pages


class Command(BaseCommand):
    help = (
        "Create the demo content (articles, authors, the reference article and its comment, "
        "the site pages); safe to run again."
    )

    def handle(self, *args, **options):
        created = load_demo_content() + load_site_pages()
        if created:
            for item in created:
                self.stdout.write(f"Created {item}")
        else:
            self.stdout.write("Demo content already present; nothing to do.")

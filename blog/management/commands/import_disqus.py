"""manage.py import_disqus EXPORT.xml: bring Disqus comments into the matching articles."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from blog.importers.disqus import import_disqus
from blog.importers.summary import Summary
from blog.importers.terminal import progress_over
from blog.importers.wordpress.reader import ExportError


class Command(BaseCommand):
    help = "Import a Disqus comments export into the articles its threads point at."

    def add_arguments(self, parser):
        parser.add_argument("export", type=Path, help="The Disqus export file (.xml).")
        parser.add_argument("--dry-run", action="store_true", help="Write nothing; summarise.")

    def handle(self, *args, **options):
        path: Path = options["export"]
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        summary = Summary()
        try:
            with progress_over(path, "Reading", self.stderr._out) as source:
                import_disqus(source, dry_run=options["dry_run"], summary=summary)
        except ExportError as error:
            raise CommandError(f"{path}: {error}") from error
        for line in summary.lines(dry_run=options["dry_run"]):
            self.stdout.write(line)

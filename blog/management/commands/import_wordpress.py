"""manage.py import_wordpress EXPORT.xml: bring a WordPress blog in, comments and all."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from blog.importers.summary import Summary
from blog.importers.terminal import progress_over
from blog.importers.wordpress.reader import ExportError
from blog.importers.wordpress.run import ImportFailed, run_import


class Command(BaseCommand):
    help = (
        "Import a WordPress export (WXR 1.0-1.2): posts as articles, their comments with "
        "threads and statuses. Safe to run again: it updates and adds, never duplicates."
    )

    def add_arguments(self, parser):
        parser.add_argument("export", type=Path, help="The WordPress export file (.xml).")
        parser.add_argument("--dry-run", action="store_true", help="Write nothing; summarise.")
        parser.add_argument("--blog-index", help="Slug of the blog index to add articles to.")
        parser.add_argument("--media-dir", type=Path, help="A copy of wp-content/uploads.")
        parser.add_argument(
            "--pages",
            choices=["skip", "import"],
            default="skip",
            help="WordPress pages: skip them (default) or import them as content pages.",
        )

    def handle(self, *args, **options):
        path: Path = options["export"]
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        media_dir = options["media_dir"]
        if media_dir is not None and not media_dir.is_dir():
            raise CommandError(f"--media-dir {media_dir} is not a folder.")
        summary = Summary()
        try:
            with progress_over(path, "Importing", self.stderr._out) as source:
                run_import(
                    source,
                    blog_index=options["blog_index"],
                    media_dir=media_dir,
                    pages=options["pages"],
                    dry_run=options["dry_run"],
                    summary=summary,
                )
        except (ExportError, ImportFailed) as error:
            self._print(summary, options["dry_run"])
            raise CommandError(f"{path}: {error}") from error
        self._print(summary, options["dry_run"])

    def _print(self, summary: Summary, dry_run: bool) -> None:
        for line in summary.lines(dry_run=dry_run):
            self.stdout.write(line)

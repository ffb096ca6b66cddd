"""Export an edition's reading text.

Usage:
    python manage.py export_edition --list
    python manage.py export_edition SLUG --format md > edition.md
    python manage.py export_edition SLUG --format json > edition.json

`--list` prints one line per edition: slug, source file name and title, tab-separated.
Markdown has YAML front matter, `#` headings and footnotes (`[^4.12]`); JSON gives every
passage's id, absolute IRI and reading text.
"""

import json

from django.core.management.base import BaseCommand, CommandError

from edition.exports import edition_json, edition_markdown
from edition.models import Edition


class Command(BaseCommand):
    help = "Export an edition as Markdown or JSON, or list the editions."

    def add_arguments(self, parser):
        parser.add_argument("slug", nargs="?")
        parser.add_argument("--format", choices=["md", "json"], default="md")
        parser.add_argument("--list", action="store_true", help="list the editions")

    def handle(self, *args, **options):
        if options["list"]:
            for edition in Edition.objects.select_related("work"):
                self.stdout.write(f"{edition.slug}\t{edition.source_file}\t{edition.work.title}")
            return
        if not options["slug"]:
            raise CommandError("name an edition (see --list) or pass --list")
        edition = Edition.objects.select_related("work").filter(slug=options["slug"]).first()
        if edition is None:
            raise CommandError(f"no edition {options['slug']!r}; see export_edition --list")
        if options["format"] == "json":
            self.stdout.write(json.dumps(edition_json(edition), ensure_ascii=False, indent=1))
        else:
            self.stdout.write(edition_markdown(edition), ending="")

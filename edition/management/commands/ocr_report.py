"""Print an edition's OCR correction report: counts per class, flagged regions, backlog.

Usage:
    python manage.py ocr_report SLUG
"""

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Count

from edition.models import Correction, Edition, FlaggedRegion


class Command(BaseCommand):
    help = "Print the OCR correction report of an edition."

    def add_arguments(self, parser):
        parser.add_argument("slug")

    def handle(self, *args, **options):
        edition = Edition.objects.select_related("work").filter(slug=options["slug"]).first()
        if edition is None:
            raise CommandError(f"no edition {options['slug']!r}; see export_edition --list")
        current = Correction.objects.current().filter(passage__edition=edition)
        self.stdout.write(
            f"{edition.slug} (version {edition.version}): {current.count()} corrections"
        )
        for row in current.values("stage").annotate(n=Count("id")).order_by("-n"):
            self.stdout.write(f"  {row['stage']:<16} {row['n']:>6}")
        decided = current.exclude(decision="").values("decision").annotate(n=Count("id"))
        for row in decided:
            self.stdout.write(f"  editor {row['decision']:<9} {row['n']:>6}")
        flagged = FlaggedRegion.objects.filter(edition=edition)
        self.stdout.write(f"flagged regions: {flagged.count()}")
        for region in flagged:
            self.stdout.write(f"  lines {region.line_start}-{region.line_end}: {region.reason}")
        self.stdout.write(
            f"review backlog (confidence < 0.8, undecided): {current.needs_review().count()}"
        )

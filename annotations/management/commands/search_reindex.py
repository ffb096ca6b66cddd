"""Rebuild the search index of the whole corpus: every passage and every annotation."""

import time

from django.core.management.base import BaseCommand

from annotations.search import annotations_index
from edition.search import passages_index


class Command(BaseCommand):
    help = "Rebuild the full-text search index of the texts and the annotations."

    def handle(self, *args, **options):
        started = time.perf_counter()
        passages_index(ids=None)
        annotations_index(ids=None)
        self.stdout.write(f"Search index rebuilt in {time.perf_counter() - started:.1f} s.")

"""Ingest source texts into reading editions: one file, or the texts of a manifest.

Usage:
    python manage.py ingest --file PATH [--kind auto|ocr|born-digital|clean]
                            [--title T] [--author A] [--year Y]
    python manage.py ingest                       # every text of fixtures/texts/manifest.json
    python manage.py ingest SLUG [SLUG ...]         # named texts (slug or file name)
    python manage.py ingest --manifest other/manifest.json --texts other/

--file takes plain text in any common encoding (UTF-8, UTF-16 with a byte-order mark,
cp1252 or Latin-1 detected and reported), Markdown (.md: headings, emphasis, [^n]
footnotes) or a PDF with a text layer (its pages become page anchors, with the PDF's
page labels). --kind auto (the default) decides from the text whether it is OCR, an
edited (born-digital) text or a clean one-paragraph-per-line text, and says why. The
edition's slug comes from --title, else from the title found in the text; it is printed
as the last line. The same file again changes nothing; a changed file publishes a new
version and annotations follow their passages. An empty, binary, oversize or unreadable
file, a PDF without a text layer, or a text in which no passage is found is refused with
a message naming the problem, exit status 1, and nothing written.

Each text is parsed, corrected (OCR sources only) and written in one transaction: a text
that fails leaves the database as it was, and the command exits with status 1 after
trying the others. Running it again updates editions in place and keeps passage ids;
a text whose source, manifest settings and parser code are all unchanged is recognised by
its hash before parsing and left alone (--force reads it again anyway).
"""

import sys
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from edition.services import (
    IngestError,
    edition_ingest,
    edition_ingest_file,
    manifest_select,
    texts_dir,
)

STEPS = ("read", "parse", "write")


class Command(BaseCommand):
    help = "Ingest one file (--file), or the manifest's source texts (all, or the named ones)."

    def add_arguments(self, parser):
        parser.add_argument("names", nargs="*", help="slugs or source file names")
        parser.add_argument("--manifest", type=Path, help="manifest JSON file")
        parser.add_argument("--texts", type=Path, help="directory holding the source files")
        parser.add_argument("--file", type=Path, help="one source file: text, Markdown or PDF")
        parser.add_argument(
            "--kind",
            default="auto",
            choices=("auto", "ocr", "born-digital", "clean"),
            help="what the file is (--file); auto decides from the text and says why",
        )
        parser.add_argument("--title", default="", help="the work's title (--file)")
        parser.add_argument("--author", default="", help="the work's author (--file)")
        parser.add_argument("--year", type=int, help="the work's year (--file)")
        parser.add_argument(
            "--force",
            action="store_true",
            help="read a source again even when it, its settings and the parsers are unchanged",
        )

    def handle(self, *args, **options):
        if options["file"]:
            if options["names"] or options["manifest"] or options["texts"]:
                raise CommandError("--file takes one file: no names, --manifest or --texts")
            return self._ingest_file(options)
        self.force = options["force"]
        directory = options["texts"] or texts_dir()
        manifest = options["manifest"] or directory / "manifest.json"
        try:
            entries = manifest_select(manifest=manifest, slugs=options["names"])
        except IngestError as exc:
            raise CommandError(str(exc))
        failed = [e.slug for e in entries if not self._ingest_one(e, directory)]
        if failed:
            raise CommandError(
                f"{len(failed)} of {len(entries)} texts failed: "
                f"{', '.join(failed)}; the database is unchanged for them"
            )

    def _ingest_file(self, options) -> None:
        path = options["file"]
        bar = ProgressBar(self.stderr, path.name)
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"{path}: cannot read the file ({exc.strerror})")
        try:
            outcome = edition_ingest_file(
                data=data,
                name=path.name,
                kind=options["kind"],
                title=options["title"],
                author=options["author"],
                year=options["year"],
                progress=bar.step,
            )
        except IngestError as exc:
            bar.fail()
            raise CommandError(f"{str(exc).rstrip('.')}; the database is unchanged")
        bar.done(outcome.seconds)
        self._summary(outcome)
        self.stdout.write(outcome.slug)

    def _ingest_one(self, entry, directory) -> bool:
        bar = ProgressBar(self.stderr, entry.slug)
        try:
            outcome = edition_ingest(
                entry=entry, directory=directory, progress=bar.step, force=self.force
            )
        except IngestError as exc:
            bar.fail()
            self.stderr.write(self.style.ERROR(f"error: {exc}"))
            return False
        bar.done(outcome.seconds)
        if outcome.counts == {"unchanged": 1}:
            self.stdout.write(
                f"{outcome.slug}: unchanged (same source, settings and parser code); "
                "nothing written (--force reads it again)"
            )
            return True
        self._summary(outcome)
        return True

    def _summary(self, outcome) -> None:
        c = outcome.counts
        verb = "created" if outcome.created else "updated"
        self.stdout.write(
            self.style.SUCCESS(
                f"{outcome.slug}: {verb}, version {c.get('version', 1)}, "
                f"{c.get('sections', 0)} sections, {c.get('passages', 0)} passages "
                f"({c.get('passages_created', 0)} new, {c.get('passages_updated', 0)} updated, "
                f"{c.get('passages_unchanged', 0)} unchanged, {c.get('passages_retired', 0)} "
                f"retired), {c.get('notes', 0)} notes, {c.get('note_calls', 0)} note calls, "
                f"{c.get('corrections', 0)} corrections, {c.get('flagged_regions', 0)} flagged "
                f"regions, {outcome.seconds:.1f} s"
            )
        )
        for key, value in outcome.report.items():
            self.stdout.write(f"  {key}: {_fmt(value)}")
        for warning in outcome.warnings:
            self.stdout.write(self.style.WARNING(f"  warning: {warning}"))


def _fmt(value) -> str:
    if isinstance(value, list):
        return "; ".join(str(v) for v in value) if value else "none"
    if isinstance(value, dict):
        return ", ".join(f"{k} {v}" for k, v in value.items())
    return str(value)


class ProgressBar:
    """A one-line progress bar on stderr: one step per ingest stage."""

    WIDTH = 24

    def __init__(self, stream, label: str):
        self.stream, self.label, self.count = stream, label, 0
        self.started = time.perf_counter()
        self.tty = getattr(sys.stderr, "isatty", lambda: False)()

    def step(self, name: str, detail: str) -> None:
        self.count += 1
        self._draw(f"{name} {detail}")

    def done(self, seconds: float) -> None:
        self.count = len(STEPS) + 1
        self._draw(f"done in {seconds:.1f} s", end="\n")

    def fail(self) -> None:
        self._draw("failed", end="\n")

    def _draw(self, text: str, end: str = "") -> None:
        filled = int(self.WIDTH * min(self.count, len(STEPS) + 1) / (len(STEPS) + 1))
        bar = "#" * filled + "-" * (self.WIDTH - filled)
        line = f"{self.label:<36} [{bar}] {text}"
        if self.tty:
            self.stream.write(f"\r\033[K{line}", ending=end)
        else:
            self.stream.write(line)
        self.stream.flush()

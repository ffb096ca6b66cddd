"""One engine, two paths: the same change of a passage's text moves the selections on it
the same way whether it arrives by re-ingesting a changed source or by publishing a
version. A property test over seeded random texts, spans and word edits."""

import random
import tempfile
from pathlib import Path

from django.test import TestCase

from annotations.services import annotation_create
from edition.anchoring import TargetPiece
from edition.ingest.manifest import ManifestEntry
from edition.models import Edition, Selection
from edition.services import edition_ingest
from edition.versions import PassageChange, version_publish
from tests.factories import make_user

WORDS = [
    "the", "reader", "text", "of", "a", "book", "margin", "note",
    "and", "is", "argument", "line", "page", "scholar", "word", "in",
]  # fmt: skip
# Fixed openings keep each paragraph's stable id through the edits (ids hash the first words).
OPENINGS = [
    "First paragraph of the property test opens with these twelve fixed words here",
    "Second paragraph of the property test opens with these twelve fixed words too",
    "Third paragraph of the property test opens with these twelve fixed words again",
]


def _paragraphs(rng: random.Random) -> list[str]:
    return [
        opening + " " + " ".join(rng.choice(WORDS) for _ in range(rng.randint(12, 30))) + "."
        for opening in OPENINGS
    ]


def _edit(rng: random.Random, text: str, protect: int) -> str:
    """`text` with a few word-level edits after its first `protect` characters."""
    words = text[protect:].split(" ")
    for _ in range(rng.randint(1, 3)):
        i = rng.randrange(1, len(words))
        kind = rng.randrange(3)
        if kind == 0:
            words[i] = rng.choice(WORDS)
        elif kind == 1:
            words.insert(i, rng.choice(WORDS))
        elif len(words) > 3:
            del words[i]
    return text[:protect] + " ".join(words)


def _raw(paragraphs: list[str]) -> str:
    return "A Property Test\n\n" + "\n\n".join(paragraphs) + "\n"


class TwoPathsTests(TestCase):
    CASES = 12

    @classmethod
    def setUpTestData(cls):
        cls.ana = make_user("ana")
        cls.directory = Path(tempfile.mkdtemp())

    def _ingest(self, slug: str, raw: str) -> Edition:
        (self.directory / f"{slug}.txt").write_text(raw, encoding="utf-8")
        entry = ManifestEntry(
            slug=slug,
            title="A Property Test",
            author="",
            year=None,
            source=f"{slug}.txt",
            kind="clean",
        )
        edition_ingest(entry=entry, directory=self.directory)
        return Edition.objects.get(slug=slug)

    def _annotate(self, edition: Edition, spans) -> list[int]:
        passages = {p.text[:20]: p for p in edition.passages.current()}
        ids = []
        for key, start, end in spans:
            passage = passages[key]
            piece = TargetPiece(passage, start, end, exact=passage.text[start:end])
            ids.append(annotation_create(author=self.ana, pieces=[piece]).selection_id)
        return ids

    def _spans(self, rng: random.Random, paragraphs: list[str]):
        spans = []
        for text in paragraphs:
            for _ in range(3):
                start = rng.randrange(0, len(text) - 2)
                end = rng.randrange(start + 1, min(len(text), start + 40) + 1)
                spans.append((text[:20], start, end))
        return spans

    def _state(self, ids: list[int]) -> list[tuple]:
        rows = Selection.objects.in_bulk(ids)
        return [
            (rows[i].state, [(p["start"], p["end"], p["exact"]) for p in rows[i].pieces])
            for i in ids
        ]

    def test_a_reingest_and_a_published_version_move_selections_alike(self):
        rng = random.Random(11)
        moved = 0
        for case in range(self.CASES):
            with self.subTest(case=case):
                old = _paragraphs(rng)
                new = [_edit(rng, text, len(OPENINGS[0])) for text in old]
                spans = self._spans(rng, old)
                by_ingest = self._ingest(f"ingest-{case}", _raw(old))
                by_version = self._ingest(f"version-{case}", _raw(old))
                ingest_ids = self._annotate(by_ingest, spans)
                version_ids = self._annotate(by_version, spans)

                self._ingest(f"ingest-{case}", _raw(new))
                passages = {p.text[:20]: p for p in by_version.passages.current()}
                changes = [
                    PassageChange(passage=passages[a[:20]], text=b)
                    for a, b in zip(old, new, strict=True)
                    if a != b
                ]
                version_publish(edition=by_version, changes=changes)

                after_ingest, after_version = self._state(ingest_ids), self._state(version_ids)
                self.assertEqual(after_ingest, after_version)
                moved += sum(state != "ok" for state, _ in after_ingest)
        self.assertGreater(moved, 0)  # the edits did move some selections

"""Accepted reader corrections survive re-ingesting the source; two editors accepting
suggestions on one passage at the same moment both keep their correction."""

import tempfile
import threading
from pathlib import Path

from django.db import connection
from django.test import TestCase, TransactionTestCase, skipUnlessDBFeature

from annotations.suggestions import suggestion_create
from edition.anchoring import TargetPiece
from edition.ingest.manifest import ManifestEntry
from edition.models import Edition, EditionRole, EditionVersion, Suggestion
from edition.services import edition_ingest
from edition.suggestions import suggestions_accept, suggestions_reapply
from tests.factories import make_edition, make_user

FIRST = "The first paragraph of this small text has tbe word that a reader corrects here."
SECOND = "The second paragraph of this small text stays as it is through every ingest of it."


def _raw(first: str = FIRST, second: str = SECOND) -> str:
    return f"A Small Text\n\n{first}\n\n{second}\n"


class ReingestTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.ana = make_user("ana")
        cls.ed = make_user("ed", staff=True)
        cls.directory = Path(tempfile.mkdtemp())

    def ingest(self, raw: str):
        (self.directory / "small.txt").write_text(raw, encoding="utf-8")
        entry = ManifestEntry(
            slug="small",
            title="A Small Text",
            author="",
            year=None,
            source="small.txt",
            kind="clean",
        )
        outcome = edition_ingest(entry=entry, directory=self.directory)
        return Edition.objects.get(slug="small"), outcome

    def accept_typo_fix(self, edition):
        passage = edition.passages.get(text=FIRST)
        start = FIRST.index("tbe")
        suggestion = suggestion_create(
            author=self.ana,
            piece=TargetPiece(passage, start, start + 3, exact="tbe"),
            replacement="the",
        )
        suggestions_accept(suggestions=[suggestion], editor=self.ed)
        return passage

    def test_a_changed_source_keeps_the_accepted_correction(self):
        edition, _ = self.ingest(_raw())
        passage = self.accept_typo_fix(edition)
        self.ingest(_raw(second=SECOND.replace("stays", "remains")))
        passage.refresh_from_db()
        self.assertIn("has the word", passage.text)
        self.assertNotIn("tbe", passage.text)
        self.assertEqual(Suggestion.objects.get().status, "accepted")
        notes = list(EditionVersion.objects.filter(edition=edition).values_list("note", flat=True))
        self.assertTrue(any("re-applied" in note for note in notes), notes)

    def test_words_the_new_source_changed_otherwise_are_reported_not_guessed(self):
        edition, _ = self.ingest(_raw())
        passage = self.accept_typo_fix(edition)
        self.ingest(_raw(first=FIRST.replace("tbe", "one")))
        passage.refresh_from_db()
        self.assertIn("has one word", passage.text)
        version, warnings = suggestions_reapply(edition=Edition.objects.get(slug="small"))
        self.assertIsNone(version)
        self.assertEqual(len(warnings), 1)
        self.assertIn("“one”", warnings[0])

    def test_nothing_to_reapply_writes_no_version(self):
        edition, _ = self.ingest(_raw())
        self.accept_typo_fix(edition)
        before = EditionVersion.objects.filter(edition=edition).count()
        self.assertEqual(suggestions_reapply(edition=edition), (None, []))
        self.assertEqual(EditionVersion.objects.filter(edition=edition).count(), before)


@skipUnlessDBFeature("has_select_for_update")  # row locks: PostgreSQL (CI), not SQLite
class ConcurrentAcceptTests(TransactionTestCase):
    """Two editors accept two suggestions of one passage at once, in two threads with their
    own database connections: both corrections must be in the text afterwards."""

    def test_both_corrections_survive_simultaneous_acceptance(self):
        edition = make_edition(texts=["Tbe reader and tbe writer of this book meet here."])
        ana, ed, eve = make_user("ana"), make_user("ed"), make_user("eve")
        for editor in (ed, eve):
            EditionRole.objects.create(edition=edition, user=editor)
        passage = edition.passages.get()
        first = suggestion_create(
            author=ana, piece=TargetPiece(passage, 0, 3, exact="Tbe"), replacement="The"
        )
        second = suggestion_create(
            author=ana, piece=TargetPiece(passage, 15, 18, exact="tbe"), replacement="the"
        )
        barrier, errors = threading.Barrier(2, timeout=20), []

        def accept(suggestion, editor):
            try:
                barrier.wait()
                suggestions_accept(suggestions=[suggestion], editor=editor)
            except Exception as e:  # noqa: BLE001 - reported below
                errors.append(repr(e))
            finally:
                connection.close()

        threads = [
            threading.Thread(target=accept, args=(first, ed)),
            threading.Thread(target=accept, args=(second, eve)),
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
        self.assertEqual(errors, [])
        passage.refresh_from_db()
        self.assertEqual(passage.text, "The reader and the writer of this book meet here.")
        self.assertEqual(Edition.objects.get(pk=edition.pk).version, 3)


class UnchangedSourceTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.ana = make_user("ana")
        cls.ed = make_user("ed", staff=True)
        cls.directory = Path(tempfile.mkdtemp())

    ingest_text = ReingestTests.ingest
    accept_typo_fix = ReingestTests.accept_typo_fix

    def test_an_unchanged_source_writes_nothing_and_keeps_the_correction(self):
        edition, _ = self.ingest_text(_raw())
        passage = self.accept_typo_fix(edition)
        versions = EditionVersion.objects.filter(edition=edition).count()
        with self.assertNumQueries(2):  # the edition looked up by slug, then by source hash
            _, outcome = self.ingest_text(_raw())
        self.assertEqual(outcome.counts, {"unchanged": 1})
        passage.refresh_from_db()
        self.assertIn("has the word", passage.text)
        self.assertEqual(EditionVersion.objects.filter(edition=edition).count(), versions)
        self.assertEqual(Edition.objects.get(pk=edition.pk).version, 2)

    def test_the_same_bytes_with_other_settings_are_read_again(self):
        edition, _ = self.ingest_text(_raw())
        key = edition.report["parser"]["source_key"]
        (self.directory / "small.txt").write_text(_raw(), encoding="utf-8")
        entry = ManifestEntry(
            slug="small", title="Another Title", author="", year=None, source="small.txt",
            kind="clean",
        )  # fmt: skip
        outcome = edition_ingest(entry=entry, directory=self.directory)
        self.assertNotEqual(outcome.counts, {"unchanged": 1})
        self.assertNotEqual(Edition.objects.get(pk=edition.pk).report["parser"]["source_key"], key)

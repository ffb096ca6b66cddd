"""Publishing versions: snapshots, annotations that follow, earlier versions on the page,
diffs, provenance; editors' OCR decisions publish versions too."""

import io
import json

from django.core.management import call_command
from django.test import TestCase

from annotations.models import Annotation
from edition.models import Correction, Edition, EditionVersion, Passage, PassageVersion
from edition.services import correction_decide
from edition.versions import (
    Edit,
    PassageChange,
    VersionError,
    passage_text_at,
    version_publish,
)
from tests.factories import make_annotation, make_edition, make_user

# Ed edits the edition; Ana annotates it.


class VersionPublishTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.ed = make_user("ed", staff=True, display_name="Ed Editor")
        cls.ana = make_user("ana")

    def setUp(self):
        self.edition = make_edition()
        self.p1, self.p2, self.p3 = self.edition.passages.order_by("order")

    def publish(self, passage, start, end, text, note="fix"):
        new = passage.text[:start] + text + passage.text[end:]
        return version_publish(
            edition=self.edition,
            user=self.ed,
            note=note,
            changes=[PassageChange(passage=passage, text=new, edits=[Edit(start, end, text)])],
        )

    def test_a_version_snapshots_only_changed_passages_and_their_previous_text(self):
        old = self.p1.text
        version = self.publish(self.p1, 4, 10, "Reader")
        self.edition.refresh_from_db()
        self.assertEqual((version.number, self.edition.version), (2, 2))
        rows = list(PassageVersion.objects.values_list("passage__anchor", "number", "text"))
        self.assertEqual(rows, [("p1", 1, old), ("p1", 2, "The Reader is" + old[13:])])
        self.assertEqual(EditionVersion.objects.count(), 2)

    def test_the_text_of_any_version_can_be_read_back(self):
        first = self.p1.text
        self.publish(self.p1, 4, 10, "Reader")
        second = self.p1.text
        self.publish(self.p1, 0, 3, "A")
        self.assertEqual(
            [passage_text_at(self.p1, n) for n in (1, 2, 3)], [first, second, "A" + second[3:]]
        )
        self.assertEqual(passage_text_at(self.p2, 1), self.p2.text)

    def test_annotations_move_through_the_edit_and_keep_the_version_they_were_made_on(self):
        after = make_annotation(self.ana, self.p1, start=14, end=25)  # "addressed t"
        on = make_annotation(self.ana, self.p1, start=4, end=10)  # "reader"
        self.publish(self.p1, 0, 3, "Thy")  # same length: "ok"
        self.publish(self.p1, 0, 3, "A")  # shorter: moved
        after.refresh_from_db()
        self.assertEqual(
            (after.selector_exact, after.anchor_state, after.edition_version),
            ("addressed t", "moved", 1),
        )
        self.publish(self.p1, 2, 8, "scholar")
        on.refresh_from_db()
        self.assertEqual((on.selector_exact, on.anchor_state), ("scholar", "changed"))

    def test_a_version_that_changes_nothing_is_refused(self):
        with self.assertRaises(VersionError):
            version_publish(
                edition=self.edition, changes=[PassageChange(passage=self.p1, text=self.p1.text)]
            )

    def test_the_raw_text_never_changes(self):
        raw = self.edition.raw_text
        self.publish(self.p1, 4, 10, "Reader")
        self.edition.refresh_from_db()
        self.assertEqual(self.edition.raw_text, raw)

    def test_an_editor_decision_on_an_ocr_correction_publishes_a_version(self):
        Correction.objects.create(
            passage=self.p2,
            start=2,
            end=8,
            original="secnod",
            replacement="second",
            stage="respell",
            confidence=0.5,
        )
        note = make_annotation(self.ana, self.p2, start=9, end=18)
        correction_decide(correction=self.p2.corrections.get(), editor=self.ed, decision="reverted")
        self.edition.refresh_from_db()
        note.refresh_from_db()
        self.assertEqual(self.edition.version, 2)
        self.assertEqual(EditionVersion.objects.get(number=2).created_by, self.ed)
        self.assertEqual(note.selector_exact, "paragraph")
        self.assertEqual(passage_text_at(self.p2, 1)[2:8], "second")


class VersionPageTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.ed = make_user("ed", staff=True)
        cls.edition = make_edition()
        cls.section = cls.edition.sections.get()
        p1 = cls.edition.passages.get(anchor="p1")
        version_publish(
            edition=cls.edition,
            user=cls.ed,
            note="Capital R",
            changes=[PassageChange(passage=p1, text=p1.text.replace("reader is", "Reader is"))],
        )

    def test_readers_see_the_current_version_and_can_open_an_earlier_one(self):
        url = self.section.get_absolute_url()
        current = self.client.get(url).content.decode()
        self.assertIn("The Reader is addressed", current)
        self.assertIn('id="version-select"', current)
        old = self.client.get(f"{url}?version=1").content.decode()
        self.assertIn("The reader is addressed", old)
        self.assertIn("You are reading version 1", old)
        self.assertNotIn("data-annotations", old)  # offsets are those of the current text
        self.assertEqual(self.client.get(f"{url}?version=9").status_code, 404)

    def test_section_and_passage_diffs_mark_words_with_ins_and_del(self):
        url = self.section.get_absolute_url()
        for page in (f"{url}diff/?from=1&to=2", "/editions/thesis/passages/p1/diff/?from=1&to=2"):
            with self.subTest(page):
                html = self.client.get(page).content.decode()
                self.assertIn("<del>reader</del><ins>Reader</ins>", html)
        self.assertIn(
            "Nothing in this section changed",
            self.client.get(f"{url}diff/?from=2&to=2").content.decode(),
        )

    def test_provenance_lists_the_versions_of_a_passage(self):
        html = self.client.get("/editions/thesis/passages/p1/provenance/").content.decode()
        self.assertIn("Version 2", html)
        self.assertIn("Capital R", html)
        self.assertIn("<del>reader</del><ins>Reader</ins>", html)
        self.assertIn(
            "Unchanged since",
            self.client.get("/editions/thesis/passages/p2/provenance/").content.decode(),
        )

    def test_the_versions_page_lists_every_version(self):
        html = self.client.get("/editions/thesis/versions/").content.decode()
        self.assertIn("Version 2", html)
        self.assertIn("As ingested", html)


class AnnotationApiVersionTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.ana = make_user("ana")
        cls.edition = make_edition()

    def test_an_annotation_says_when_its_passage_was_corrected_since(self):
        p1 = self.edition.passages.get(anchor="p1")
        note = make_annotation(self.ana, p1, start=14, end=23, visibility="public")
        version_publish(
            edition=self.edition,
            changes=[PassageChange(passage=p1, text=p1.text.replace("reader is", "Reader is"))],
        )
        data = self.client.get(f"/api/annotations/{note.pk}/").json()
        since = data["lectio"]["correctedSince"]
        self.assertEqual([c["version"] for c in since], [2])
        self.assertIn(["-", "reader"], since[0]["diff"])
        self.assertIn(["+", "Reader"], since[0]["diff"])
        self.assertEqual(data["lectio"]["editionVersion"], 1)
        self.assertEqual(Annotation.objects.get(pk=note.pk).selector_exact, "addressed")


class ReingestVersionTests(TestCase):
    """Re-ingesting a changed source publishes a version with snapshots, as editors'
    changes do; an unchanged source publishes nothing."""

    WORDS = "common late Soviet practice"

    def setUp(self):
        import shutil
        import tempfile
        from pathlib import Path

        from tests.edition.helpers import SAMPLES

        self.dir = Path(tempfile.mkdtemp())
        self.addCleanup(shutil.rmtree, self.dir)
        self.source = self.dir / "summary.txt"
        shutil.copy(SAMPLES / "000-summary.txt", self.source)
        entry = {
            "slug": "summary",
            "title": "Summary",
            "author": "O. Smolyak",
            "year": None,
            "source": "summary.txt",
            "kind": "clean",
        }
        (self.dir / "manifest.json").write_text(json.dumps({"texts": [entry]}))
        self.ingest()
        self.passage = Passage.objects.get(text__contains=self.WORDS)
        self.before = self.passage.text

    def ingest(self):
        call_command(
            "ingest",
            manifest=self.dir / "manifest.json",
            texts=self.dir,
            stdout=io.StringIO(),
            stderr=io.StringIO(),
        )

    def test_a_changed_source_keeps_the_text_readers_saw_as_the_earlier_version(self):
        note = make_annotation(make_user("ana"), self.passage, visibility="public")
        self.source.write_text(
            self.source.read_text().replace(self.WORDS, "widespread " + self.WORDS)
        )
        self.ingest()
        edition = Edition.objects.get(slug="summary")
        self.assertEqual(edition.version, 2)
        version = EditionVersion.objects.get(edition=edition, number=2)
        self.assertEqual(version.note, "Re-ingested from summary.txt")
        self.assertEqual(
            list(PassageVersion.objects.filter(passage=self.passage).values_list("number", "text")),
            [(1, self.before), (2, self.before.replace(self.WORDS, "widespread " + self.WORDS))],
        )
        self.assertEqual(passage_text_at(self.passage, 1), self.before)
        page = self.client.get(self.passage.section.get_absolute_url() + "?version=1")
        self.assertContains(page, self.before[:60])
        data = self.client.get(f"/api/annotations/{note.pk}/").json()
        self.assertEqual([c["version"] for c in data["lectio"]["correctedSince"]], [2])

    def test_re_ingesting_an_unchanged_source_writes_no_version(self):
        self.ingest()
        self.assertEqual(Edition.objects.get(slug="summary").version, 1)
        self.assertIs(EditionVersion.objects.exists(), False)
        self.assertIs(PassageVersion.objects.exists(), False)

import hashlib
import io
import json
import shutil
import tempfile
from pathlib import Path

from django.core.management import CommandError, call_command
from django.test import TestCase

from edition.models import Correction, Edition, Passage
from tests.edition.helpers import SAMPLES, ingest_samples


def run(*args, **kwargs) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out, stderr=io.StringIO(), **kwargs)
    return out.getvalue()


class IngestCommandTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.output = ingest_samples()

    def test_it_creates_one_edition_per_manifest_text_and_prints_counts(self):
        self.assertEqual(Edition.objects.count(), 3)
        for slug in ("filtzer-sample", "russell-sample", "smolyak-sample"):
            with self.subTest(slug):
                self.assertIn(f"{slug}: created, version 1", self.output)
        self.assertRegex(self.output, r"\d+ passages \(\d+ new")

    def test_it_stores_the_raw_text_unchanged_and_keeps_the_source_file_intact(self):
        for edition in Edition.objects.all():
            with self.subTest(edition.slug):
                data = (SAMPLES / edition.source_file).read_bytes()
                self.assertEqual(edition.raw_text, data.decode("utf-8"))
                self.assertEqual(edition.raw_sha256, hashlib.sha256(data).hexdigest())

    def test_every_passage_keeps_its_source_line_span(self):
        for edition in Edition.objects.all():
            lines = edition.raw_text.count("\n") + 1
            spans = edition.passages.values_list("line_start", "line_end")
            with self.subTest(edition.slug):
                self.assertIs(all(1 <= a <= b <= lines for a, b in spans), True)

    def test_running_it_again_changes_nothing_and_keeps_passage_ids(self):
        before = dict(Passage.objects.values_list("anchor", "text"))
        corrections = Correction.objects.count()
        output = ingest_samples(force=True)  # parse again: nothing may differ
        self.assertEqual(dict(Passage.objects.values_list("anchor", "text")), before)
        self.assertEqual(Correction.objects.count(), corrections)
        self.assertIn("filtzer-sample: updated, version 1", output)
        self.assertIn("0 new, 0 updated", output)

    def test_clean_and_born_digital_texts_get_no_corrections(self):
        for slug in ("russell-sample", "smolyak-sample"):
            with self.subTest(slug):
                edition = Edition.objects.get(slug=slug)
                self.assertEqual(Correction.objects.filter(passage__edition=edition).count(), 0)
                self.assertIs(edition.passages.exclude(original="").exists(), False)

    def test_the_ocr_text_gets_corrections_with_provenance(self):
        corrections = Correction.objects.filter(passage__edition__slug="filtzer-sample")
        self.assertGreater(corrections.count(), 100)
        for c in corrections.select_related("passage")[:200]:
            self.assertEqual(c.passage.text[c.start : c.end], c.replacement)


class IngestBadInputTests(TestCase):
    """Bad input: a clear message, a non-zero exit, and the database unchanged."""

    def setUp(self):
        self.dir = Path(tempfile.mkdtemp())
        self.addCleanup(shutil.rmtree, self.dir)
        shutil.copy(SAMPLES / "000-summary.txt", self.dir / "good.txt")

    def manifest(self, *texts) -> Path:
        entries = [
            {
                "slug": "good",
                "title": "Good",
                "author": "A",
                "year": None,
                "source": "good.txt",
                "kind": "clean",
            },
            *texts,
        ]
        (self.dir / "manifest.json").write_text(json.dumps({"texts": entries}))
        return self.dir / "manifest.json"

    def bad(self, name: str, data: bytes | None, kind: str = "clean") -> dict:
        if data is not None:
            (self.dir / name).write_bytes(data)
        return {
            "slug": "bad",
            "title": "Bad",
            "author": "A",
            "year": None,
            "source": name,
            "kind": kind,
        }

    def test_it_refuses_each_kind_of_bad_file_and_writes_nothing_of_it(self):
        cases = [
            ("empty", self.bad("e.txt", b""), "empty"),
            ("binary", self.bad("b.txt", b"\x00\x01\x02binary\x00" * 50), "binary"),
            ("not utf-8", self.bad("l.txt", "caf\u00e9 cr\u00e8me".encode("latin-1")), "UTF-8"),
            ("too large", self.bad("big.txt", b"word " * 10_500_000), "the limit is"),
            ("missing file", self.bad("nope.txt", None), "not found"),
        ]
        for name, entry, message in cases:
            with self.subTest(name):
                err = io.StringIO()
                with self.assertRaises(CommandError) as raised:
                    call_command(
                        "ingest",
                        "bad",
                        manifest=self.manifest(entry),
                        texts=self.dir,
                        stdout=io.StringIO(),
                        stderr=err,
                    )
                self.assertIn("1 of 1 texts failed: bad", str(raised.exception))
                self.assertIn(message, err.getvalue())
                self.assertIs(Edition.objects.filter(slug="bad").exists(), False)

    def test_it_names_the_problem_on_stderr(self):
        err = io.StringIO()
        with self.assertRaises(CommandError):
            call_command(
                "ingest",
                "bad",
                manifest=self.manifest(self.bad("e.txt", b"")),
                texts=self.dir,
                stdout=io.StringIO(),
                stderr=err,
            )
        self.assertIn("error: bad:", err.getvalue())
        self.assertIn("e.txt", err.getvalue())

    def test_it_ingests_the_good_texts_and_still_exits_non_zero_for_the_bad_one(self):
        with self.assertRaises(CommandError):
            run("ingest", manifest=self.manifest(self.bad("e.txt", b"")), texts=self.dir)
        self.assertIs(Edition.objects.filter(slug="good").exists(), True)
        self.assertIs(Edition.objects.filter(slug="bad").exists(), False)

    def test_it_refuses_an_unknown_kind_and_an_unknown_name(self):
        manifest = self.manifest(self.bad("g2.txt", b"Some text.\n", kind="scroll"))
        with self.assertRaisesMessage(CommandError, "unknown kind 'scroll'"):
            run("ingest", manifest=manifest, texts=self.dir)
        with self.assertRaisesMessage(CommandError, "not in the manifest: nobody"):
            run("ingest", "nobody", manifest=self.manifest(), texts=self.dir)
        self.assertEqual(Edition.objects.count(), 0)

    def test_it_refuses_a_source_that_no_longer_matches_its_checksum(self):
        entry = self.bad("g3.txt", b"Some text.\n") | {"sha256": "0" * 64}
        with self.assertRaises(CommandError):
            run("ingest", "bad", manifest=self.manifest(entry), texts=self.dir)
        self.assertIs(Edition.objects.filter(slug="bad").exists(), False)


class ExportCommandTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        ingest_samples()

    def test_list_prints_slug_source_and_title_tab_separated(self):
        lines = run("export_edition", "--list").splitlines()
        self.assertIn(
            "filtzer-sample\t002-chapters-1-2.txt\tSoviet Workers and Stalinist "
            "Industrialization (chapters 1–2 sample)",
            lines,
        )
        self.assertEqual(len(lines), 3)

    def test_markdown_has_front_matter_headings_and_footnotes(self):
        md = run("export_edition", "russell-sample", "--format", "md")
        self.assertTrue(md.startswith('---\ntitle: "Pre-War Factory Relations'))
        self.assertIn('\nauthor: "Christopher Russell"\n', md)
        self.assertRegex(md, r"\n# Introduction\n")
        self.assertIn("[^1]", md)
        self.assertRegex(md, r"\n\[\^1\]: \S")
        refs = set(__import__("re").findall(r"\[\^([^\]]+)\](?!:)", md))
        defs = set(__import__("re").findall(r"\n\[\^([^\]]+)\]:", md))
        self.assertEqual(refs, defs)

    def test_markdown_marks_ocr_calls_without_note_text(self):
        md = run("export_edition", "filtzer-sample", "--format", "md")
        self.assertRegex(md, r"\[\^1\.\d+\]")
        self.assertIn("Note text not in the source.", md)

    def test_json_gives_every_passage_its_id_iri_and_text(self):
        data = json.loads(run("export_edition", "smolyak-sample", "--format", "json"))
        passages = [p for s in data["sections"] for p in s["passages"]]
        self.assertEqual(
            len(passages),
            Passage.objects.filter(edition__slug="smolyak-sample", retired=False).count(),
        )
        first = passages[0]
        self.assertEqual(
            first["url"], f"http://127.0.0.1:8000/editions/smolyak-sample/passages/{first['id']}/"
        )
        self.assertIs(all(p["text"] for p in passages), True)

    def test_it_fails_clearly_for_an_unknown_edition(self):
        with self.assertRaisesMessage(CommandError, "no edition 'nope'"):
            run("export_edition", "nope")


class UnchangedSourceCommandTests(TestCase):
    def test_a_second_run_on_unchanged_sources_says_so_and_writes_nothing(self):
        ingest_samples("smolyak-sample")
        edition = Edition.objects.get(slug="smolyak-sample")
        out = ingest_samples("smolyak-sample")
        self.assertIn("smolyak-sample: unchanged", out)
        self.assertEqual(Edition.objects.get(pk=edition.pk).ingested_at, edition.ingested_at)
        forced = ingest_samples("smolyak-sample", force=True)
        self.assertNotIn("smolyak-sample: unchanged", forced)
        self.assertIn("smolyak-sample: updated", forced)

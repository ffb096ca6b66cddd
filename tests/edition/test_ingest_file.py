"""`manage.py ingest --file`: one file of any supported format in, one edition out."""

import io
import re
import shutil
import tempfile
from pathlib import Path

from django.core.management import CommandError, call_command
from django.test import TestCase, override_settings
from pypdf import PdfWriter
from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject

from edition.models import Edition, EditionVersion, Passage

PROSE = [
    "The mill stood at the bend of the river, where the water ran fast enough to turn",
    "the great wheel through every season of the year.",
    "",
    "Its owner lived in the town and came out on Fridays to count the bales and speak",
    "with the foreman about the wages and the hours.",
    "",
    "In the winter the river froze at its edges, and the workers broke the ice with long",
    "poles before the first shift could begin.",
]


def run(*args, **options) -> str:
    out = io.StringIO()
    call_command("ingest", *args, stdout=out, stderr=io.StringIO(), **options)
    return out.getvalue()


def export(slug: str) -> str:
    out = io.StringIO()
    call_command("export_edition", slug, "--format", "md", stdout=out)
    return out.getvalue()


def words(text: str) -> list[str]:
    return re.findall(r"[A-Za-z]+", text)


def make_pdf(pages: list[list[str]], *, labels: bool = True, text: bool = True) -> bytes:
    """A small PDF: each page's lines in Helvetica; pages i, ii, then 1, 2, ... as labels."""
    writer = PdfWriter()
    font = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Font"),
            NameObject("/Subtype"): NameObject("/Type1"),
            NameObject("/BaseFont"): NameObject("/Helvetica"),
        }
    )
    font_ref = writer._add_object(font)
    for lines in pages:
        page = writer.add_blank_page(612, 792)
        ops = ["BT", "/F1 11 Tf", "14 TL", "72 720 Td"]
        ops += [f"({line}) Tj T*" for line in lines] if text else []
        ops.append("ET")
        stream = DecodedStreamObject()
        stream.set_data("\n".join(ops).encode("latin-1"))
        page[NameObject("/Contents")] = writer._add_object(stream)
        fonts = DictionaryObject({NameObject("/F1"): font_ref})
        page[NameObject("/Resources")] = DictionaryObject({NameObject("/Font"): fonts})
    if labels:
        writer.set_page_label(0, 1, style="/r")
        writer.set_page_label(2, len(pages) - 1, style="/D", start=1)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


class FileTestCase(TestCase):
    def setUp(self):
        self.dir = Path(tempfile.mkdtemp())
        self.addCleanup(shutil.rmtree, self.dir)

    def write(self, name: str, content) -> Path:
        path = self.dir / name
        if isinstance(content, str):
            content = content.encode("utf-8")
        path.write_bytes(content)
        return path

    def ingest(self, name: str, content, **options) -> tuple[str, Edition]:
        output = run(file=self.write(name, content), **options)
        slug = output.strip().splitlines()[-1]
        return output, Edition.objects.get(slug=slug)

    def passages(self, edition: Edition):
        return list(Passage.objects.filter(edition=edition, retired=False).order_by("order"))


class IngestFileTests(FileTestCase):
    def test_a_clean_text_keeps_every_word_through_ingest_and_markdown_export(self):
        text = "THE MILL\n\n" + "\n".join(PROSE) + "\n"
        output, edition = self.ingest("mill.txt", text, kind="clean", title="The Mill")
        self.assertEqual(output.strip().splitlines()[-1], "the-mill")
        body = export("the-mill").split("---\n", 2)[2]
        self.assertEqual(words(body), words(text))

    def test_a_text_with_no_headings_becomes_one_section_of_paragraphs(self):
        _, edition = self.ingest("plain.txt", "\n".join(PROSE))
        self.assertEqual(edition.sections.count(), 1)
        kinds = [p.kind for p in self.passages(edition)]
        self.assertEqual(kinds, ["paragraph"] * 3)
        self.assertIn("none detected", edition.report["parser"]["headings"][0])

    def test_headings_start_sections_and_the_report_gives_the_evidence(self):
        text = "CHAPTER I\n\n" + "\n".join(PROSE[:2]) + "\n\nCHAPTER II\n\n" + "\n".join(PROSE[3:])
        output, edition = self.ingest("book.txt", text, title="A Book", author="A. Writer")
        self.assertEqual(edition.sections.count(), 2)
        self.assertEqual(edition.work.author, "A. Writer")
        self.assertIn("'CHAPTER II' wording", output)
        self.assertIn("kind: born-digital (edited text:", output)

    def test_footnotes_on_page_feet_are_notes_called_from_their_page(self):
        pages = [
            "\n".join(
                [
                    *PROSE[:2],
                    "The wheel was made of oak.¹",
                    "",
                    "¹ From the parish records.",
                    "",
                    "1",
                ]
            ),
            "\n".join(
                [
                    *PROSE[3:5],
                    "The foreman kept a ledger.²",
                    "",
                    "² Now in the county archive.",
                    "",
                    "2",
                ]
            ),
            "\n".join([*PROSE[6:], "", "3"]),
        ]
        _, edition = self.ingest("notes.txt", "\n\f".join(pages), title="Notes")
        passages = self.passages(edition)
        notes = [p for p in passages if p.kind == "note"]
        self.assertEqual(
            [n.text for n in notes], ["From the parish records.", "Now in the county archive."]
        )
        calls = [c for p in passages for c in p.inline.get("calls", [])]
        self.assertEqual([c["label"] for c in calls], [n.label for n in notes])
        body = [p for p in passages if p.kind == "paragraph"]
        self.assertNotIn("¹", " ".join(p.text for p in body))
        self.assertEqual(
            [pg["page"] for p in body for pg in p.inline.get("pages", [])], ["1", "2", "3"]
        )

    def test_stray_digits_in_a_text_without_notes_stay_text(self):
        text = "The mill had 3 wheels.1 It stood from 1840 to 1921, page 12.\n"
        _, edition = self.ingest("digits.txt", text)
        passage = self.passages(edition)[0]
        self.assertEqual(passage.text, text.strip())
        self.assertEqual(passage.inline.get("calls", []), [])

    def test_markdown_headings_emphasis_and_footnotes(self):
        text = (
            "# The Mill\n\n## Water\n\nThe wheel *turned* all year.[^1]\n\n[^1]: Even in frost.\n"
        )
        _, edition = self.ingest("mill.md", text)
        passages = self.passages(edition)
        self.assertEqual(edition.work.title, "The Mill")
        paragraph = next(p for p in passages if p.kind == "paragraph")
        self.assertEqual(paragraph.text, "The wheel turned all year.")
        self.assertEqual(paragraph.inline["emphasis"], [[10, 16]])
        note = next(p for p in passages if p.kind == "note")
        self.assertEqual(note.text, "Even in frost.")
        self.assertEqual(paragraph.inline["calls"][0]["label"], note.label)

    def test_encodings_are_detected_and_reported(self):
        text = (
            "Café crème at the mill’s canteen — a naïve déjà vu for the workers, every day.\n" * 3
        )
        cases = [
            ("utf16.txt", b"\xff\xfe" + text.encode("utf-16-le"), "utf-16 (byte-order mark)"),
            ("cp1252.txt", text.encode("cp1252"), "detected by charset-normalizer"),
        ]
        for name, data, evidence in cases:
            with self.subTest(name):
                output, edition = self.ingest(name, data, title=name)
                self.assertIn(evidence, output)
                self.assertIn("Café crème", self.passages(edition)[0].text)

    def test_a_pdf_gives_page_anchors_with_its_page_labels(self):
        pages = [
            ["Preface", "", "This short preface explains the book."],
            ["It goes on for a second page."],
            ["CHAPTER 1", "", "The first chapter begins here and says a great deal."],
            ["The first chapter continues on its second page."],
        ]
        output, edition = self.ingest("book.pdf", make_pdf(pages), title="PDF Book")
        self.assertIn("page labels from the PDF", output)
        anchors = [pg["page"] for p in self.passages(edition) for pg in p.inline.get("pages", [])]
        self.assertEqual(anchors, ["i", "ii", "1", "2"])
        self.assertEqual(edition.sections.count(), 2)

    def test_the_same_file_again_makes_no_version_and_a_changed_one_does(self):
        _, edition = self.ingest("v.txt", "\n".join(PROSE), title="Versions")
        _, again = self.ingest("v.txt", "\n".join(PROSE), title="Versions")
        self.assertEqual((again.version, EditionVersion.objects.count()), (1, 0))
        changed = "\n".join(PROSE).replace("Fridays", "Saturdays")
        _, edition = self.ingest("v.txt", changed, title="Versions")
        self.assertEqual(edition.version, 2)
        self.assertEqual(EditionVersion.objects.get(number=2).note, "Re-ingested from v.txt")
        self.assertIn("Saturdays", " ".join(p.text for p in self.passages(edition)))


class BadFileTests(FileTestCase):
    def test_each_bad_file_is_refused_with_its_reason_and_nothing_written(self):
        cases = [
            ("empty.txt", b"", "the file is empty"),
            ("blank.txt", b"   \n\n  \n", "the file is empty"),
            ("binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 20, "binary file"),
            ("scan.pdf", make_pdf([["x"], ["y"]], labels=False, text=False), "no text layer"),
            ("broken.pdf", b"%PDF-1.4\nnot really a pdf", "not a readable PDF"),
            ("heading.txt", b"CHAPTER I\n", "no passage of text found"),
        ]
        for name, data, message in cases:
            with self.subTest(name):
                before = (Edition.objects.count(), Passage.objects.count())
                with self.assertRaises(CommandError) as raised:
                    run(file=self.write(name, data))
                self.assertIn(message, str(raised.exception))
                self.assertIn("the database is unchanged", str(raised.exception))
                self.assertEqual((Edition.objects.count(), Passage.objects.count()), before)

    @override_settings(INGEST_MAX_BYTES=100)
    def test_an_oversize_file_is_refused(self):
        with self.assertRaisesMessage(CommandError, "the limit is 100"):
            run(file=self.write("big.txt", "word " * 100))
        self.assertEqual(Edition.objects.count(), 0)

    def test_a_missing_file_is_refused(self):
        with self.assertRaisesMessage(CommandError, "cannot read the file"):
            run(file=self.dir / "nope.txt")


class NoteSequenceExportTests(FileTestCase):
    def test_a_note_whose_call_is_lost_is_exported_in_its_place_in_the_sequence(self):
        definitions = "".join(f"[^{n}]: N{n}.\n" for n in (1, 2, 3, 4))
        text = f"# Mill\n\nOne.[^1] Three.[^3] Four.[^4]\n\n{definitions}"
        _, edition = self.ingest("seq.md", text)
        definitions = re.findall(r"^\[\^(\d+)\]:", export(edition.slug), re.M)
        self.assertEqual(definitions, ["1", "2", "3", "4"])

    def test_file_and_manifest_options_do_not_mix(self):
        with self.assertRaisesMessage(CommandError, "--file takes one file"):
            run("some-slug", file=self.write("x.txt", "Some text."))

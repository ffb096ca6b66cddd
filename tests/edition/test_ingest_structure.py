"""The structure parser on small texts of unknown shape: divisions, notes, OCR blocks."""

import unittest

from edition.ingest.structure import join_lines, parse_structured

CHAPTERS = """PART ONE

CHAPTER I

The mill opened in the spring.1 The owner came from the town.2

CHAPTER II

The river froze in the winter.1

NOTES

1. From the parish records.
2. The owner's letters.
1. The weather diary of the foreman.
"""


class StructureTests(unittest.TestCase):
    def test_an_endnotes_section_goes_to_the_chapters_that_call_it(self):
        doc = parse_structured(CHAPTERS, title="Mill")
        chapters = [d for d in doc.divisions if d.role == "chapter"]
        self.assertEqual([d.number for d in chapters], ["1", "2"])
        self.assertEqual([d.part for d in chapters], ["PART ONE", "PART ONE"])
        notes = [[n.text for n in d.notes] for d in chapters]
        self.assertEqual(
            notes,
            [
                ["From the parish records.", "The owner's letters."],
                ["The weather diary of the foreman."],
            ],
        )
        paragraph = chapters[0].blocks[1]
        self.assertEqual(
            paragraph.text, "The mill opened in the spring. The owner came from the town."
        )
        self.assertEqual([c.label for c in paragraph.calls], [n.label for n in chapters[0].notes])
        self.assertNotIn("notes", [d.role for d in doc.divisions])
        self.assertTrue(any("endnotes section" in e for e in doc.report["evidence"]))

    def test_a_numbered_list_without_calls_stays_text(self):
        text = "Steps to open the mill:\n\n1. Open the gate.\n2. Start the wheel.\n"
        doc = parse_structured(text)
        self.assertEqual(doc.report["notes"], 0)
        self.assertIn(
            "1. Open the gate. 2. Start the wheel.", [b.text for b in doc.divisions[0].blocks]
        )

    def test_ocr_blocks_are_corrected_but_stray_digits_never_become_calls(self):
        text = "THE MILL\n\nThe mill had 3 wheels.1 It opened in 1840 and closed, 5 years later.\n"
        doc = parse_structured(text, ocr=True)
        paragraph = doc.divisions[0].blocks[1]
        self.assertEqual(paragraph.calls, [])
        self.assertIn("3 wheels.1", paragraph.text)
        self.assertEqual(doc.report["parser"], "structure learned from the text (OCR corrected)")

    def test_lines_are_joined_keeping_every_word(self):
        cases = [
            (["a well-", "known mill"], "a well-known mill"),
            (["the  mill", "", "  stood"], "the mill stood"),
            (["ends -", "here"], "ends - here"),
        ]
        for lines, joined in cases:
            with self.subTest(lines):
                self.assertEqual(join_lines(lines), joined)


class RejoinTests(unittest.TestCase):
    def test_a_break_mid_sentence_is_not_a_paragraph_end(self):
        cases = [
            (
                "The mill stood by the\n\nriver all year.\n",
                ["The mill stood by the river all year."],
            ),
            ("The mill stood.\n\nriver all year.\n", ["The mill stood.", "river all year."]),
            ("The mill stood by the\n\nRiver Avon.\n", ["The mill stood by the", "River Avon."]),
        ]
        for text, paragraphs in cases:
            with self.subTest(text):
                doc = parse_structured(text)
                self.assertEqual([b.text for b in doc.divisions[0].blocks], paragraphs)


GUTENBERG_LIKE = """CHAPTER I.

THE MILL ON THE RIVER.

The mill stood at the bend of the river,[1] where the water ran fast
enough to turn the great wheel through every season of the year.

Its owner lived in the town.[2]

[Footnote 1: The river is the Avon.]

[2] He was also the banker.

CHAPTER II.

THE WINTER.

In the winter the river froze at its edges.
"""


class BracketNoteTests(unittest.TestCase):
    def test_bracketed_calls_and_notes_closing_a_section(self):
        doc = parse_structured(GUTENBERG_LIKE, title="Mill")
        chapter = doc.divisions[0]
        self.assertEqual(chapter.title, "CHAPTER I. THE MILL ON THE RIVER.")
        self.assertEqual(
            [n.text for n in chapter.notes], ["The river is the Avon.", "He was also the banker."]
        )
        texts = [b.text for b in chapter.blocks]
        self.assertIn("Its owner lived in the town.", texts)
        self.assertEqual(sum(len(b.calls) for b in chapter.blocks), 2)

"""The detectors of texts of unknown shape, each with positive and negative cases."""

import unittest

from edition.ingest import notes
from edition.ingest.kinds import decide_kind
from edition.ingest.layout import (
    classify_heading,
    detect_pages,
    page_number_lines,
    paragraph_shape,
)


def page(lines: list[str], number: str) -> list[str]:
    return [*lines, "", number, ""]


WORDS = "mill river wheel owner town bales foreman wages hours winter ice shift".split()  # noqa: SIM905
BODY = [f"The {w} of the body text runs on for a while, as prose does." for w in WORDS]


class HeadingTests(unittest.TestCase):
    def test_headings_by_wording_numbering_and_capitals(self):
        cases = [
            ("CHAPTER IV", 1, "chapter", "4"),
            ("Chapter 12: The Harvest", 1, "chapter", "12"),
            ("Part Two", 1, "part", "2"),
            ("Introduction", 1, "introduction", ""),
            ("NOTES", 1, "notes", ""),
            ("3. The Factory Floor", 1, "chapter", "3"),
            ("II The Strike", 1, "chapter", "2"),
            ("2.4 Wages and Norms", 2, "", "2.4"),
            ("THE NIGHT SHIFT", 1, "", ""),
            ("SHIPPING INTELLIGENCE.", 1, "", ""),
            ("The Night Shift at the Mill", 2, "", ""),
        ]
        for line, level, role, number in cases:
            with self.subTest(line):
                guess = classify_heading(line)
                self.assertIsNotNone(guess)
                self.assertEqual((guess.level, guess.role, guess.number), (level, role, number))

    def test_sentences_numbers_and_long_lines_are_not_headings(self):
        cases = [
            "It was late when the shift ended.",
            "the night shift at the mill",
            "42",
            "xii",
            "A.",
            "1940, p. 21.",
            "The Night Shift " * 8,
            "Chapter and verse were quoted at length by the speaker,",
        ]
        for line in cases:
            with self.subTest(line):
                self.assertIsNone(classify_heading(line))

    def test_title_case_can_be_switched_off(self):
        self.assertIsNone(classify_heading("The Night Shift", title_case_allowed=False))
        self.assertIsNotNone(classify_heading("THE NIGHT SHIFT", title_case_allowed=False))


class PageTests(unittest.TestCase):
    def test_lone_numbers_in_sequence_at_page_feet_make_pages(self):
        lines = page(BODY, "7") + page(BODY, "8") + page(BODY, "9")
        layout = detect_pages(lines)
        self.assertEqual(len(layout.starts), 3)
        self.assertEqual(layout.labels, ["7", "8", "9"])
        self.assertIn("page feet", layout.evidence[0])

    def test_numbers_out_of_sequence_or_close_together_are_not_pages(self):
        cases = {
            "out of sequence": page(BODY, "7") + page(BODY[1:], "3") + page(BODY[2:], "12"),
            "a numbered list": ["", "1", "", "2", "", "3", ""],
            "only two": page(BODY, "7") + page(BODY, "8"),
        }
        for name, lines in cases.items():
            with self.subTest(name):
                self.assertEqual(page_number_lines(lines), [])
                self.assertEqual(detect_pages(lines).starts, [])

    def test_form_feeds_make_pages_and_recurring_heads_are_furniture(self):
        head = "THE HISTORY OF THE MILL"
        text = "\n\f".join("\n".join([head, "", *BODY, "", str(n)]) for n in (10, 11, 12, 13))
        lines = text.split("\n")
        layout = detect_pages(lines)
        self.assertEqual(layout.labels, ["10", "11", "12", "13"])
        heads = [i for i in layout.furniture if head in lines[i]]
        self.assertEqual(len(heads), 4)
        self.assertTrue(any("running heads" in e for e in layout.evidence))

    def test_a_heading_on_one_page_only_is_not_furniture(self):
        pages = [["A HEADING ONCE", *BODY], BODY, BODY]
        lines = "\n\f".join("\n".join(p) for p in pages).split("\n")
        layout = detect_pages(lines)
        self.assertNotIn(0, layout.furniture)

    def test_given_page_labels_are_used(self):
        lines = ["one", "\ftwo", "\fthree"]
        self.assertEqual(detect_pages(lines, ["i", "ii", "1"]).labels, ["i", "ii", "1"])


class ParagraphShapeTests(unittest.TestCase):
    def test_each_shape_is_recognised(self):
        wrapped = ["A line of wrapped prose that runs to the usual width here."] * 6
        cases = {
            "blank-lines": ["One paragraph here.", "", "Another one.", "", "A third."],
            "indentation": [
                *(["  Indented first line of a paragraph.", *wrapped[:5]] * 3),
            ],
            "line-length": [*wrapped, "Short end.", *wrapped, "Short end."] * 3,
            "one-per-line": ["word " * 60] * 5,
        }
        for rule, lines in cases.items():
            with self.subTest(rule):
                self.assertEqual(paragraph_shape(lines).rule, rule)


class NoteTests(unittest.TestCase):
    def test_footnotes_at_a_page_foot_need_their_calls_above(self):
        lines = [
            "The mill opened in 1840.¹ Its owner was a banker.²",
            "Work began at dawn.",
            "¹ Town records.",
            "² He also owned the bank.",
        ]
        found = notes.page_footnotes(lines, list(range(4)))
        self.assertEqual(
            [(e.number, e.text) for e in found],
            [(1, "Town records."), (2, "He also owned the bank.")],
        )

    def test_numbered_lines_without_calls_are_not_footnotes(self):
        cases = {
            "no calls": ["The mill opened in spring.", "Work began.", "1 Town records.", "2 More."],
            "a numbered list": ["Steps:", "1. Open the gate.", "2. Start the wheel.", "3. Wait."],
            "out of sequence": ["Opened.¹ Closed.²", "x", "2 Second.", "1 First."],
        }
        for name, lines in cases.items():
            with self.subTest(name):
                self.assertEqual(notes.page_footnotes(lines, list(range(len(lines)))), [])

    def test_calls_are_taken_only_for_existing_notes_in_sequence(self):
        cases = [
            ("Opened in 1840.¹ Closed.²", {1, 2}, "Opened in 1840. Closed.", [1, 2]),
            ("Opened in 1840.¹ Closed.²", {1}, "Opened in 1840. Closed.²", [1]),
            ("In 1840 there were 5 mills.", {1, 5}, "In 1840 there were 5 mills.", []),
            ("Opened.3 Then closed.1", {1, 3}, "Opened.3 Then closed.", [1]),
            ("No notes here, page 12.", set(), "No notes here, page 12.", []),
        ]
        for text, numbers, expected, taken in cases:
            with self.subTest(text):
                result, calls = notes.take_calls(text, numbers, start=0)
                self.assertEqual(result, expected)
                self.assertEqual([number for _, number, _ in calls], taken)


class KindTests(unittest.TestCase):
    def test_the_kind_is_decided_from_the_text(self):
        prose = "The mill opened in the spring and the workers came\nfrom the villages. " * 40
        ocr = "Tlie mill opeued iu tbe spring , and tho workcrs\ncarne from 1 840 vilIages . " * 40
        clean = ("A whole paragraph on one long line, as a clean text has it. " * 6 + "\n\n") * 5
        for text, kind in ((prose, "born-digital"), (ocr, "ocr-book"), (clean, "clean")):
            with self.subTest(kind):
                decided, reason = decide_kind(text)
                self.assertEqual(decided, kind)
                self.assertIn("unknown words", reason)


class RunningHeadPageTests(unittest.TestCase):
    def test_a_head_recurring_at_page_intervals_makes_pages_and_labels_them(self):
        lines = []
        for number in (41, 42, 43, 44):
            lines += [f"{number}   THE HISTORY OF THE MILL", "", *BODY, ""]
        layout = detect_pages(lines)
        self.assertEqual(len(layout.starts), 4)
        self.assertEqual(layout.labels, ["41", "42", "43", "44"])
        self.assertIn("running head recurring", layout.evidence[0])

    def test_a_refrain_at_irregular_intervals_is_not_a_running_head(self):
        lines = ["Chorus line here", "", *BODY[:9], "", "Chorus line here", ""]
        lines += [*BODY, *BODY, *BODY, "", "Chorus line here", "", *BODY]
        self.assertEqual(detect_pages(lines).starts, [])


class NoteLineTests(unittest.TestCase):
    def test_note_lines_by_their_opening_number(self):
        cases = [
            ("12. Ibid., p. 4.", 12, "Ibid., p. 4."),
            ("3) See above.", 3, "See above."),
            ("² Town records.", 2, "Town records."),
            ("[2] He was the banker.", 2, "He was the banker."),
            ("[Footnote 1: The river is the Avon.]", 1, "The river is the Avon."),
        ]
        for line, number, body in cases:
            with self.subTest(line):
                self.assertEqual((notes.note_number(line), notes.note_body(line)), (number, body))

    def test_lines_that_are_not_notes(self):
        for line in ("1940, p. 21.", "3 wheels turned.", "12abc Foo", "Ibid. 12", "[a] letter"):
            with self.subTest(line):
                self.assertIsNone(notes.note_number(line))

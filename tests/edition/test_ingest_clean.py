"""The clean-text parser (one paragraph per line), on seed 000 and on small made-up texts."""

import unittest
from collections import Counter
from pathlib import Path

from edition.ingest.clean import parse_clean
from edition.ingest.document import HEADING, PARAGRAPH

SEED = Path(__file__).resolve().parents[2] / "fixtures/texts/000_3d591ff5ca87ae2e.txt"
FIXTURE = Path(__file__).resolve().parents[2] / "fixtures/texts/000_3d591ff5ca87ae2e.txt"
TITLE = "“Working for Yourself”: Resource Theft at a Factory in the Late Soviet Era. Summary"
CREDIT = "Authorized translation from Russian by Anna Paretskaya"


def read_seed() -> str:
    path = FIXTURE if FIXTURE.exists() else SEED
    return path.read_text(encoding="utf-8")


def block_words(division) -> list[str]:
    return [word for block in division.blocks for word in block.text.split()]


class SummaryTests(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.raw = read_seed()
        cls.lines = cls.raw.split("\n")
        cls.document = parse_clean(cls.raw)
        cls.front, cls.body = cls.document.divisions

    def test_it_reads_title_and_author_from_the_first_lines(self):
        self.assertEqual((self.document.title, self.document.author), (TITLE, "Olga Smolyak"))

    def test_byline_and_translator_credit_go_to_the_title_page_not_the_body(self):
        self.assertEqual(self.front.role, "title-page")
        got = [(b.kind, b.text, b.lines) for b in self.front.blocks]
        self.assertEqual(
            got,
            [
                (HEADING, TITLE, (1, 1)),
                (PARAGRAPH, "Olga Smolyak", (3, 3)),
                (PARAGRAPH, CREDIT, (50, 50)),
            ],
        )
        body_lines = [b.lines[0] for b in self.body.blocks]
        for line in (1, 3, 50):
            with self.subTest(line=line):
                self.assertNotIn(line, body_lines)

    def test_short_unpunctuated_lines_are_headings(self):
        headings = [(b.lines[0], b.text, b.level) for b in self.body.blocks if b.kind == HEADING]
        self.assertEqual(
            headings,
            [
                (9, "Traveling Things and “Working for Yourself”", 2),
                (21, "Traveling Objects as Instruments of Social Network Creation", 2),
                (31, "Traveling Objects as Markers of Social Justice", 2),
            ],
        )

    def test_every_other_line_is_one_paragraph(self):
        paragraphs = [b.lines for b in self.body.blocks if b.kind == PARAGRAPH]
        self.assertEqual(len(paragraphs), 19)
        self.assertEqual(paragraphs[0], (5, 5))
        self.assertEqual(paragraphs[-1], (48, 48))
        self.assertEqual(self.document.report["paragraphs"], 19)

    def test_the_probably_lost_heading_is_flagged_not_invented(self):
        self.assertEqual(len(self.document.warnings), 1)
        self.assertIn("lines 42-43", self.document.warnings[0])
        self.assertEqual(self.document.report["possible_lost_headings"], 1)
        self.assertEqual(self.block_after(41).lines, (44, 44))
        self.assertEqual(self.block_after(41).kind, PARAGRAPH)

    def block_after(self, line):
        return next(b for b in self.body.blocks if b.lines[0] > line)

    def test_body_keeps_every_source_word_in_order(self):
        expected = [w for line in self.lines[4:48] for w in line.split()]
        self.assertEqual(block_words(self.body), expected)

    def test_the_whole_edition_has_exactly_the_source_words(self):
        got = Counter(block_words(self.front) + block_words(self.body))
        self.assertEqual(got, Counter(self.raw.split()))

    def test_a_word_changed_in_the_source_is_changed_in_the_body(self):
        line = next(i for i in range(4, 48) if "labor" in self.lines[i].split())
        lines = list(self.lines)
        lines[line] = lines[line].replace("labor", "labour", 1)
        document = parse_clean("\n".join(lines))
        body = next(d for d in document.divisions if d is not document.divisions[0])
        expected = [w for text in lines[4:48] for w in text.split()]
        self.assertEqual(block_words(body), expected)
        self.assertNotEqual(block_words(body), block_words(self.body))


class GenericCleanTextTests(unittest.TestCase):
    def test_it_recognises_structure_only_where_the_text_shows_it(self):
        cases = [
            # (text, title, author, [(kind, line)], warnings)
            (
                "A Plain Title\n\nJane Doe\n\nFirst paragraph, long enough.\n\nSecond one.",
                "A Plain Title",
                "Jane Doe",
                [("paragraph", 5), ("paragraph", 7)],
                0,
            ),
            (
                "This text starts with a sentence.\n\nAnd goes on.",
                "Untitled",
                "",
                [("paragraph", 1), ("paragraph", 3)],
                0,
            ),
            (
                "Title\n\nWhy the Factory Mattered\n\n"
                + "Body text " * 20
                + "\n\nMore.\n\n\nAfter.",
                "Title",
                "",
                [("heading", 3), ("paragraph", 5), ("paragraph", 7), ("paragraph", 10)],
                1,
            ),
        ]
        for raw, title, author, blocks, warnings in cases:
            with self.subTest(raw=raw[:30]):
                document = parse_clean(raw)
                self.assertEqual((document.title, document.author), (title, author))
                body = document.divisions[-1]
                self.assertEqual([(b.kind, b.lines[0]) for b in body.blocks], blocks)
                self.assertEqual(len(document.warnings), warnings)

    def test_a_known_author_tells_a_byline_from_a_capitalised_heading(self):
        raw = "Title\n\nShort Section\n\n" + "Body text " * 20
        cases = [("", "Short Section", PARAGRAPH), ("Jane Doe", "Jane Doe", HEADING)]
        for author, found, kind in cases:
            with self.subTest(author=author):
                document = parse_clean(raw, author=author)
                self.assertEqual(document.author, found)
                self.assertEqual(document.divisions[-1].blocks[0].kind, kind)

    def test_given_title_and_author_win_over_the_text(self):
        document = parse_clean("Some Title\n\nA paragraph.", title="Real", author="Someone")
        self.assertEqual((document.title, document.author), ("Real", "Someone"))

    def test_asterisks_and_superscripts_stay_as_characters(self):
        raw = "Title\n\nAn area of 5 m² and *stars* stay.\n\nEnd."
        block = parse_clean(raw).divisions[-1].blocks[0]
        self.assertEqual(block.text, "An area of 5 m² and *stars* stay.")
        self.assertEqual((block.calls, block.emphasis), ([], []))

"""The born-digital thesis parser, checked against the seeds report on seed 003."""

import re
import time
import unittest
from pathlib import Path

from edition.ingest.document import (
    BIBLIOGRAPHY,
    BLOCKQUOTE,
    BLOCKQUOTE_GUESS,
    CONTINUES_ACROSS_PAGE,
    DEFINITION,
    HEADING,
)
from edition.ingest.inline import parse_inline
from edition.ingest.thesis import parse_thesis

SEED = Path(__file__).resolve().parents[2] / "fixtures/texts/003_2db548836ea0020a.txt"
FIXTURE = Path(__file__).resolve().parents[2] / "fixtures/texts/003_2db548836ea0020a.txt"
SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
FOOTNOTE_LINE = re.compile(f"^[{SUPERSCRIPTS}]+\\s")
TOC_ENTRY_LINES = range(43, 69)
BIBLIOGRAPHY_LINES = range(1078, 1136)
NOTE_CONTINUATION_LINES = {530: 108, 704: 155, 896: 198}


def read_seed() -> str:
    path = FIXTURE if FIXTURE.exists() else SEED
    return path.read_text(encoding="utf-8")


def words(text: str) -> list[str]:
    """Words as a reader sees them: italics markers and superscript calls taken out."""
    return re.sub(f"[*{SUPERSCRIPTS}]", "", text).split()


def source_words(lines: list[str]) -> tuple[list[str], list[str]]:
    """(reading-text words, note words) of the source, in source order.

    Dropped on purpose: TOC page numbers, footnote numbers and bibliography list markers.
    """
    body, notes = [], []
    for number, line in enumerate(lines, 1):
        if number in TOC_ENTRY_LINES:
            line = line.split("\t")[0]
        if number in BIBLIOGRAPHY_LINES:
            line = re.sub(r"^- ", "", line)
        if FOOTNOTE_LINE.match(line) or number in NOTE_CONTINUATION_LINES:
            notes += words(line)
        else:
            body += words(line)
    return body, notes


def document_words(document) -> tuple[list[str], list[str]]:
    body, notes = [], []
    for division in document.divisions:
        for block in division.blocks:
            body += words(f"{block.term}: {block.text}" if block.term else block.text)
        for note in division.notes:
            notes += words(note.text)
    return body, notes


class ThesisTestCase(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.raw = read_seed()
        cls.lines = cls.raw.split("\n")
        cls.document = parse_thesis(cls.raw)
        cls.blocks = [b for d in cls.document.divisions for b in d.blocks]
        cls.notes = {n.number: n for d in cls.document.divisions for n in d.notes}

    def block_at(self, line: int):
        return next(b for b in self.blocks if b.lines[0] <= line <= b.lines[1])

    def block_starting(self, line: int):
        return next(b for b in self.blocks if b.lines[0] == line)


class InlineMarkupTests(unittest.TestCase):
    def test_it_turns_superscripts_into_calls_without_nfkc(self):
        cases = [
            ("the years 1924 to 1941² for", "the years 1924 to 1941 for", [(22, 2, "²")]),
            ("the US Air Force.¹ All", "the US Air Force. All", [(17, 1, "¹")]),
            ("sanction.⁴", "sanction.", [(9, 4, "⁴")]),
            ("blat.¹⁹⁵", "blat.", [(5, 195, "¹⁹⁵")]),
            ("no call here", "no call here", []),
        ]
        for raw, text, calls in cases:
            with self.subTest(raw=raw):
                inline = parse_inline(raw)
                self.assertEqual(inline.text, text)
                got = [(c.offset, c.number, c.printed) for c in inline.calls]
                self.assertEqual(got, calls)
                self.assertEqual([c.label for c in inline.calls], [str(c[1]) for c in calls])

    def test_it_turns_asterisk_pairs_into_emphasis(self):
        cases = [
            ("Lampert, *The Technical Intelligentsia*, 22.", "The Technical Intelligentsia"),
            ("*Slavic Review* 41", "Slavic Review"),
            ("In *Stalin's Industrial Revolution*¹² it", "Stalin's Industrial Revolution"),
        ]
        for raw, emphasised in cases:
            with self.subTest(raw=raw):
                inline = parse_inline(raw)
                self.assertNotIn("*", inline.text)
                spans = [inline.text[e.start : e.end] for e in inline.emphasis]
                self.assertEqual(spans, [emphasised])


class StructureTests(ThesisTestCase):
    def test_it_reads_title_and_author_from_the_title_page(self):
        self.assertEqual(
            self.document.title, "Pre-War Factory Relations in Stalin's Soviet Union (1924–1941)"
        )
        self.assertEqual(self.document.author, "Christopher Russell")

    def test_it_orders_divisions_with_their_roles_and_numbers(self):
        got = [(d.role, d.number, d.title.split(":")[0]) for d in self.document.divisions]
        self.assertEqual(
            got,
            [
                ("title-page", "", "Title page"),
                ("title-page", "", "Supervisory Committee"),
                ("abstract", "", "Abstract"),
                ("contents", "", "Table of Contents"),
                ("glossary", "", "Glossary"),
                ("abbreviations", "", "Abbreviations"),
                ("dedication", "", "Dedication"),
                ("introduction", "", "Introduction"),
                ("chapter", "1", "Chapter One"),
                ("chapter", "2", "Chapter Two"),
                ("chapter", "3", "Chapter Three"),
                ("conclusion", "", "Conclusion"),
                ("bibliography", "", "Bibliography"),
            ],
        )

    def test_it_keeps_the_title_page_and_its_duplicate_as_front_matter(self):
        title_page, committee = self.document.divisions[:2]
        self.assertEqual(title_page.lines, (3, 21))
        self.assertEqual(committee.lines, (23, 35))
        texts = [b.text for b in title_page.blocks]
        self.assertIn(
            "A Thesis Submitted in Partial Fulfilment of the Requirements for the Degree of", texts
        )
        self.assertIn("©Christopher Russell, 2024", texts)
        self.assertIn("Dr. Serhy Yekelchuk, Supervisor", [b.text for b in committee.blocks])
        body_starts = [b.lines[0] for d in self.document.divisions[7:] for b in d.blocks]
        self.assertIs(min(body_starts) > 120, True)

    def test_it_numbers_headings_from_the_toc(self):
        cases = [
            (122, "Introduction", "", 1),
            (
                146,
                "Labour Relations in the Late Imperial Russia and Early Bolshevik State",
                "0.1",
                2,
            ),
            (164, "Economic Periods and Changing Labour Laws", "0.2", 2),
            (344, "Chapter One: Historiography and Source Base", "1", 1),
            (374, "Russian-Language & Other Sources", "1.2", 2),
            (546, "Factory Workers and Their Changing Role", "2.2", 2),
            (636, "The Political Dimension", "2.3", 2),
            (1024, "The End of Purges and World War II", "3.4", 2),
            (1056, "Conclusion", "", 1),
            (1080, "Primary Sources", "", 2),
            (1090, "Secondary Sources", "", 2),
        ]
        for line, text, number, level in cases:
            with self.subTest(line=line):
                block = self.block_starting(line)
                self.assertEqual(block.kind, HEADING)
                self.assertEqual((block.text, block.number, block.level), (text, number, level))

    def test_it_finds_every_toc_heading_and_no_other(self):
        headings = [b for b in self.blocks if b.kind == HEADING]
        numbered = [b.number for b in headings if b.level == 2 and b.number]
        self.assertEqual(
            numbered,
            ["0.1", "0.2", "1.1", "1.2", "1.3", "2.1", "2.2", "2.3", "2.4", "2.5"]
            + ["3.1", "3.2", "3.3", "3.4"],
        )
        fragments = [144, 208, 284, 300, 316]  # short paragraph tails, not headings
        for line in fragments:
            with self.subTest(line=line):
                self.assertNotEqual(self.block_at(line).kind, HEADING)

    def test_it_reports_the_toc_mismatch_of_section_2_2(self):
        mismatches = self.document.report["toc_mismatches"]
        self.assertEqual(len(mismatches), 1)
        for text in ("Composition of the Working Class", "Factory Workers", "546", "58"):
            with self.subTest(text=text):
                self.assertIn(text, mismatches[0])
        self.assertIn(mismatches[0], self.document.warnings)

    def test_it_rejoins_wrapped_glossary_entries(self):
        cases = [
            (
                94,
                "Promakademiiia",
                "Industrial academy, a university for industrial managers with little "
                "education who had been promoted from below",
                (94, 95),
            ),
            (
                101,
                "Spetsotdel",
                "Special section, an OGPU/NKVD office at major industrial enterprises",
                (101, 102),
            ),
            (72, "Glavk", "Main industry administration under the ministry level", (72, 72)),
            (108, "FYP", "Five-Year Plan", (108, 108)),
        ]
        for line, term, text, lines in cases:
            with self.subTest(term=term):
                block = self.block_starting(line)
                self.assertEqual(
                    (block.kind, block.term, block.text, block.lines),
                    (DEFINITION, term, text, lines),
                )

    def test_it_makes_definition_lists_of_glossary_and_abbreviations(self):
        for role, count in (("glossary", 16), ("abbreviations", 5)):
            with self.subTest(role=role):
                division = next(d for d in self.document.divisions if d.role == role)
                kinds = [b.kind for b in division.blocks]
                self.assertEqual(kinds.count(DEFINITION), count)


class FootnoteTests(ThesisTestCase):
    def test_every_call_has_its_note_and_every_note_its_call(self):
        calls = sorted(int(c.label) for b in self.blocks for c in b.calls)
        self.assertEqual(calls, list(range(1, 245)))
        self.assertEqual(sorted(self.notes), list(range(1, 245)))
        report = self.document.report
        self.assertEqual((report["note_calls"], report["notes"]), (244, 244))
        self.assertEqual(report["calls_without_note"] + report["notes_without_call"], [])

    def test_notes_belong_to_the_division_that_calls_them(self):
        ranges = {"introduction": (1, 62), "1": (63, 107), "2": (108, 177), "3": (178, 243)}
        ranges["conclusion"] = (244, 244)
        for division in self.document.divisions:
            key = division.number or division.role
            with self.subTest(division=key):
                got = [n.number for n in division.notes]
                low, high = ranges.get(key, (0, -1))
                self.assertEqual(got, list(range(low, high + 1)))

    def test_a_call_after_a_year_is_a_call_not_a_digit(self):
        block = self.block_at(136)
        self.assertIn("the years 1924 to 1941 for this thesis", block.text)
        call = next(c for c in block.calls if c.number == 2)
        self.assertEqual(block.text[call.offset - 4 : call.offset], "1941")
        self.assertEqual(call.printed, "²")

    def test_unnumbered_footnote_paragraphs_continue_the_previous_note(self):
        for line, number in NOTE_CONTINUATION_LINES.items():
            with self.subTest(line=line):
                note = self.notes[number]
                first, second = note.text.split("\n\n")
                self.assertEqual(second, self.lines[line - 1].strip())
                self.assertEqual(note.lines[1], line)
                self.assertNotIn(second[:30], " ".join(b.text for b in self.blocks))

    def test_a_call_free_paragraph_after_footnotes_stays_in_the_body(self):
        block = self.block_starting(634)
        self.assertIs(block.text.startswith("The constant turnover of directors"), True)

    def test_notes_keep_their_italics_as_emphasis(self):
        note = self.notes[3]
        spans = [note.text[e.start : e.end] for e in note.emphasis]
        self.assertEqual(spans, ["Slavic Review"])
        self.assertNotIn("*", note.text)


class PageBreakTests(ThesisTestCase):
    def test_paragraphs_cut_by_page_breaks_are_rejoined(self):
        cases = [
            (138, 144, "the sample size is small compared to factory workers"),  # open + lower
            (198, 208, "after the Twelfth Party Congress, Communist Party members"),  # open + upper
            (286, 300, "unexcused absences plummeted 89% to 0.67 per year"),  # open + number
            (124, 126, "My main thesis is that the Soviet state's vision"),  # no footnotes between
            (132, 134, "commissioned by the US Air Force. All of the interviews"),
            (526, 536, "and how that influenced the relations"),  # over note continuation 530
            (1064, 1068, "and was the main way that both workers"),
        ]
        for first, last, joined in cases:
            with self.subTest(lines=(first, last)):
                block = self.block_starting(first)
                self.assertEqual(block.lines, (first, last))
                self.assertIn(joined, block.text)
                self.assertIn(CONTINUES_ACROSS_PAGE, block.flags)
                self.assertEqual(len(block.pages), 1)

    def test_a_page_break_sits_where_the_next_page_starts(self):
        block = self.block_starting(138)
        offset = block.pages[0].offset
        self.assertIs(block.text[offset:].startswith("compared to factory workers"), True)
        self.assertEqual(block.text[offset - 1], " ")

    def test_sentence_final_page_breaks_start_new_paragraphs(self):
        cases = [(240, 252), (472, 484), (624, 634), (734, 744)]
        for before, after in cases:
            with self.subTest(lines=(before, after)):
                self.assertEqual(self.block_at(before).lines[1], before)
                block = self.block_starting(after)
                self.assertEqual(block.pages[0].offset, 0)

    def test_it_counts_each_page_break_configuration(self):
        expected = {
            "rejoined_open_then_lowercase": 48,
            "rejoined_open_then_uppercase": 6,
            "rejoined_without_footnotes": 5,
            "closed_then_new_paragraph": 13,
            "heading_after_footnotes": 5,
        }
        for name, count in expected.items():
            with self.subTest(configuration=name):
                self.assertEqual(self.document.report[name], count)

    def test_page_labels_agree_with_the_toc(self):
        self.assertEqual(self.document.report["page_breaks_unlabelled"], 0)
        cases = [(124, "2"), (138, "4"), (344, "19"), (538, "38"), (1064, "79"), (1131, "82")]
        for line, page in cases:
            with self.subTest(line=line):
                self.assertEqual(self.block_starting(line).pages[-1].page, page)
        pages = {d.role + d.number: d.page for d in self.document.divisions}
        self.assertEqual(
            (pages["chapter2"], pages["bibliography"], pages["glossary"]), ("36", "81", "v")
        )


class BlockQuotationTests(ThesisTestCase):
    def test_lines_after_a_colon_lead_in_are_block_quotations(self):
        quotes = [624, 660, 690, 708, 732, 746, 828, 854, 872, 882, 886, 938]
        for line in quotes:
            with self.subTest(line=line):
                block = self.block_starting(line)
                self.assertEqual(block.kind, BLOCKQUOTE)
                self.assertIn(BLOCKQUOTE_GUESS, block.flags)

    def test_a_block_quotation_continues_across_a_page_break(self):
        block = self.block_starting(886)
        self.assertEqual((block.kind, block.lines), (BLOCKQUOTE, (886, 900)))
        self.assertIn("illegal activities because otherwise life is impossible", block.text)

    def test_the_paragraph_after_a_quotation_is_ordinary_text(self):
        for line in (634, 662, 902, 950):
            with self.subTest(line=line):
                self.assertNotEqual(self.block_at(line).kind, BLOCKQUOTE)


class BibliographyTests(ThesisTestCase):
    def setUp(self):
        self.division = self.document.divisions[-1]
        self.entries = [b for b in self.division.blocks if b.kind == BIBLIOGRAPHY]

    def test_every_entry_is_one_block_without_list_markers(self):
        self.assertEqual(len(self.entries), 37)
        self.assertEqual([e.text[:2] for e in self.entries if e.text.startswith("- ")], [])
        plain = self.block_starting(1092)
        marked = self.block_starting(1106)
        self.assertEqual((plain.kind, marked.kind), (BIBLIOGRAPHY, BIBLIOGRAPHY))
        self.assertIs(marked.text.startswith('Filtzer, Donald. "Stalinism'), True)

    def test_an_entry_split_inside_an_italic_span_is_one_entry_with_one_span(self):
        entry = self.block_starting(1131)
        self.assertEqual(entry.lines, (1131, 1133))
        spans = [entry.text[e.start : e.end] for e in entry.emphasis]
        self.assertEqual(spans[-1], "The Economics of Forced Labor: The Soviet Gulag")
        self.assertIn("The Soviet Gulag, edited by Paul R. Gregory", entry.text)
        self.assertIn(CONTINUES_ACROSS_PAGE, entry.flags)


class WordPreservationTests(ThesisTestCase):
    def test_reading_text_keeps_every_source_word_in_order(self):
        expected_body, expected_notes = source_words(self.lines)
        body, notes = document_words(self.document)
        self.assertEqual(body, expected_body)
        self.assertEqual(notes, expected_notes)

    def test_a_word_changed_dropped_or_moved_in_the_source_changes_the_reading_text(self):
        index = 129  # line 130, a one-line paragraph of the introduction
        line = self.lines[index]
        first, second, rest = line.split(" ", 2)
        edits = {
            "changed": line.replace("thesis", "dissertation", 1),
            "dropped": f"{second} {rest}",
            "moved": f"{second} {first} {rest}",
        }
        original, _ = document_words(self.document)
        for name, edited in edits.items():
            with self.subTest(name):
                lines = self.lines[:index] + [edited] + self.lines[index + 1 :]
                body, _ = document_words(parse_thesis("\n".join(lines)))
                self.assertEqual(body, source_words(lines)[0])
                self.assertNotEqual(body, original)

    def test_source_typos_are_kept_as_printed(self):
        cases = [
            (94, "Promakademiiia"),
            (708, "Progulschchiks"),
            (1125, "Morzharretto"),
            (526, "how a director run their factory"),
            (1100, "198-1929"),
        ]
        for line, text in cases:
            with self.subTest(text=text):
                block = self.block_at(line)
                self.assertIn(text, f"{block.term}: {block.text}")

    def test_it_parses_the_thesis_in_well_under_a_second(self):
        start = time.perf_counter()
        parse_thesis(self.raw)
        self.assertIs(time.perf_counter() - start < 1.0, True)

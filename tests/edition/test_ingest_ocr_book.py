"""The structure parser for the OCR'd book (seed 002), checked against the seeds report.

The whole seed is parsed once per module; every case cites source line numbers.
"""

import json
import time
import unittest
from functools import cache
from pathlib import Path

from edition.ingest.document import (
    BLOCKQUOTE,
    BLOCKQUOTE_GUESS,
    CONTINUES_ACROSS_PAGE,
    DAMAGED,
    HEADING,
    NEEDS_RECONSTRUCTION,
    PARAGRAPH,
    TABLE,
    TITLE_NOT_IN_SOURCE,
    TRUNCATED,
)
from edition.ingest.manifest import read_manifest
from edition.ingest.ocr_book import parse_ocr_book

SEED = Path(__file__).resolve().parents[2] / "fixtures/texts/002_dc425599c080b882.txt"
FIXTURE = Path(__file__).resolve().parents[2] / "fixtures/texts/002_dc425599c080b882.txt"
GOLD = Path(__file__).resolve().parents[2] / "fixtures/gold/ocr_dev_body_spans.jsonl"


def seed_text() -> str:
    return (FIXTURE if FIXTURE.exists() else SEED).read_text(encoding="utf-8")


def seed_editorial():
    """002's editorial settings (parts, page runs and anchors) as its manifest entry gives them."""
    entries = read_manifest(SEED.parent / "manifest.json")
    return next(e.editorial for e in entries if e.source == SEED.name)


@cache
def parsed_book():
    """The full seed parsed and corrected once for the whole module (it takes seconds)."""
    started = time.perf_counter()
    doc = parse_ocr_book(seed_text(), editorial=seed_editorial())
    return doc, time.perf_counter() - started


class EditorialSettingsTests(unittest.TestCase):
    def test_without_editorial_settings_no_parts_or_manual_anchors_are_invented(self):
        doc = parse_ocr_book(seed_text()[: len(seed_text()) // 20])
        self.assertEqual({d.part for d in doc.divisions}, {""})
        self.assertEqual(doc.title, "")


class OcrBookTestCase(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.doc, cls.seconds = parsed_book()
        cls.blocks = [b for d in cls.doc.divisions for b in d.blocks]
        cls.notes = {n.label: n for d in cls.doc.divisions for n in d.notes}

    def division(self, line):
        return next(d for d in self.doc.divisions if d.lines[0] <= line <= d.lines[1])

    def block_at(self, line, kinds=(PARAGRAPH, BLOCKQUOTE, HEADING)):
        return next(b for b in self.blocks if b.kind in kinds and b.lines[0] <= line <= b.lines[1])

    def page_of(self, word, line):
        """The printed page on which `word` of source line `line` is printed."""
        block = self.block_at(line)
        page = ""
        for candidate in self.blocks:
            if candidate is block:
                at = block.text.index(word)
                return next((p.page for p in reversed(block.pages) if p.offset <= at), page)
            page = candidate.pages[-1].page if candidate.pages else page
        return page


class DivisionTests(OcrBookTestCase):
    def test_it_finds_the_thirteen_headings_as_divisions_plus_the_lost_chapter_3(self):
        cases = [
            (1, "preface", "", "Preface and Acknowledgements"),
            (159, "introduction", "", "Introduction"),
            (
                359,
                "chapter",
                "1",
                "The New Economic Policy and the defeat of the October Revolution",
            ),
            (
                1212,
                "chapter",
                "2",
                "Forced industrialization and the breakdown of the labour market",
            ),
            (2686, "chapter", "3", "[title not in source]"),
            (
                4812,
                "chapter",
                "4",
                "Conclusion to Part I: the contradictions of Stalinist industrialization",
            ),
            (5096, "chapter", "5", "Labour, management and the regime, 1933-1941"),
            (6280, "chapter", "6", "Control over the labour process"),
            (7437, "chapter", "7", "Stakhanovism"),
            (8751, "chapter", "8", "Managerial concessions over wages and norms"),
            (
                9849,
                "chapter",
                "9",
                "Responses to the draconian labour laws of December 1938 and June 1940",
            ),
            (
                10770,
                "chapter",
                "10",
                "Conclusion: Stalinist industrialization and the origins "
                "of modern Soviet production relations",
            ),
            (12477, "glossary", "", "List of terms and abbreviations"),
            (
                12655,
                "index",
                "",
                "Index of industrial, mining, construction, and transport enterprises",
            ),
        ]
        self.assertEqual(len(self.doc.divisions), len(cases))
        for division, (line, role, number, title) in zip(self.doc.divisions, cases, strict=True):
            with self.subTest(line=line):
                self.assertEqual(
                    (division.lines[0], division.role, division.number), (line, role, number)
                )
                self.assertEqual(division.title, title)
                self.assertEqual(division.blocks[0].kind, HEADING)
                self.assertEqual(division.blocks[0].level, 1)

    def test_it_groups_chapters_into_parts(self):
        cases = [("1", "Part I"), ("4", "Part I"), ("5", "Part II"), ("9", "Part II"), ("10", "")]
        chapters = {d.number: d for d in self.doc.divisions if d.number}
        for number, part in cases:
            with self.subTest(chapter=number):
                self.assertEqual(chapters[number].part, part)

    def test_it_marks_the_lost_title_of_chapter_3(self):
        chapter = self.division(2686)
        self.assertIs(TITLE_NOT_IN_SOURCE in chapter.blocks[0].flags, True)
        self.assertIs(chapter.blocks[1].text.startswith("If the regime was going"), True)

    def test_it_has_no_notes_division(self):
        self.assertIs(any(d.role == "notes" for d in self.doc.divisions), False)


class SectionHeadingTests(OcrBookTestCase):
    def test_it_finds_the_42_section_headings_of_the_report(self):
        lines = [b.lines[0] for b in self.blocks if b.kind == HEADING and b.level == 2]
        self.assertEqual(len(lines), 42)
        for line in (434, 1244, 2491, 3054, 6448, 6673, 8659, 10460, 11304):
            with self.subTest(line=line):
                self.assertIn(line, lines)

    def test_it_keeps_false_positives_out_of_the_headings(self):
        cases = [
            (877, "table caption"),
            (5150, "table cell"),
            (2024, "table column heads"),
            (7632, "quotation fragment ending in a call"),
            (129, "preface name list"),
            (133, "preface name list"),
            (8946, "numbered list item"),
        ]
        headings = {b.lines[0] for b in self.blocks if b.kind == HEADING}
        for line, why in cases:
            with self.subTest(line=line, why=why):
                self.assertNotIn(line, headings)


class PageTests(OcrBookTestCase):
    def test_it_removes_the_15_running_heads_from_the_text(self):
        cases = [
            (1817, "Soviet Workers"),
            (4635, "Soviet Workers"),
            (9410, "nonns"),
            (7750, "Stakhanovism *"),
            (10731, "Labour laws, 1"),
        ]
        self.assertEqual(self.doc.report["running_heads_removed"], 15)
        for line, text in cases:
            with self.subTest(line=line):
                self.assertNotIn(text, self.block_at(line).text)

    def test_it_rejoins_a_sentence_across_a_running_head(self):
        block = self.block_at(1813)
        self.assertEqual(block.lines, self.block_at(1819).lines)
        self.assertIn("around a quarter in most branches", block.text)
        self.assertIs(CONTINUES_ACROSS_PAGE in block.flags, True)

    def test_it_numbers_pages_as_the_books_index_does(self):
        cases = [
            ("Alapaevsk", 1407, "38"),
            ("Alapaevsk", 3915, "95"),
            ("Alapaevsk", 4694, "113"),
            ("Gena", 3355, "82"),
            ("Dnepr hydroelectric", 227, "6"),
        ]
        for word, line, page in cases:
            with self.subTest(word=word, line=line):
                self.assertEqual(self.page_of(word, line), page)

    def test_it_dates_chapter_openings(self):
        cases = [
            ("2", "34"),
            ("3", "68"),
            ("4", "116"),
            ("5", "125"),
            ("6", "152"),
            ("7", "179"),
            ("8", "208"),
            ("9", "233"),
            ("10", "254"),
        ]
        chapters = {d.number: d for d in self.doc.divisions if d.number}
        for number, page in cases:
            with self.subTest(chapter=number):
                self.assertEqual(chapters[number].page, page)

    def test_page_breaks_fall_between_the_right_words(self):
        cases = [(2664, "were provided"), (1819, "quarter in most"), (124, "chapters, providing")]
        for line, words in cases:
            with self.subTest(line=line):
                block = self.block_at(line)
                after = [block.text[p.offset :] for p in block.pages]
                self.assertIs(any(a.startswith(words) for a in after), True, after)

    def test_it_reports_pages_found_and_anchored(self):
        self.assertGreaterEqual(self.doc.report["pages"], 263)
        self.assertEqual(self.doc.report["pages_anchored"], 17)


class ParagraphTests(OcrBookTestCase):
    def test_every_dev_gold_body_passage_is_exactly_one_block(self):
        passages = [json.loads(line) for line in GOLD.read_text().splitlines()]
        spans = {b.lines for b in self.blocks}
        for passage in (p for p in passages if p["kind"] == "body"):
            with self.subTest(id=passage["id"]):
                self.assertIn((passage["start_line"], passage["end_line"]), spans)

    def test_it_joins_spurious_blank_lines_inside_a_paragraph(self):
        cases = [(118, 136), (138, 149), (1246, 1248)]
        for first, last in cases:
            with self.subTest(lines=(first, last)):
                self.assertEqual(self.block_at(first).lines, self.block_at(last).lines)
        self.assertGreater(self.doc.report["spurious_blank_lines_joined"], 200)

    def test_it_recovers_missing_paragraph_breaks(self):
        cases = [
            (2576, "The new women recruits"),
            (3097, "We observed scenes"),
            (4153, "Now all that is past"),
        ]
        for line, start in cases:
            with self.subTest(line=line):
                block = self.block_at(line)
                self.assertEqual(block.lines[0], line)
                self.assertIs(block.text.startswith(start), True)

    def test_it_keeps_the_chapter_8_list_as_body_paragraphs(self):
        for line in (8946, 8979, 9048, 9096, 9192, 9230):
            with self.subTest(line=line):
                self.assertIn(self.block_at(line).kind, (PARAGRAPH, BLOCKQUOTE))
        self.assertIs(all(n.lines[0] > 11538 for n in self.notes.values()), True)

    def test_it_guesses_block_quotations_after_a_colon(self):
        for line in (1378, 2112, 3097, 4153):
            with self.subTest(line=line):
                block = self.block_at(line)
                self.assertEqual(block.kind, BLOCKQUOTE)
                self.assertIs(BLOCKQUOTE_GUESS in block.flags, True)


class TableTests(OcrBookTestCase):
    def test_it_keeps_the_seven_tables_as_flagged_preformatted_blocks(self):
        cases = [
            (877, 897),
            (1689, 1695),
            (2001, 2057),
            (2539, 2575),
            (5140, 5167),
            (7655, 7734),
            (7931, 7947),
        ]
        tables = [b for b in self.blocks if b.kind == TABLE]
        self.assertEqual([t.lines for t in tables], cases)
        for table in tables:
            with self.subTest(lines=table.lines):
                self.assertIs(NEEDS_RECONSTRUCTION in table.flags, True)
                self.assertIn("\n", table.text)

    def test_it_leaves_table_cells_uncorrected(self):
        table = next(b for b in self.blocks if b.lines == (877, 897))
        self.assertIn("1 92617", table.text)


class DamageTests(OcrBookTestCase):
    def test_it_flags_the_cut_page_and_letter_spaced_pages(self):
        for line in (2774, 2827, 7200, 7602):
            with self.subTest(line=line):
                self.assertIs(DAMAGED in self.block_at(line).flags, True)
        self.assertIs(DAMAGED in self.block_at(1407).flags, False)
        self.assertIs(any("2759" in p for p in self.doc.report["damaged_pages"]), True)


class EndnoteTests(OcrBookTestCase):
    def test_it_attaches_notes_to_their_chapters(self):
        cases = [
            ("3", 33, 188, 220),
            ("4", 6, 1, 6),
            ("5", 103, 1, 114),
            ("8", 7, 86, 92),
            ("9", 114, 1, 114),
            ("10", 23, 1, 23),
        ]
        chapters = {d.number: d for d in self.doc.divisions if d.number}
        for number, count, first, last in cases:
            with self.subTest(chapter=number):
                notes = chapters[number].notes
                self.assertEqual(
                    (len(notes), notes[0].number, notes[-1].number), (count, first, last)
                )
                self.assertEqual(notes[0].label, f"{number}.{first}")

    def test_it_survives_the_entry_traps(self):
        cases = [
            ("3.188", (11539, 11539), "year-less first entry after the body"),
            ("3.194", (11560, 11568), "unnumbered second paragraph at 11565 continues it"),
            ("5.93", (12095, 12101), "year line `1 940.` closes it"),
            ("9.1", (12157, 12160), "after the label `Chapter 9`"),
            ("10.1", (12442, 12445), "after the split label `Chapter 1 0`"),
            ("10.23", (12474, 12476), "last note of the book"),
            ("8.86", (12131, 12131), "implied chapter 8 after the numbering jumps back"),
        ]
        for label, lines, why in cases:
            with self.subTest(label=label, why=why):
                self.assertEqual(self.notes[label].lines, lines)

    def test_notes_come_in_sequence_in_every_chapter(self):
        for division in self.doc.divisions:
            numbers = [note.number for note in division.notes]
            with self.subTest(chapter=division.number):
                self.assertEqual(numbers, sorted(set(numbers)))
        chapter_9 = next(d for d in self.doc.divisions if d.number == "9")
        numbers = [note.number for note in chapter_9.notes]
        self.assertEqual(numbers[numbers.index(61) - 1 : numbers.index(61) + 2], [60, 61, 62])

    def test_note_text_leaves_out_the_number(self):
        cases = [("3.188", "Trud"), ("10.1", "For"), ("5.102", "See Chapter 8")]
        for label, start in cases:
            with self.subTest(label=label):
                self.assertIs(self.notes[label].text.startswith(start), True)

    def test_it_keeps_the_scrambled_fragments_flagged_and_reports_what_it_drops(self):
        for label in ("5.100", "5.102", "5.104", "5.114"):
            with self.subTest(label=label):
                self.assertIs(TRUNCATED in self.notes[label].flags, True)
        warnings = " ".join(self.doc.warnings)
        self.assertIn("lines 12123-12126 dropped", warnings)
        self.assertIn("lines 12128-12129 dropped", warnings)
        self.assertIn("notes 101, 103, 105-113 not in source", warnings)

    def test_it_reports_notes_per_chapter_and_coverage(self):
        report = self.doc.report
        self.assertEqual(report["notes"], 286)
        self.assertIn("ch. 8: 7 notes (86-92)", report["notes_per_chapter"])
        coverage = {line.split(":")[0]: line for line in report["notes_coverage"]}
        self.assertEqual(len(coverage), 12)
        self.assertRegex(coverage["ch. 3"], r"^ch\. 3: \d+ calls, \d+ with text, \d+ not in source")


class BackMatterTests(OcrBookTestCase):
    def test_it_rezips_the_glossary_into_38_definitions(self):
        glossary = self.division(12477)
        definitions = glossary.blocks[1:]
        self.assertEqual(len(definitions), 38)
        cases = [
            (
                0,
                "ASSR",
                "Autonomous Soviet Socialist Republic (Avtonomnaya Sovetskaya "
                "Sotsialisticheskaya Respublika)",
            ),
            (14, "oblast'", "region (roughly equivalent to a province)"),
            (
                15,
                "OGPU",
                "Unified State Political Administration (secret police) "
                '(Ob"edinennoe Gosudarstvennoe Politicheskoe Upravlenie)',
            ),
            (
                17,
                "ORS",
                "Department of Workers' Supply (in charge of closed distribution of "
                "food in factories or other workplaces) (Otdel Rabochego Snabzheniya)",
            ),
            (
                23,
                "raion",
                "district (administrative sub-division within a city, oblast', or "
                "other larger territorial unit)",
            ),
            (
                37,
                "vydvizhenstvo",
                "promotion of workers from shop floor into management or administration",
            ),
        ]
        for i, term, definition in cases:
            with self.subTest(term=term):
                self.assertIn(definitions[i].term, (term, 'oblas"'))
                self.assertEqual(definitions[i].text, definition)

    def test_it_unwraps_the_index_and_marks_it_truncated(self):
        index = self.division(12655)
        entries = index.blocks[1:]
        self.assertEqual(len(entries), 35)
        texts = [e.text for e in entries]
        cases = [
            "Baltiiskii ship-building and mechanical factory, Leningrad, 161",
            "Chistyakovugol' coal trust, 307 (n. 26)",
            "First State Ballbearing Factory, Moscow, see Kaganovich Ballbearing Factory",
        ]
        for text in cases:
            with self.subTest(text=text):
                self.assertIn(text, texts)
        self.assertIs(TRUNCATED in entries[-1].flags, True)
        self.assertIs(TRUNCATED in index.flags, True)


class ReportTests(OcrBookTestCase):
    def test_it_counts_what_it_found(self):
        cases = [
            ("divisions", 14),
            ("tables", 7),
            ("headings_section", 42),
            ("headings_chapter", 14),
            ("running_heads_removed", 15),
        ]
        for key, value in cases:
            with self.subTest(key=key):
                self.assertEqual(self.doc.report[key], value)
        for key in ("specks_removed", "missing_breaks_recovered", "blockquotes", "damaged_blocks"):
            with self.subTest(key=key):
                self.assertGreater(self.doc.report[key], 0)

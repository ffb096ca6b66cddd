"""What every corrected block guarantees, checked over the whole of seed 002.

Edits rebuild the original exactly; a second pass changes nothing; material that looks
wrong but is right (seeds report 2.4) is never touched; clean born-digital English (seed
000) comes through with every word unchanged.
"""

from __future__ import annotations

import re
import unittest
from functools import cache
from pathlib import Path

from edition.ingest.ocr import BookContext, NoteSequence, correct_block, original_text

SEEDS = Path(__file__).resolve().parents[2] / "fixtures/texts"
BOOK = SEEDS / "002_dc425599c080b882.txt"
CLEAN = SEEDS / "000_3d591ff5ca87ae2e.txt"
NOTES_START = 11539
STAGES = {
    "dehyphenation",
    "punctuation",
    "letter-substitution",
    "digits",
    "split-words",
    "run-together",
    "letter-digit",
    "letter-shape",
    "transliteration",
    "note-calls",
    "noise",
}

# Must not change: (source text, the part of it that must survive as printed).
MUST_NOT_CHANGE = [
    ("at the Serp i molot works in Moscow ", "Serp i molot"),
    ("VT, no. 4, 1933, p. 62 (G. Asplanov and M. Kontorovich). ", "VT, no. 4, 1933, p. 62"),
    ("SYu, no. 7, 1941, p. 31; no. 24/25, 1941, pp. 25-6. ", "SYu, no. 7, 1941, p. 31"),
    ("SZ, no. 5, 1940, p. 28. ", "SZ, no. 5, 1940, p. 28"),
    ("Decree of NKT SSSR and VTsSPS ", "NKT SSSR and VTsSPS"),
    ("the Central Committee of the VKP(b) ", "VKP(b)"),
    ("Schwarz, Labor, p. 99. ", "Schwarz, Labor, p. 99"),
    ("Ibid., p. 62. ", "Ibid., p. 62"),
    ("socialist competiton was ", "competiton"),
    ("the bureaucractic apparatus ", "bureaucractic"),
    ("national minorites and ", "minorites"),
    ("the labour programme of the centre ", "labour programme of the centre"),
    ("an offence, often at the office ", "offence, often at the office"),
    ("about 68 per cent of the work force ", "68 per cent of the work force"),
    ("but none the less they occur ", "none the less"),
    ("Larin and Latsis argued ", "Larin and Latsis"),
    ("in Stalino oblast' and at Shchekinugol' ", "Stalino oblast' and at Shchekinugol'"),
    ("po bor'be s tekuchest'yu rabochei sily ", "bor'be s tekuchest'yu"),
    ("Trud v SSSR, 1936 edition ", "Trud v SSSR"),
    ("pp. 119-20 and p. 62 ", "pp. 119-20 and p. 62"),
    ("By 1 932 48 per cent of the ", "1932 48 per cent"),
    ("the Creches and dining-rooms ", "Creches and dining-rooms"),
    ("[bonus - D. F.] ", "[bonus - D. F.]"),
    ("the kolkhozniki and otkhodniki ", "kolkhozniki and otkhodniki"),
    ("a time - already overstretched ", "a time - already overstretched"),
    ("Part I and Part II ", "Part I and Part II"),
]


@cache
def book_lines() -> list[str]:
    return BOOK.read_text(encoding="utf-8").split("\n")


@cache
def book_context() -> BookContext:
    return BookContext.from_lines(book_lines())


@cache
def corrected_book():
    """Every blank-line-separated block of 002, corrected in order: (lines, kind, result)."""
    out, block, first, seq = [], [], 0, NoteSequence(last=None)
    for number, line in enumerate(book_lines() + [""], 1):
        if line.strip():
            first = first or number
            block.append(line)
            continue
        if block:
            kind = "note" if first >= NOTES_START else "body"
            result = correct_block(block, book_context(), notes=seq, kind=kind)
            out.append((block, kind, result))
        block, first = [], 0
    return out


class EditInvariantTests(unittest.TestCase):
    def test_edits_rebuild_the_original_of_every_block(self):
        for lines, _, result in corrected_book():
            with self.subTest(first_line=lines[0]):
                self.assertEqual(result.original, original_text(lines))
                self.assertEqual(splice_back(result), result.original)

    def test_edits_are_sorted_disjoint_and_match_the_text(self):
        for lines, _, result in corrected_book():
            with self.subTest(first_line=lines[0]):
                ends = [-1] + [e.end for e in result.edits]
                for edit, previous_end in zip(result.edits, ends, strict=False):
                    self.assertIs(edit.start >= previous_end, True)
                    self.assertEqual(result.text[edit.start : edit.end], edit.replacement)
                    self.assertIn(edit.stage, STAGES)
                    self.assertIs(0 <= edit.confidence <= 1 and bool(edit.rule), True)

    def test_note_calls_sit_inside_the_text_in_order(self):
        for lines, _, result in corrected_book():
            offsets = [c.offset for c in result.calls]
            with self.subTest(first_line=lines[0]):
                self.assertEqual(offsets, sorted(offsets))
                self.assertIs(all(0 < o <= len(result.text) for o in offsets), True)

    def test_removed_calls_are_recorded_as_note_call_edits(self):
        for lines, _, result in corrected_book():
            if result.calls:
                with self.subTest(first_line=lines[0]):
                    stages = {e.stage for e in result.edits}
                    self.assertIn("note-calls", stages)


class IdempotenceTests(unittest.TestCase):
    def test_a_second_pass_over_corrected_text_changes_nothing(self):
        for lines, kind, result in corrected_book():
            with self.subTest(first_line=lines[0]):
                again = correct_block([result.text], book_context(), kind=kind)
                self.assertEqual(again.text, result.text)
                self.assertEqual(again.edits, [])


class MustNotChangeTests(unittest.TestCase):
    def test_looks_wrong_but_is_right_material_survives(self):
        for source, kept in MUST_NOT_CHANGE:
            for kind in ("body", "note"):
                with self.subTest(source=source, kind=kind):
                    result = correct_block(
                        [source], book_context(), notes=NoteSequence(), kind=kind
                    )
                    self.assertIn(kept, result.text)


class CleanTextTests(unittest.TestCase):
    def test_clean_english_paragraphs_keep_every_word(self):
        paragraphs = [p for p in CLEAN.read_text(encoding="utf-8").split("\n") if p.strip()]
        for paragraph in paragraphs:
            with self.subTest(paragraph=paragraph[:40]):
                result = correct_block([paragraph], book_context(), notes=NoteSequence())
                self.assertEqual(words(result.text), words(paragraph))
                self.assertEqual(result.calls, [])


def splice_back(result) -> str:
    text = result.text
    for edit in reversed(result.edits):
        text = text[: edit.start] + edit.original + text[edit.end :]
    return text


def words(text: str) -> list[str]:
    return re.findall(r"\w+", text)

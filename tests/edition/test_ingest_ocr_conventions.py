"""The corrector on OCR it was never shaped around: conventions first, then evidence.

Every text here is invented for the test. Each table pairs what a detector or stage must
act on with what it must leave alone; the document context is always the text itself.
"""

from __future__ import annotations

import unittest

from edition.ingest.ocr import BookContext, correct_block
from edition.ingest.ocr.conventions import detect
from edition.ingest.ocr.lexicon import Lexicon

# A meeting report in the manner of a 19th-century newspaper, OCR'd: no trailing spaces,
# `e` read as `o` in a few common words.
MEETING = [
    "The board met on Monday, and tho chairman said that the work of the",
    "year had been good. Tho members havo agreed that the roads aro in",
    "need of repair, and the men have been told that the work must be",
    "done before the rains. The secretary said tho accounts were ready.",
    "A letter was read from the director of",
    "Turner and Sons about the new wharf, which will be open on Friday and",
    "Saturday. Mr. T A Howell said he had been absent through",
    "indisposition, but the men had done their work well on the Rivor",
    "road. The River road will be closed in the winter, and the cost of",
    "the wharf at the River mouth will be paid by the board. The engi-",
    "neer said that the well-known bridge at the ford was safe.",
]
# The same OCR showing one more confusion of its own: `k` read as `x`.
MEETING_K = MEETING + [
    "The work of the week was hard, and the worx of the men was good.",
    "They came bacx from the book fair with a boox for the back room.",
]
CLEAN = [
    "The committee considered the harbour accounts at length and found them",
    "in good order. Its members thanked the treasurer, whose indisposition had",
    "kept him away, and agreed to meet again in the spring to hear his report.",
]


def known(word: str) -> bool:
    return Lexicon().zipf(word) >= 3.0


def corrected(doc: list[str], lines: list[str] | None = None) -> str:
    ctx = BookContext.from_lines(doc)
    return correct_block(lines if lines is not None else doc, ctx).text


class ConventionDetectorTests(unittest.TestCase):
    def test_each_convention_is_detected_only_where_the_text_shows_it(self):
        spaced_lines = [f"line {n} of a text whose lines keep a space " for n in range(10)]
        spaced_marks = ["the workers , the managers ; and the state , all of them , said so"] * 4
        split_years = ["in 1 928 and 1 929 the plan, and in 1 931 and 1 932 again"]
        fragments = ["the polit ical and econ omic situ ation of the work ers and manag ers"] * 3
        soft_signs = ["Gor'kii and Shchekinugol' and Artemugol' with Kol'tsov",
                      "and Bol'shevik and Tekuchest' and Il'ich and Gor'kovskii"]  # fmt: skip
        table = [
            ("lost_hyphens", spaced_lines, MEETING),
            ("spaced_punctuation", spaced_marks, MEETING),
            ("split_digits", split_years, ["in 1928 and 1929, and in 1931 and 1932 again"]),
            ("split_words", fragments, MEETING),
            ("soft_signs", soft_signs, ["it's the men's work, and they'll say so, o'clock"]),
        ]
        for name, positive, negative in table:
            with self.subTest(convention=name):
                self.assertIs(getattr(detect(positive, known), name), True)
                self.assertIs(getattr(detect(negative, known), name), False)

    def test_the_evidence_is_reported_with_each_convention(self):
        lines = BookContext.from_lines(MEETING).conventions.lines()
        self.assertIn("lost_hyphens: no (0 of 11 lines end in a space)", lines)


class LineEndTests(unittest.TestCase):
    def test_ordinary_ocr_line_ends_are_word_boundaries(self):
        text = corrected(MEETING)
        for kept in (
            "director of Turner",
            "on Friday and Saturday",
            "absent through indisposition",
        ):
            with self.subTest(kept=kept):
                self.assertIn(kept, text)

    def test_a_printed_line_end_hyphen_is_rejoined_by_the_vocabulary(self):
        self.assertIn("The engineer said", corrected(MEETING))

    def test_a_missing_trailing_space_is_a_lost_hyphen_only_where_lines_keep_one(self):
        doc = [f"this is line {n} of a text that keeps its spaces " for n in range(8)]
        doc += ["arising from the circum", "stances of the time "]
        self.assertIn("the circumstances of", corrected(doc, doc[-2:]))
        plain = [line.rstrip() for line in doc]
        self.assertIn("the circum stances of", corrected(plain, plain[-2:]))


class WordsStayTests(unittest.TestCase):
    def test_initials_and_rare_real_words_stay_as_printed(self):
        text = corrected(MEETING)
        table = ["Mr. T A Howell", "through indisposition,", "the well-known bridge"]
        for kept in table:
            with self.subTest(kept=kept):
                self.assertIn(kept, text)

    def test_rare_real_words_are_not_corrected_in_a_text_with_misreadings(self):
        table = [
            "it is a moot point",
            "he carried a hod of bricks",
            "the curate read a homily",
            "the hale old man",
        ]
        for line in table:
            with self.subTest(line=line):
                self.assertEqual(corrected(MEETING, [line]), line)

    def test_english_quotes_are_not_read_as_soft_signs(self):
        line = "he said to 'the men' that all was well"
        self.assertEqual(corrected(MEETING, [line]), line)

    def test_a_clean_text_gets_no_word_change(self):
        self.assertEqual(corrected(CLEAN), " ".join(CLEAN))


class SubstitutionTests(unittest.TestCase):
    def test_a_confusion_the_document_shows_is_corrected(self):
        text = corrected(MEETING)
        table = [
            ("and the chairman said", "and tho chairman"),
            ("The members have agreed", "Tho members havo"),
            ("the roads are in", "aro in"),
        ]
        for fixed, printed in table:
            with self.subTest(fixed=fixed):
                self.assertIn(fixed, text)
                self.assertNotIn(printed, text)

    def test_a_capitalised_word_changes_only_to_a_form_the_document_prints(self):
        text = corrected(MEETING)
        self.assertIn("on the River road", text)
        self.assertIn("Turner and Sons", text)  # a name: never respelled
        self.assertIn("Mr. T A Howell", text)

    def test_a_confusion_is_learned_from_the_document_itself(self):
        line = "the desx was moved"
        self.assertEqual(corrected(MEETING_K, [line]), "the desk was moved")
        self.assertEqual(corrected(MEETING, [line]), line)  # no evidence of `x` for `k`

    def test_every_substitution_is_an_edit_back_to_the_ocr(self):
        ctx = BookContext.from_lines(MEETING)
        result = correct_block(MEETING, ctx)
        subs = [e for e in result.edits if e.stage == "letter-substitution"]
        self.assertEqual(
            {(e.original, e.replacement) for e in subs},
            {("tho", "the"), ("Tho", "The"), ("havo", "have"), ("aro", "are"), ("Rivor", "River")},
        )


class NoiseMarkTests(unittest.TestCase):
    def test_a_mark_glued_to_letters_is_read_as_a_letter_or_nothing(self):
        table = [
            ("\u00abnd the men went home", "and the men went home"),
            ("the men \u00a1n the road", "the men in the road"),
            ("he sold the harbour\u00bb", "he sold the harbour"),
        ]
        for line, fixed in table:
            with self.subTest(line=line):
                self.assertEqual(corrected(MEETING, [line]), fixed)

    def test_marks_in_a_clean_text_stay(self):
        line = "the word \u00abliberte\u00bb and \u00abnd stay in a clean text"
        self.assertEqual(corrected(CLEAN, [line]), line)


class TwoEditTests(unittest.TestCase):
    def test_a_long_unknown_word_two_edits_from_one_common_reading_is_corrected(self):
        table = [
            ("the board oponod the new wharf", "the board opened the new wharf"),
            ("the men were heavllv taxed", "the men were heavily taxed"),
        ]
        for line, fixed in table:
            with self.subTest(line=line):
                self.assertEqual(corrected(MEETING, [line]), fixed)

    def test_two_edits_need_damage_a_confusion_and_an_unrivalled_reading(self):
        table = [
            (CLEAN, "the board oponod the new wharf"),  # no letter damage in the text
            (MEETING, "the Wollongbar left, and the Wollongbar came"),  # the text's own word
            (MEETING, "the board oxzqnod the new wharf"),  # no confusion explains it
            (MEETING, "the men were at the brixter"),  # `bitter`, `writer`, `printer` rival
        ]
        for doc, line in table:
            with self.subTest(line=line):
                self.assertEqual(corrected(doc, [line]), line)

    def test_the_two_edit_index_finds_insertions_deletions_and_substitutions(self):
        from edition.ingest.ocr.substitutions import two_edit_readings

        self.assertIn("opened", two_edit_readings("oponod"))
        self.assertIn("heavily", two_edit_readings("heavllv"))
        self.assertIn("between", two_edit_readings("betwen"))  # a deletion
        self.assertNotIn("opened", two_edit_readings("opxxxxd"))


class RealWordTests(unittest.TestCase):
    def test_a_common_word_gives_way_where_its_neighbours_pair_with_the_reading(self):
        table = [
            ("it has bean made", "it has been made"),
            ("he will he able to go", "he will be able to go"),
            ("the men arc ready", "the men are ready"),
        ]
        for line, fixed in table:
            with self.subTest(line=line):
                self.assertEqual(corrected(MEETING, [line]), fixed)

    def test_a_common_word_stays_without_context_or_in_a_clean_text(self):
        table = [
            (MEETING, "the bean was green"),  # English pairs the print too
            (MEETING, "they ate a bean"),  # no word after it
            (MEETING, "the hold of the ship"),
            (MEETING, "it had a bad end"),
            (CLEAN, "it has bean made"),  # no misreadings in the text
        ]
        for doc, line in table:
            with self.subTest(line=line):
                self.assertEqual(corrected(doc, [line]), line)


class SpeckTests(unittest.TestCase):
    def test_a_speck_standing_alone_goes_with_its_space(self):
        table = [
            ("the men | went home", "the men went home"),
            ("the men \\ went home", "the men went home"),
            ("the men |:_ went home", "the men went home"),
            ("the men » went home", "the men went home"),
        ]
        for line, fixed in table:
            with self.subTest(line=line):
                self.assertEqual(corrected(MEETING, [line]), fixed)

    def test_punctuation_the_text_may_space_and_clean_texts_stay(self):
        table = [
            (MEETING, "the men ; went home"),
            (MEETING, "what ? he said"),
            (MEETING, "the men went <home>"),
            (MEETING, "the st | reet was closed"),  # beside cut-off fragments: damage
            (CLEAN, "the men | went home"),
        ]
        for doc, line in table:
            with self.subTest(line=line):
                self.assertEqual(corrected(doc, [line]), line)

    def test_guillemets_the_text_quotes_with_stay(self):
        quoting = MEETING + ["He wrote «the work is done» and then «the men are paid» and left."]
        for line in ("the men » went home", "he said «never» to them"):
            with self.subTest(line=line):
                self.assertEqual(corrected(quoting, [line]), line)

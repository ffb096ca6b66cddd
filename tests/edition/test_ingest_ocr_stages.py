"""The OCR corrector's stages, one table each, on lines in the style of seed 002.

Each table holds what a stage must fix and, as important, what it must leave alone (the
seeds report's "looks wrong, is right" material). The book context is the whole of 002.
"""

from __future__ import annotations

import unittest
from functools import cache
from pathlib import Path

from edition.ingest.ocr import BookContext, NoteSequence, correct_block

BOOK = Path(__file__).resolve().parents[2] / "fixtures/texts/002_dc425599c080b882.txt"


@cache
def book_context() -> BookContext:
    return BookContext.from_lines(BOOK.read_text(encoding="utf-8").split("\n"))


def fix(text: str, *, kind: str = "body") -> str:
    return correct_block([text], book_context(), kind=kind).text


class TableTestCase(unittest.TestCase):
    def assertTable(self, table, *, kind: str = "body"):
        for raw, expected in table:
            with self.subTest(raw=raw):
                self.assertEqual(fix(raw, kind=kind), expected)


class DehyphenationTests(TableTestCase):
    def lines(self, *lines: str) -> str:
        return correct_block(list(lines), book_context()).text

    def test_it_rejoins_a_word_broken_at_a_line_end_without_trailing_space(self):
        table = [
            (
                ("arising from the circum", "stances of the time "),
                "arising from the circumstances of the time",
            ),
            (("the Dnepro", "petrovsk works "), "the Dnepropetrovsk works"),
            (("sent 'peti", "tioners' into court "), "sent 'petitioners' into court"),
        ]
        for lines, expected in table:
            with self.subTest(lines=lines):
                self.assertEqual(self.lines(*lines), expected)

    def test_it_keeps_the_hyphen_of_compounds_the_book_prints_hyphenated(self):
        table = [
            (("the co", "operation of the workers "), "the co-operation of the workers"),
            (("the first five", "year plan "), "the first five-year plan"),
            (("so", "called shock workers "), "so-called shock workers"),
            (("and in Orekhovo", "Zuevo over the "), "and in Orekhovo-Zuevo over the"),
            (("the Moscow", "Kiev line "), "the Moscow-Kiev line"),
        ]
        for lines, expected in table:
            with self.subTest(lines=lines):
                self.assertEqual(self.lines(*lines), expected)

    def test_it_reads_a_function_word_at_a_line_end_as_a_lost_space(self):
        table = [
            (
                ("Far more basic to the", "whole process was "),
                "Far more basic to the whole process",
            ),
            (("a certain amount of", "caution, they are "), "a certain amount of caution, they"),
            (("the time", "and-motion studies "), "the time-and-motion studies"),
            (("the machine", "building industry "), "the machine-building industry"),
        ]
        for lines, expected in table:
            with self.subTest(lines=lines):
                self.assertIn(expected, self.lines(*lines))

    def test_it_leaves_lines_with_a_trailing_space_apart(self):
        self.assertEqual(self.lines("the working ", "class was "), "the working class was")

    def test_it_treats_a_spaced_line_end_hyphen_as_a_dash(self):
        self.assertEqual(
            self.lines("the Soviet elite -", "the two major "), "the Soviet elite - the two major"
        )

    def test_it_keeps_a_hyphen_printed_at_the_line_end(self):
        self.assertEqual(self.lines("in mid-", "1 93 1 the "), "in mid-1931 the")


class PunctuationTests(TableTestCase):
    def test_it_removes_the_space_before_punctuation_and_after_brackets(self):
        self.assertTable(
            [
                ("workers , managers", "workers, managers"),
                ("its growth . Then", "its growth. Then"),
                ("them : through", "them: through"),
                ("( K .  Abashidze)", "(K. Abashidze)"),
                ("the VKP (b) decided", "the VKP(b) decided"),
            ]
        )

    def test_it_keeps_the_books_spaced_ellipsis(self):
        self.assertTable(
            [
                ("what it . . . For them", "what it . . . For them"),
                ("what it... For them", "what it . . . For them"),
            ]
        )

    def test_it_reattaches_quote_marks_and_possessives(self):
        self.assertTable(
            [
                ("those who were ' loyal ' and could", "those who were 'loyal' and could"),
                ("The regime ' s success", "The regime's success"),
                ("Trud 's protest", "Trud's protest"),
                ("the workers ' general demoralization", "the workers' general demoralization"),
            ]
        )

    def test_it_leaves_clean_punctuation_alone(self):
        self.assertTable(
            [
                ("'Notes of an Economist', published", "'Notes of an Economist', published"),
                ("time - already overstretched", "time - already overstretched"),
            ]
        )


class DigitTests(TableTestCase):
    def test_it_joins_split_years_and_numbers(self):
        self.assertTable(
            [
                ("In  1 9 1 7  the", "In 1917 the"),
                ("( 1 928-41)", "(1928-41)"),
                ("every 1 7.5 months", "every 17.5 months"),
                ("averaged 87 1 per day", "averaged 871 per day"),
                ("some 23 ,000 miners", "some 23,000 miners"),
                ("at 1 . 04 days", "at 1.04 days"),
            ]
        )

    def test_it_never_merges_a_year_with_the_next_number(self):
        self.assertTable(
            [
                ("By 1 932 48 per cent", "By 1932 48 per cent"),
                ("in 1 929 70 per cent", "in 1929 70 per cent"),
                ("in 1 937 4.6 million", "in 1937 4.6 million"),
            ]
        )

    def test_it_joins_page_numbers_and_keeps_abbreviated_ranges(self):
        self.assertTable(
            [
                (
                    "Medvedev, p. 1 65 ,  Kravchenko, pp. 1 68-7 1 ,  and",
                    "Medvedev, p. 165, Kravchenko, pp. 168-71, and",
                ),
                ("pp. 1 1 9-20", "pp. 119-20"),
                ("pp. 1 6- 1 7", "pp. 16-17"),
                ("VT, no. 4, 1933, p. 62", "VT, no. 4, 1933, p. 62"),
            ],
            kind="note",
        )


class LetterDigitTests(TableTestCase):
    def test_it_reads_letters_as_digits_only_in_numeric_slots(self):
        self.assertTable(
            [
                ("VT, no. I ,  1 93 1 ,  p .  8 1", "VT, no. 1, 1931, p. 81"),
                ("SZ, no. I I , 1 940", "SZ, no. 11, 1940"),
                ("I S  November 1 932", "15 November 1932"),
                ("Decree of S December 1 930", "Decree of 5 December 1930"),
                ("Trud, 9 February and II February 1 939", "Trud, 9 February and 11 February 1939"),
            ],
            kind="note",
        )

    def test_it_leaves_roman_numerals_and_the_pronoun_alone(self):
        self.assertTable(
            [
                ("the Conclusion to Part I of this book", "the Conclusion to Part I of this book"),
                ("I argue that the workers", "I argue that the workers"),
            ]
        )


class SplitWordTests(TableTestCase):
    def test_it_joins_words_split_by_spurious_spaces(self):
        self.assertTable(
            [
                (
                    "The theoretical and polit ical implications",
                    "The theoretical and political implications",
                ),
                ("I t  was not until", "It was not until"),
                (
                    "in his 'Notes of an Econom ist' , published",
                    "in his 'Notes of an Economist', published",
                ),
                ("to have m ore accurate accou nting", "to have more accurate accounting"),
                ("Len ingrad , N izh ny i N ovgorod", "Leningrad, Nizhnyi Novgorod"),
                ("quot a  by 8 pe r ce nt. There", "quota by 8 per cent. There"),
                (
                    "stipulated that the t ime-and-motion studies",
                    "stipulated that the time-and-motion studies",
                ),
                ("a group of sem i-sk il led or skilled", "a group of semi-skilled or skilled"),
                ("of workers and white-col lar employees", "of workers and white-collar employees"),
                ("a lower supply group entitl ing them", "a lower supply group entitling them"),
                ("and forcib le uprooting", "and forcible uprooting"),
            ]
        )

    def test_it_leaves_compounds_and_their_neighbours_alone(self):
        self.assertTable(
            [
                ("a non-Stakhanovite worker", "a non-Stakhanovite worker"),
                ("the so-called shock workers", "the so-called shock workers"),
                ("on a ten-day cycle", "on a ten-day cycle"),
                ("an ill-treatment of", "an ill-treatment of"),
            ]
        )

    def test_it_never_joins_words_the_book_prints_apart(self):
        self.assertTable(
            [
                ("about 68 per cent of its work force", "about 68 per cent of its work force"),
                ("but none the less they occur", "but none the less they occur"),
                ("in a way that", "in a way that"),
                ("A new factory", "A new factory"),
            ]
        )

    def test_it_leaves_russian_words_alone(self):
        self.assertTable(
            [
                ("the Serp i molot works", "the Serp i molot works"),
                ("Trud v SSSR, 1936 edition", "Trud v SSSR, 1936 edition"),
            ]
        )


class RunTogetherTests(TableTestCase):
    def test_it_splits_words_run_together(self):
        self.assertTable(
            [
                ("the determinants ofthe modern system", "the determinants of the modern system"),
                ("Workers would be paidfor", "Workers would be paid for"),
                ("application ofNEP to industry", "application of NEP to industry"),
                ("97 out of99 discharged", "97 out of 99 discharged"),
                ("his advocacy ofthree shifts", "his advocacy of three shifts"),
                ("prompting Trudto print a cartoon", "prompting Trud to print a cartoon"),
                ("a system whichfails to", "a system which fails to"),
                ("consumes itselfinstead of", "consumes itself instead of"),
                ("by the middle of the 1930sa new class", "by the middle of the 1930s a new class"),
                ("waged in the 1930sand the way", "waged in the 1930s and the way"),
            ]
        )

    def test_it_leaves_names_and_rare_words_that_end_like_a_function_word(self):
        self.assertTable(
            [
                ("among the most indisciplined, the", "among the most indisciplined, the"),
                ("in 1929 by Yuri Larin.", "in 1929 by Yuri Larin."),
                ("p. 24 (A. Notkin).", "p. 24 (A. Notkin)."),
                ("for (a) the provison of", "for (a) the provison of"),
                ("through the 1930s, and", "through the 1930s, and"),
                ("the raion soviet", "the raion soviet"),
            ]
        )

    def test_it_keeps_real_words_that_start_like_two(self):
        self.assertTable(
            [
                (
                    "an offence was often made at the office",
                    "an offence was often made at the office",
                ),
                ("an offer to workers", "an offer to workers"),
            ]
        )


class LetterShapeTests(TableTestCase):
    def test_it_respells_unattested_words_with_an_ocr_confusion(self):
        self.assertTable(
            [
                ("the peasant popUlation.", "the peasant population."),
                ("Chirkov cornplained that", "Chirkov complained that"),
                ("Even aHowing for the", "Even allowing for the"),
                ("norm overfulfi1ment so", "norm overfulfilment so"),
                ("In Moscow ob/ast' in 1929", "In Moscow oblast' in 1929"),
                (
                    "Trud, 9 February 1939; lndustriya, 11 December",
                    "Trud, 9 February 1939; Industriya, 11 December",
                ),
                ("of poor quaiity or", "of poor quality or"),
            ]
        )

    def test_it_reads_digits_among_letters_as_letters(self):
        self.assertTable(
            [
                ("This was sti11 high", "This was still high"),
                ("a little old fel10w from", "a little old fellow from"),
                ("Chirkov, categorical1y refused", "Chirkov, categorically refused"),
                ("of their 1928 1evel.", "of their 1928 level."),
                ("no growth at al1. The", "no growth at all. The"),
                ("sometimes 2,5oo. Amongst", "sometimes 2,500. Amongst"),
                ("on the 1st of May", "on the 1st of May"),
                ("in 1930 10 per cent", "in 1930 10 per cent"),
            ]
        )

    def test_it_reads_a_capital_inside_a_short_word_as_damage(self):
        self.assertTable(
            [
                ("traditions, aU of which", "traditions, all of which"),
                ("but not alI. The", "but not all. The"),
                ("if aJl their workers", "if all their workers"),
                ("That sO many older", "That so many older"),
                ("the VKP(b) and the TsK", "the VKP(b) and the TsK"),
                ("SYu, no. 7, 1941", "SYu, no. 7, 1941"),
            ]
        )

    def test_it_reads_a_slash_as_an_italic_letter(self):
        self.assertTable(
            [
                ("It was, in/act, the case", "It was, in fact, the case"),
                ("falsified and/or distorted", "falsified and/or distorted"),
                ("planlessness (besp/annovost' - the", "planlessness (besplannovost' - the"),
                ("In Moscow ob/as!' the managers", "In Moscow oblast' the managers"),
                ("Stop! he said", "Stop! he said"),
                ("repeated/retrofitted by workers", "repeated/retrofitted by workers"),
                ("pay supplements [dop/aty] given", "pay supplements [doplaty] given"),
            ]
        )

    def test_it_never_respells_names_or_the_authors_spellings(self):
        self.assertTable(
            [
                ("Larin argued that", "Larin argued that"),
                ("socialist competiton was", "socialist competiton was"),
                ("the bureaucractic apparatus", "the bureaucractic apparatus"),
                ("Schwarz, Labor, p. 99", "Schwarz, Labor, p. 99"),
            ]
        )


class TransliterationTests(TableTestCase):
    def test_it_rejoins_soft_signs_and_reads_zero_as_russian_o(self):
        self.assertTable(
            [
                ("(Yu. El 'kind)", "(Yu. El'kind)"),
                ("Nizhnyi Novgorod (Gor' kii) and", "Nizhnyi Novgorod (Gor'kii) and"),
                ("'0 poryadke", "'O poryadke"),
            ],
            kind="note",
        )

    def test_it_keeps_soft_signs_that_end_a_word(self):
        self.assertTable(
            [
                (
                    "'O dopolnitel'nykh merakh po bor'be s tekuchest'yu",
                    "'O dopolnitel'nykh merakh po bor'be s tekuchest'yu",
                ),
                ("Tekuchest' rabochei sily", "Tekuchest' rabochei sily"),
            ],
            kind="note",
        )


class NoiseTests(TableTestCase):
    def test_it_fills_a_replacement_character_from_the_books_vocabulary(self):
        self.assertEqual(fix("cropped up in t\ufffde course of"), "cropped up in the course of")

    def test_it_flags_a_damaged_block_and_guesses_nothing_there(self):
        lines = ["It d \ufffd d not matter whether wage rat ", "en ", "the socialis\ufffd "]
        result = correct_block(lines, book_context())
        self.assertIn("damaged", result.flags)
        self.assertIs(
            all(e.stage in ("punctuation", "digits", "dehyphenation") for e in result.edits), True
        )


class NoteCallTests(unittest.TestCase):
    def correct(self, text: str, last: int | None):
        seq = NoteSequence(last=last, chapter="3")
        return correct_block([text], book_context(), notes=seq), seq

    def test_it_takes_calls_the_sequence_expects_and_removes_them_from_the_text(self):
        table = [
            ("to use them. 1 22 Because of", 121, "to use them. Because of", [(12, 122)]),
            ("financial pressure .20 But late", 19, "financial pressure. But late", [(19, 20)]),
            ("was undertaken ,52 by which time", 51, "was undertaken, by which time", [(15, 52)]),
            ("made of ether?'26 ", 25, "made of ether?'", [(15, 26)]),
            ("and fired.9s In an", 94, "and fired. In an", [(10, 95)]),
            ("in water transport58 and on", 57, "in water transport and on", [(18, 58)]),
            ("at StalingradY Since", 50, "at Stalingrad. Since", [(14, 51)]),
            ("truants. 5 7  Identical", 56, "truants. Identical", [(8, 57)]),
            ("sense of the term.4 I t  was", 2, "sense of the term. It was", [(18, 4)]),
            ("identical levels.2 1  I n  heavy", 20, "identical levels. In heavy", [(17, 21)]),
            ("substantially. lo2 In February", 101, "substantially. In February", [(14, 102)]),
            ("a whole . l o  Only in", 9, "a whole. Only in", [(8, 10)]),
            ("the elite itself.6J The", 60, "the elite itself. The", [(17, 61)]),
            ("many managers.3D Politically", 29, "many managers. Politically", [(14, 30)]),
            ("back home.H3 A year", 82, "back home. A year", [(10, 83)]),
            ("due to Stakhanovism.5o ", 49, "due to Stakhanovism.", [(20, 50)]),
            ("overturn . l OB In Stalino", 107, "overturn. In Stalino", [(9, 108)]),
            ("in September 1935 . 2 For the", 1, "in September 1935. For the", [(18, 2)]),
            ("in line with plans: I I I", 110, "in line with plans:", [(19, 111)]),
        ]
        for raw, last, text, calls in table:
            with self.subTest(raw=raw):
                result, seq = self.correct(raw, last)
                self.assertEqual(result.text, text)
                self.assertEqual([(c.offset, c.number) for c in result.calls], calls)
                self.assertEqual(result.calls[-1].label, f"3.{calls[-1][1]}")
                self.assertEqual(seq.last, calls[-1][1])

    def test_it_leaves_numbers_the_sequence_does_not_expect(self):
        table = [
            ("By 1 932 48 per cent", 10),
            ("In 1935, 12 factories", 40),
            ("see Medvedev, p. 65. The", 64),
            ("I argue, I think, that", 0),
            ("it rose to 70.29 per cent", 28),
            ("mounting costs. I I", 20),
            ("as a whole. lo Only in", 3),
            ("the following: 12 Factories", 3),
            ("That sO many older workers", 102),
        ]
        for raw, last in table:
            with self.subTest(raw=raw):
                result, seq = self.correct(raw, last)
                self.assertEqual(result.calls, [])
                self.assertEqual(seq.last, last)

    def test_it_gives_an_unreadable_call_no_number_when_the_position_is_unknown(self):
        result, _ = self.correct("at StalingradY Since", None)
        self.assertEqual([(c.number, c.label) for c in result.calls], [(None, "3.?")])

    def test_it_takes_no_calls_in_endnotes(self):
        seq = NoteSequence(last=4)
        result = correct_block(["Trud, 5 March 1 939. 5 "], book_context(), notes=seq, kind="note")
        self.assertEqual(result.calls, [])

"""Choosing the parser from the manifest's kind."""

import unittest
from pathlib import Path

from edition.ingest.parse import parse

SEEDS = Path(__file__).resolve().parents[2] / "fixtures/texts"


class ParseDispatchTests(unittest.TestCase):
    def test_it_uses_the_parser_of_each_kind(self):
        cases = [
            ("born-digital", "003_2db548836ea0020a.txt", "born-digital thesis"),
            ("clean", "000_3d591ff5ca87ae2e.txt", "clean text, one paragraph per line"),
        ]
        for kind, seed, parser in cases:
            with self.subTest(kind=kind):
                document = parse((SEEDS / seed).read_text(encoding="utf-8"), kind=kind)
                self.assertEqual(document.report["parser"], parser)

    def test_ocr_text_without_the_book_layout_goes_to_the_structure_parser(self):
        raw = "THE HARBOUR\n\nThe ship camo in at noon, and tho crowd cheered.\n"
        document = parse(raw, kind="ocr-book", author="A. Writer")
        self.assertEqual(
            document.report["parser"], "structure learned from the text (OCR corrected)"
        )
        self.assertEqual(document.author, "A. Writer")

    def test_given_title_and_author_override_what_the_parser_found(self):
        raw = (SEEDS / "003_2db548836ea0020a.txt").read_text(encoding="utf-8")
        document = parse(raw, kind="born-digital", title="Pre-War Factory Relations")
        self.assertEqual(document.title, "Pre-War Factory Relations")
        self.assertEqual(document.author, "Christopher Russell")

    def test_it_refuses_an_unknown_kind_naming_the_allowed_ones(self):
        for kind in ("pdf", "", "Clean"):
            with self.subTest(kind=kind):
                with self.assertRaises(ValueError) as raised:
                    parse("text", kind=kind)
                message = str(raised.exception)
                self.assertIn(repr(kind), message)
                for allowed in ("ocr-book", "born-digital", "clean"):
                    self.assertIn(allowed, message)

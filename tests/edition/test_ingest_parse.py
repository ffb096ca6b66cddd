"""Choosing the parser from the manifest's kind."""

import sys
import types
import unittest
from pathlib import Path
from unittest import mock

from edition.ingest.document import Document
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

    def test_it_hands_ocr_books_to_the_ocr_parser(self):
        seen = []
        fake = types.ModuleType("edition.ingest.ocr_book")
        fake.parse_ocr_book = lambda raw: seen.append(raw) or Document(title="T", author="A")
        with mock.patch.dict(sys.modules, {"edition.ingest.ocr_book": fake}):
            document = parse("raw text", kind="ocr-book", author="Donald Filtzer")
        self.assertEqual(seen, ["raw text"])
        self.assertEqual((document.title, document.author), ("T", "Donald Filtzer"))

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

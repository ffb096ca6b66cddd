"""Reading uploaded bytes as a source text, and refusing what is not one."""

import codecs
import unittest
from pathlib import Path

from edition.ingest.source import SourceError, decode_source, read_source

SEEDS = Path(__file__).resolve().parents[2] / "fixtures/texts"


class DecodeSourceTests(unittest.TestCase):
    def test_it_refuses_what_is_not_a_utf8_text(self):
        cases = [
            (b"", {}, "empty"),
            (b" \n\n\t", {}, "empty"),
            (b"x" * 11, {"max_bytes": 10}, "11 bytes; the limit is 10"),
            (b"GIF89a\x00\x01\x02", {}, "NUL byte at offset 6"),
            ("caf\u00e9".encode("latin-1"), {}, "byte offset 3"),
            (codecs.BOM_UTF8 + b"ok \xff", {}, "byte offset 6"),
            (b"text" + b"\x01\x02\x03" * 5 + b"more text", {}, "control characters"),
        ]
        for data, options, message in cases:
            with self.subTest(data=data[:12]):
                with self.assertRaises(SourceError) as raised:
                    decode_source(data, name="upload.txt", **options)
                self.assertIn("upload.txt", str(raised.exception))
                self.assertIn(message, str(raised.exception))

    def test_source_errors_are_value_errors(self):
        self.assertIs(issubclass(SourceError, ValueError), True)

    def test_it_keeps_text_exactly_but_for_the_bom(self):
        cases = [
            ("plain", "plain"),
            ("1941² and ¹⁷ stay superscripts", "1941² and ¹⁷ stay superscripts"),
            ("ﬁ ligature, “quotes”, CRLF\r\nline", "ﬁ ligature, “quotes”, CRLF\r\nline"),
            ("\ufeffwith a BOM", "with a BOM"),
            (
                "\n\nleading blank lines, no final newline",
                "\n\nleading blank lines, no final newline",
            ),
        ]
        for text, expected in cases:
            with self.subTest(text=text):
                self.assertEqual(decode_source(text.encode("utf-8"), name="t.txt"), expected)

    def test_it_reads_the_seeds_unchanged(self):
        for path in sorted(SEEDS.glob("*.txt")):
            with self.subTest(seed=path.name):
                data = path.read_bytes()
                self.assertEqual(decode_source(data, name=path.name), data.decode("utf-8"))


class ReadSourceFormatTests(unittest.TestCase):
    def test_markdown_is_known_by_its_name_or_its_markup(self):
        cases = [
            ("notes.md", b"Just a line.", "markdown"),
            ("notes.txt", b"# The Mill\n\nText.\n\n## Water\n\nMore.", "markdown"),
            ("notes.txt", b"Text.[^1]\n\n[^1]: A note.\n[^2]: Another.", "markdown"),
            ("notes.txt", b"# A lone hash line\n\nText about #hashtags.", "text"),
            ("notes.txt", b"Plain prose, no markup at all.", "text"),
        ]
        for name, data, expected in cases:
            with self.subTest(data=data):
                self.assertEqual(read_source(data, name=name).format, expected)

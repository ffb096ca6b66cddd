from types import SimpleNamespace

from django.test import SimpleTestCase

from edition.rendering import passage_html


def passage(text, original="", kind="paragraph", **inline):
    return SimpleNamespace(text=text, original=original, kind=kind, inline=inline)


def correction(start, end, original, replacement, stage="split-words", confidence=0.95):
    return SimpleNamespace(
        start=start,
        end=end,
        original=original,
        replacement=replacement,
        stage=stage,
        confidence=confidence,
        decision="",
    )


class PassageHtmlTests(SimpleTestCase):
    def test_it_escapes_the_text(self):
        html = passage_html(passage("a <script>alert(1)</script> & b"))
        self.assertEqual(html, "a &lt;script&gt;alert(1)&lt;/script&gt; &amp; b")

    def test_it_links_note_calls_to_their_notes_and_marks_missing_ones(self):
        calls = [
            {"offset": 5, "number": 12, "label": "4.12"},
            {"offset": 11, "number": 13, "label": "4.13"},
        ]
        html = passage_html(passage("Trud. Pravda.", calls=calls), notes={"4.12"})
        self.assertIn('<sup class="note-call" id="call-4.12"><a href="#n-4.12"', html)
        self.assertIn('class="note-call note-missing" id="call-4.13"', html)
        self.assertTrue(html.startswith("Trud.<sup"))

    def test_it_places_page_markers_and_emphasis(self):
        html = passage_html(
            passage("one two three", pages=[{"offset": 4, "page": "48"}], emphasis=[[8, 13]])
        )
        self.assertEqual(html.count('data-page="48"'), 1)
        self.assertIn("<em>three</em>", html)

    def test_it_highlights_changes_and_shows_the_ocr_with_its_changed_spans(self):
        p = passage("political life", original="polit ical life")
        fix = correction(0, 9, "polit ical", "political")
        changes = passage_html(p, view="changes", corrections=[fix])
        self.assertIn('<ins class="fix" title="split-words: OCR read “polit ical”"', changes)
        ocr = passage_html(p, view="ocr", corrections=[fix])
        self.assertTrue(ocr.startswith('<del class="fix"'))
        self.assertIn(">polit ical</del> life", ocr)

    def test_it_closes_and_reopens_overlapping_spans(self):
        p = passage("abcdef", emphasis=[[0, 4]])
        html = passage_html(p, view="changes", corrections=[correction(2, 6, "x", "cdef")])
        self.assertEqual(html.count("<em>"), 2)
        self.assertEqual(html.count("<em>"), html.count("</em>"))

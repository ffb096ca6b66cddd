"""The text content of every passage's text element is the passage's text, as a DOM reads it.

W3C clients count selector offsets in the DOM's text content, so a note call, page marker
or heading number that added a character there would put every later offset off by one.
"""

from html.parser import HTMLParser

from django.test import TestCase

from edition.models import Edition, Passage
from tests.edition.helpers import ingest_seeds

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}


class PassageTexts(HTMLParser):
    """textContent of each [data-passage-text] element, keyed by its id."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.open: list[tuple[str, bool]] = []  # tag, whether it is a passage text element
        self.current: list[str] | None = None
        self.key = ""
        self.texts: dict[str, str] = {}
        self.anchors: dict[str, str] = {}

    def handle_starttag(self, tag, attrs):
        if tag in VOID:
            return
        attrs = dict(attrs)
        is_text = "data-passage-text" in attrs
        if is_text:
            self.current, self.key = [], attrs.get("id", "")
        self.open.append((tag, is_text))

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        while self.open:
            name, is_text = self.open.pop()
            if is_text:
                self.texts[self.key] = "".join(self.current)
                self.current = None
            if name == tag:
                break

    def handle_data(self, data):
        if self.current is not None:
            self.current.append(data)


def texts_on(client, url: str) -> dict[str, str]:
    parser = PassageTexts()
    parser.feed(client.get(url).content.decode())
    return parser.texts


class SeedTextContentTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        ingest_seeds()

    def check_view(self, view: str, text_of) -> int:
        equal = 0
        for edition in Edition.objects.all():
            for section in edition.current_sections():
                url = f"{section.get_absolute_url()}?view={view}"
                found = texts_on(self.client, url)
                for p in section.passages.current():
                    with self.subTest(view=view, passage=p.anchor):
                        self.assertEqual(found.get(f"p-{p.anchor}"), text_of(p))
                        equal += 1
        return equal

    def test_the_reading_and_changes_views_hold_the_passage_text(self):
        self.assertGreater(Passage.objects.current().count(), 1000)
        self.assertEqual(
            self.check_view("reading", lambda p: p.text), Passage.objects.current().count()
        )
        self.check_view("changes", lambda p: p.text)

    def test_the_ocr_view_holds_the_original_text_where_there_is_one(self):
        self.check_view("ocr", lambda p: p.original or p.text)

    def test_the_passage_iri_points_at_the_text_element(self):
        p = Passage.objects.current().filter(kind=Passage.Kind.NOTE).first()
        response = self.client.get(p.get_absolute_url())
        self.assertTrue(response["Location"].endswith(f"#p-{p.anchor}"))
        self.assertEqual(texts_on(self.client, response["Location"])[f"p-{p.anchor}"], p.text)

    def test_the_reader_fragment_of_the_ocr_toggle_holds_the_same_text(self):
        for p in Passage.objects.current().exclude(original="")[:40]:
            url = f"/editions/{p.edition.slug}/passages/{p.anchor}/fragment/"
            html = self.client.get(url + "?view=ocr").content.decode()
            parser = PassageTexts()
            parser.feed(f"<p data-passage-text id=x>{html}</p>")
            self.assertEqual(parser.texts["x"], p.original)

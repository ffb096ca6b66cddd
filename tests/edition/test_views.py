import html
import re

from django.core.cache import caches
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext

from accounts.models import User
from edition.models import Correction, Edition, Passage, Section
from tests.edition.helpers import ingest_samples
from tests.factories import make_annotation


class ReadingPageTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        ingest_samples()
        cls.thesis = Edition.objects.get(slug="russell-sample")
        cls.book = Edition.objects.get(slug="filtzer-sample")
        cls.staff = User.objects.create_user("ada", password="pw", is_staff=True)

    def largest_section(self, edition) -> Section:
        return max(edition.sections.all(), key=lambda s: s.passages.count())

    def test_the_library_lists_every_edition_with_author_year_kind_and_length(self):
        response = self.client.get("/")
        self.assertContains(response, "Pre-War Factory Relations")
        self.assertContains(response, "Christopher Russell, 2024")
        self.assertContains(response, "Born-digital document")
        self.assertContains(response, f"{self.thesis.word_count:,} words")

    def test_the_edition_page_has_a_table_of_contents_and_downloads(self):
        response = self.client.get(self.thesis.get_absolute_url())
        for section in self.thesis.sections.all():
            self.assertContains(response, section.get_absolute_url())
        self.assertContains(response, "/editions/russell-sample/export.md")
        self.assertContains(response, "/editions/russell-sample/export.json")

    def test_a_section_page_links_note_calls_to_notes_and_back(self):
        section = self.thesis.sections.get(role="introduction")
        html = self.client.get(section.get_absolute_url()).content.decode()
        self.assertIn('<a href="#n-1" data-note-call="1"', html)
        self.assertIn('id="n-1"', html)
        self.assertIn('href="#call-1"', html)
        self.assertIn('id="call-1"', html)

    def test_notes_missing_from_the_source_are_said_once_and_folded_away(self):
        missing = [
            p
            for p in self.book.passages.filter(kind="paragraph")
            if any(
                c["label"] not in {n.label for n in p.section.passages.filter(kind="note")}
                for c in p.inline.get("calls", [])
            )
        ]
        self.assertTrue(missing)
        html = self.client.get(missing[0].section.get_absolute_url()).content.decode()
        self.assertRegex(html, r"<summary>\d+ notes? whose text is not in the source</summary>")
        self.assertNotIn("Note text not in the source.", html)

    def test_a_section_page_has_previous_and_next_and_paragraph_permalinks(self):
        sections = list(self.thesis.sections.all())
        html = self.client.get(sections[1].get_absolute_url()).content.decode()
        self.assertIn(f'rel="prev" href="{sections[0].get_absolute_url()}"', html)
        self.assertIn(f'rel="next" href="{sections[2].get_absolute_url()}"', html)
        passage = sections[1].passages.exclude(kind="heading").first()
        self.assertIn(f'id="p-{passage.anchor}"', html)
        self.assertIn(f'data-copy-link="{passage.get_iri()}"', html)

    def test_ocr_sections_show_printed_page_markers(self):
        pages = [p for p in self.book.passages.all() if p.inline.get("pages")]
        self.assertGreater(len(pages), 5)
        html = self.client.get(pages[-1].section.get_absolute_url()).content.decode()
        self.assertRegex(html, r'class="page-marker" id="page-\d+" data-page="\d+"')

    def test_the_largest_section_renders_with_a_constant_number_of_queries(self):
        section = self.largest_section(self.book)
        for view in ("reading", "changes", "ocr"):
            with self.subTest(view), CaptureQueriesContext(connection) as queries:
                self.assertEqual(
                    self.client.get(section.get_absolute_url(), {"view": view}).status_code, 200
                )
            self.assertLessEqual(len(queries), 6)
        small = min(self.book.sections.all(), key=lambda s: s.passages.count())
        caches["pages"].clear()  # both rendered, not one read from the cache
        with CaptureQueriesContext(connection) as small_queries:
            self.client.get(small.get_absolute_url(), {"view": "changes"})
        with CaptureQueriesContext(connection) as large_queries:
            self.client.get(section.get_absolute_url(), {"view": "changes"})
        self.assertEqual(len(small_queries), len(large_queries))

    def test_an_unknown_section_or_edition_is_a_404_page(self):
        for url in (
            "/editions/nope/",
            "/editions/russell-sample/nope/",
            "/editions/russell-sample/passages/nope/",
        ):
            with self.subTest(url):
                response = self.client.get(url)
                self.assertEqual(response.status_code, 404)


class PassageIriTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        ingest_samples("smolyak-sample")
        cls.passage = Passage.objects.filter(kind="paragraph").first()

    def test_a_browser_is_redirected_to_the_passage_in_its_section(self):
        response = self.client.get(
            self.passage.get_absolute_url(), HTTP_ACCEPT="text/html,application/xhtml+xml"
        )
        self.assertRedirects(
            response, f"{self.passage.section.get_absolute_url()}#p-{self.passage.anchor}"
        )

    def test_plain_text_gets_the_reading_text(self):
        response = self.client.get(self.passage.get_absolute_url(), HTTP_ACCEPT="text/plain")
        self.assertEqual(response["Content-Type"], "text/plain; charset=utf-8")
        self.assertEqual(response.content.decode(), self.passage.text)

    def test_json_gets_its_data_with_an_absolute_iri(self):
        response = self.client.get(self.passage.get_absolute_url(), HTTP_ACCEPT="application/json")
        data = response.json()
        self.assertEqual(data["id"], self.passage.anchor)
        self.assertEqual(data["url"], "http://127.0.0.1:8000" + self.passage.get_absolute_url())
        self.assertEqual(data["text"], self.passage.text)


class ExportDownloadTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        ingest_samples("smolyak-sample")

    def test_both_formats_download_from_the_edition_page(self):
        md = self.client.get("/editions/smolyak-sample/export.md")
        self.assertEqual(md["Content-Disposition"], 'attachment; filename="smolyak-sample.md"')
        self.assertTrue(md.content.decode().startswith("---\ntitle:"))
        js = self.client.get("/editions/smolyak-sample/export.json")
        self.assertEqual(js.json()["slug"], "smolyak-sample")


class AboutAndCorrectionPagesTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        ingest_samples("filtzer-sample")
        cls.edition = Edition.objects.get()
        cls.staff = User.objects.create_user("ada", password="pw", is_staff=True)
        cls.reader = User.objects.create_user("rita", password="pw")

    def test_staff_see_the_ingestion_report_and_readers_do_not(self):
        url = f"/editions/{self.edition.slug}/about/"
        self.assertNotContains(self.client.get(url), "Ingestion report")
        self.client.force_login(self.staff)
        self.assertContains(self.client.get(url), "Ingestion report")

    def test_the_corrections_page_summarizes_corrections_by_class_with_examples(self):
        response = self.client.get(f"/editions/{self.edition.slug}/corrections/")
        stages = set(Correction.objects.values_list("stage", flat=True))
        for stage in stages:
            self.assertContains(response, f'id="class-{stage}"')
        self.assertContains(response, "<del>")

    def test_a_passage_fragment_switches_between_corrected_and_ocr_text(self):
        passage = Passage.objects.exclude(original="").filter(kind="paragraph").first()
        url = f"/editions/{self.edition.slug}/passages/{passage.anchor}/fragment/"
        ocr = self.client.get(url, {"view": "ocr"}).content.decode()
        self.assertIn('<del class="fix"', ocr)
        self.assertEqual(html.unescape(re.sub(r"<[^>]+>", "", ocr)), passage.original)
        self.assertEqual(self.client.get(url, {"view": "nope"}).status_code, 404)


class SectionPageWithAnnotationsTests(TestCase):
    """The page's queries do not grow with the annotations it holds (they load by API)."""

    @classmethod
    def setUpTestData(cls):
        ingest_samples("smolyak-sample")
        cls.section = Section.objects.filter(role="body").get()
        cls.reader = User.objects.create_user("rita", password="pw")

    def queries_for_page(self) -> int:
        with CaptureQueriesContext(connection) as queries:
            self.assertEqual(self.client.get(self.section.get_absolute_url()).status_code, 200)
        return len(queries)

    def test_a_section_page_costs_the_same_queries_with_0_and_1000_annotations(self):
        self.client.force_login(self.reader)
        self.queries_for_page()  # the first request after sign-in also touches the session
        empty = self.queries_for_page()
        passages = list(self.section.passages.filter(kind="paragraph"))
        for n in range(1000):
            passage = passages[n % len(passages)]
            make_annotation(
                self.reader, passage, start=n % 20, end=n % 20 + 10, visibility="public"
            )
        self.assertEqual(self.queries_for_page(), empty)

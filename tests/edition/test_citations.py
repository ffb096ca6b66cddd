"""Citing passages: the page, plain text, BibTeX and CSL JSON."""

import json

from django.test import TestCase

from edition.versions import PassageChange, version_publish
from tests.factories import make_edition, make_user


class CitationTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.ana, cls.otto = make_user("ana", display_name="Ana Annotator"), make_user("otto")
        cls.edition = make_edition(title="A Thesis {on} 100% & more")
        p2 = cls.edition.passages.get(anchor="p2")
        p2.page = "12"
        p2.save(update_fields=["page"])
        version_publish(
            edition=cls.edition,
            changes=[PassageChange(passage=p2, text=p2.text.replace("second", "2nd"))],
        )

    def test_a_passage_citation_names_author_title_year_chapter_page_paragraph_version(self):
        text = self.client.get("/editions/thesis/passages/p2/cite.txt").content.decode()
        for part in (
            "A. Author, A Thesis {on} 100% & more (2001)",
            "“Chapter-1”",
            "p. 12",
            "¶ 2",
            "version 2",
            "http://127.0.0.1:8000/editions/thesis/passages/p2/?version=2",
        ):
            with self.subTest(part):
                self.assertIn(part, text)

    def test_the_cite_page_sets_the_book_title_in_italics(self):
        html = self.client.get("/editions/thesis/passages/p2/cite/").content.decode()
        self.assertIn("A. Author, <i>A Thesis {on} 100% &amp; more</i> (2001)", html)

    def test_bibtex_escapes_and_names_the_version(self):
        response = self.client.get("/editions/thesis/passages/p2/cite.bib?version=1")
        bib = response.content.decode()
        self.assertTrue(bib.startswith("@misc{author2001-thesis-p2,"))
        self.assertIn(r"title = {A Thesis \{on\} 100\% \& more},", bib)
        self.assertIn("pages = {12}", bib)
        self.assertIn("url = {http://127.0.0.1:8000/editions/thesis/passages/p2/?version=1}", bib)
        self.assertIn("attachment", response["Content-Disposition"])

    def test_csl_json_is_a_list_of_one_item(self):
        items = json.loads(self.client.get("/editions/thesis/passages/p2/cite.json").content)
        self.assertEqual(items[0]["author"], [{"family": "Author", "given": "A."}])
        self.assertEqual(
            (items[0]["issued"], items[0]["version"], items[0]["locator"]),
            ({"date-parts": [[2001]]}, "2", "2"),
        )

    def test_the_cite_page_and_unknown_formats(self):
        html = self.client.get("/editions/thesis/passages/p2/cite/").content.decode()
        self.assertIn("data-copy-cite", html)
        self.assertIn("@misc{", html)
        self.assertEqual(self.client.get("/editions/thesis/passages/p2/cite.doc").status_code, 404)

    def test_the_section_page_has_cite_and_provenance_controls(self):
        html = self.client.get("/editions/thesis/chapter-1/").content.decode()
        self.assertIn('data-cite="/editions/thesis/passages/p1/cite.txt"', html)
        self.assertIn('href="/editions/thesis/passages/p1/provenance/"', html)

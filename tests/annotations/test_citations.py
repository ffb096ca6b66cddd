"""Citing an annotation: for those who may see it, with its author as they may see them."""

import json

from django.test import TestCase

from tests.factories import make_annotation, make_edition, make_user


class AnnotationCitationTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.ana = make_user("ana", display_name="Ana Annotator")
        cls.edition = make_edition(title="A Thesis {on} 100% & more")

    def test_an_annotation_is_cited_only_for_those_who_may_see_it(self):
        p1 = self.edition.passages.get(anchor="p1")
        note = make_annotation(self.ana, p1, start=4, end=10)
        self.assertEqual(self.client.get(f"/cite/annotations/{note.pk}.bib").status_code, 404)
        self.client.force_login(self.ana)
        bib = self.client.get(f"/cite/annotations/{note.pk}.bib").content.decode()
        self.assertIn("author = {Ana Annotator}", bib)
        self.assertIn(f"/annotations/{note.pk}/go/", bib)
        csl = json.loads(self.client.get(f"/cite/annotations/{note.pk}.json").content)
        self.assertEqual(csl[0]["container-title"], "A Thesis {on} 100% & more")

    def test_the_cite_page_links_the_other_formats(self):
        note = make_annotation(self.ana, self.edition.passages.get(anchor="p1"))
        self.client.force_login(self.ana)
        html = self.client.get(f"/cite/annotations/{note.pk}/").content.decode()
        self.assertIn("Cite this annotation", html)
        self.assertIn(f'href="/cite/annotations/{note.pk}.bib"', html)
        self.assertEqual(self.client.get(f"/cite/annotations/{note.pk}.doc").status_code, 404)

    def test_the_annotation_keeps_its_year_and_the_book_keeps_its_own(self):
        note = make_annotation(self.ana, self.edition.passages.get(anchor="p1"))
        self.client.force_login(self.ana)
        text = self.client.get(f"/cite/annotations/{note.pk}.txt").content.decode()
        work = self.edition.work
        self.assertTrue(
            text.startswith(
                f"Ana Annotator ({note.created.year}), annotation on {work.author}, "
                f"{work.title} ({work.year}), "
            ),
            text,
        )
        html = self.client.get(f"/cite/annotations/{note.pk}/").content.decode()
        self.assertIn("<i>A Thesis {on} 100% &amp; more</i>", html)

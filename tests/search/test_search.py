"""Relevance, the search page and API, and a constant number of queries per search."""

from django.test import TestCase

from annotations.search import annotations_index, search_run
from edition.fulltext import query_parse
from edition.search import passage_hits, passages_index
from tests.factories import make_annotation, make_edition, make_reply, make_user

TEXTS = [
    "Stakhanov. The record of Aleksei Stakhanov in August 1935 began the movement.",
    "Stakhanovites were paid more; other workers resented the Stakhanovite records.",
    "The movement reached the textile mills by the end of the year.",
    "Wages, norms and the worker: a short history of piece rates under the NEP.",
    "Managers feared that raised norms would follow every new record.",
    "The New Economic Policy (NEP) ended with the first five-year plan.",
]
# (query, the passage that must come first)
RELEVANCE = [
    ("stakhanov", "p1"),
    ("stakhanovite*", "p2"),
    ('"economic policy"', "p6"),
    ("norms record", "p5"),
    ("worker wages", "p4"),
    ("textile", "p3"),
    ("managers feared", "p5"),
]


class RelevanceTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        make_edition(texts=TEXTS)
        passages_index(ids=None)

    def test_the_expected_passage_comes_first(self):
        for q, first in RELEVANCE:
            with self.subTest(q=q):
                hits = list(passage_hits(query=query_parse(q)))
                self.assertEqual(hits[0].anchor, first)

    def test_reading_order_follows_the_text(self):
        hits = passage_hits(query=query_parse("record*"), order="reading")
        self.assertEqual([p.anchor for p in hits], ["p1", "p2", "p5"])


class SearchPageTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.ana = make_user("ana", display_name="Ana Annotator")
        cls.edition = make_edition(texts=TEXTS)
        p1, p2 = cls.edition.passages.order_by("order")[:2]
        cls.notes = [
            make_annotation(
                cls.ana, p, body=f"Shock work, note {i}", tags=["nep"], visibility="public"
            )
            for i, p in enumerate([p1, p2] * 6)
        ]
        make_reply(cls.ana, cls.notes[0], body="A reply on shock work.")
        passages_index(ids=None)
        annotations_index(ids=None)

    def test_results_are_grouped_highlighted_and_placed(self):
        response = self.client.get("/search/", {"q": "stakhanov"})
        self.assertContains(response, 'id="text-hits"')
        self.assertContains(response, "<mark>Stakhanov</mark>")
        self.assertContains(response, "/editions/thesis/chapter-1/?q=stakhanov#p-p1")

    def test_annotation_hits_show_author_tags_and_replies_and_filter_by_tag(self):
        self.client.force_login(self.ana)
        response = self.client.get(
            "/search/", {"q": "shock", "tag": "nep", "show": "annotations", "order": "reading"}
        )
        self.assertContains(response, "Note by Ana Annotator")
        self.assertContains(response, '<span class="tag">nep</span>')
        self.assertContains(response, "1 reply")
        self.assertNotContains(response, 'id="text-hits"')

    def test_the_query_count_does_not_grow_with_the_hits(self):
        params = {"q": "shock work*", "show": "all"}

        def queries(per_page):
            with self.assertNumQueries(5):
                results = search_run(viewer=self.ana, params=params, page=1, per_page=per_page)
                [a.headline for a in results.annotations]
            return results

        self.assertEqual(len(queries(1).annotations), 1)
        self.assertEqual(len(queries(13).annotations), 13)

    def test_the_api_answers_an_annotation_page(self):
        self.client.force_login(self.ana)  # her own items, held for moderation or not
        data = self.client.get("/api/search/", {"q": "shock", "show": "annotations"}).json()
        self.assertEqual(data["annotations"]["type"], "AnnotationPage")
        self.assertEqual(data["annotations"]["partOf"]["total"], 13)
        self.assertIn("<mark>", data["annotations"]["items"][0]["snippet"])

    def test_the_edition_page_searches_within_the_edition(self):
        response = self.client.get("/editions/thesis/")
        self.assertContains(response, '<input type="hidden" name="edition" value="thesis">')
        other = make_edition("other", texts=["Stakhanov elsewhere."])
        passages_index(ids=list(other.passages.values_list("pk", flat=True)))
        response = self.client.get("/search/", {"q": "stakhanov", "edition": "thesis"})
        self.assertContains(response, "/editions/thesis/chapter-1/")
        self.assertNotContains(response, "/editions/other/")

    def test_the_api_refuses_an_invalid_filter(self):
        self.assertEqual(
            self.client.get("/api/search/", {"q": "x", "since": "soon"}).status_code, 400
        )

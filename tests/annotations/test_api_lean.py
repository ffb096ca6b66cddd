"""The annotation list at seminar size: no large columns, constant queries, URLs formatted
from one reversal per response, and a capped page size."""

from django.db import connection
from django.test import TestCase, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from annotations.api import PAGE_SIZE_MAX
from annotations.iris import UrlFormat
from tests.base import PersonaTestCase
from tests.factories import make_annotation, make_reply

SECTION_LIST = "/api/annotations/?edition=thesis&section=chapter-1&limit=1000"


def selected_sql(queries) -> str:
    return "\n".join(q["sql"] for q in queries.captured_queries)


# A seminar posts many notes at once; none of them is held as a burst here.
@override_settings(MODERATION_BURST_POSTS=1000)
class LeanListTests(PersonaTestCase):
    def add_notes(self, count: int) -> None:
        for n in range(count):
            make_annotation(
                self.ana, self.p1, visibility="public", start=0, end=5, body=f"Note {n}", tags=["t"]
            )

    def test_the_list_never_loads_the_editions_source_or_report(self):
        self.add_notes(2)
        for user in (None, self.mia):
            with self.subTest(user=user):
                if user:
                    self.client.force_login(user)
                with CaptureQueriesContext(connection) as queries:
                    response = self.client.get(SECTION_LIST)
                self.assertEqual(response.json()["total"], 2)
                sql = selected_sql(queries)
                self.assertRegex(sql, r'("edition_edition"|T\d+)\."slug"')  # edition joined
                self.assertNotIn('."raw_text"', sql)  # ... without its megabytes
                self.assertNotIn('."report"', sql)

    def test_one_annotation_never_loads_them_either(self):
        note = make_annotation(self.ana, self.p1, visibility="public", start=0, end=5)
        with CaptureQueriesContext(connection) as queries:
            self.assertEqual(self.client.get(f"/api/annotations/{note.pk}/").status_code, 200)
        sql = selected_sql(queries)
        self.assertRegex(sql, r'("edition_edition"|T\d+)\."slug"')
        self.assertNotIn('."raw_text"', sql)

    def test_fifty_annotations_cost_the_queries_of_one(self):
        self.add_notes(1)
        make_reply(self.mia, self.edition.annotations.get())
        with CaptureQueriesContext(connection) as one:
            self.client.get(SECTION_LIST)
        self.add_notes(49)
        with self.assertNumQueries(len(one)):
            response = self.client.get(SECTION_LIST)
        self.assertEqual(response.json()["total"], 51)

    def test_urls_formatted_once_equal_the_reversed_ones(self):
        root = make_annotation(self.ana, self.p1, visibility="public", start=0, end=5)
        make_reply(self.mia, root)
        items = self.client.get(SECTION_LIST).json()["first"]["items"]
        site = "http://127.0.0.1:8000"
        by_id = {item["id"]: item for item in items}
        item = by_id[site + reverse("api:annotation", kwargs={"pk": root.pk})]
        passage = reverse("edition:passage", kwargs={"slug": "thesis", "anchor": self.p1.anchor})
        self.assertEqual(item["target"]["source"], site + passage)
        self.assertEqual(item["lectio"]["permalink"], site + root.get_permalink())
        self.assertEqual(item["lectio"]["discussion"], site + root.get_absolute_url())
        cite = reverse("annotations:cite", kwargs={"pk": root.pk})
        self.assertEqual(item["lectio"]["cite"], site + cite)
        reply = next(i for i in items if i["id"] != item["id"])
        self.assertEqual(reply["target"], item["id"])

    def test_the_page_size_is_capped(self):
        self.add_notes(1)
        ok = self.client.get(f"/api/annotations/?limit={PAGE_SIZE_MAX}")
        self.assertEqual(ok.status_code, 200)
        response = self.client.get(f"/api/annotations/?limit={PAGE_SIZE_MAX + 1}")
        self.assertEqual(response.status_code, 400)
        self.assertIn(str(PAGE_SIZE_MAX), response.json()["detail"])


class UrlFormatTests(TestCase):
    def test_it_quotes_values_as_reverse_does(self):
        passage = UrlFormat("edition:passage", absolute=False, slug=str, anchor=str)
        for anchor in ("p12", "n-3a", "a b", "é.1"):
            with self.subTest(anchor=anchor):
                expected = reverse("edition:passage", kwargs={"slug": "thesis", "anchor": anchor})
                self.assertEqual(passage.fill(slug="thesis", anchor=anchor), expected)

    def test_it_fills_numbers(self):
        detail = UrlFormat("annotations:detail", absolute=False, pk=int)
        self.assertEqual(detail.fill(pk=7), reverse("annotations:detail", kwargs={"pk": 7}))

"""Section pages cached by version: the text is rendered once per edition version and
view and shared; signed-out readers get ETag, Last-Modified and 304; pages are gzipped."""

import gzip

from django.db import connection
from django.test.utils import CaptureQueriesContext

from edition.models import CorrectionDecision
from edition.versions import PassageChange, version_publish
from tests.base import PersonaTestCase
from tests.factories import make_annotation


def passage_queries(queries) -> int:
    """Queries loading passages with their texts (the signed-in panel reads only anchors)."""
    return sum(
        q["sql"].startswith('SELECT "edition_passage"."id"')
        and '"edition_passage"."text"' in q["sql"]
        for q in queries.captured_queries
    )


class SectionTextCacheTests(PersonaTestCase):
    def url(self, **params):
        query = "&".join(f"{k}={v}" for k, v in params.items())
        return self.section.get_absolute_url() + (f"?{query}" if query else "")

    def publish(self, text: str):
        passage = self.edition.passages.get(pk=self.p2.pk)
        version_publish(edition=self.edition, changes=[PassageChange(passage=passage, text=text)])

    def test_the_text_is_rendered_once_and_shared_by_every_reader(self):
        with CaptureQueriesContext(connection) as first:
            html = self.client.get(self.url()).content.decode()
        self.assertGreater(passage_queries(first), 0)
        self.client.force_login(self.ana)
        with CaptureQueriesContext(connection) as second:
            again = self.client.get(self.url()).content.decode()
        self.assertEqual(passage_queries(second), 0)
        self.assertIn(self.p2.text, again)
        self.assertIn(f'id="p-{self.p2.anchor}"', html)

    def test_a_new_version_is_shown_at_once(self):
        self.client.get(self.url())
        self.publish("An entirely new second paragraph.")
        html = self.client.get(self.url()).content.decode()
        self.assertIn("An entirely new second paragraph.", html)
        self.assertNotIn(self.p2.text, html)

    def test_an_old_version_and_each_view_have_their_own_text(self):
        old = self.p2.text
        self.publish("An entirely new second paragraph.")
        current = self.client.get(self.url()).content.decode()
        at_one = self.client.get(self.url(version=1)).content.decode()
        self.assertNotIn(old, current)
        self.assertIn(old, at_one)
        self.assertIn(
            'data-view="changes"', self.client.get(self.url(view="changes")).content.decode()
        )


class ConditionalGetTests(PersonaTestCase):
    def page(self, **headers):
        return self.client.get(self.section.get_absolute_url(), headers=headers)

    def test_signed_out_readers_get_an_etag_and_a_304(self):
        response = self.page()
        self.assertEqual(response.status_code, 200)
        self.assertIn("Last-Modified", response)
        self.assertIn("no-cache", response["Cache-Control"])
        etag = response["ETag"]
        self.assertEqual(self.page(if_none_match=etag).status_code, 304)
        since = response["Last-Modified"]
        self.assertEqual(self.page(if_modified_since=since).status_code, 304)

    def test_a_new_version_answers_200_to_the_old_etag(self):
        etag = self.page()["ETag"]
        passage = self.edition.passages.get(pk=self.p1.pk)
        version_publish(edition=self.edition, changes=[PassageChange(passage=passage, text="New.")])
        response = self.page(if_none_match=etag)
        self.assertEqual(response.status_code, 200)
        self.assertNotEqual(response["ETag"], etag)

    def test_an_editors_decision_changes_the_etag_of_the_changes_view(self):
        url = self.section.get_absolute_url() + "?view=changes"
        etag = self.client.get(url)["ETag"]
        CorrectionDecision.objects.create(
            edition=self.edition,
            anchor=self.p1.anchor,
            original="a",
            replacement="b",
            occurrence=0,
            decision="accepted",
            editor=self.sofia,
        )
        self.assertEqual(self.client.get(url, headers={"if-none-match": etag}).status_code, 200)

    def test_signed_in_readers_get_no_etag_and_always_the_page(self):
        etag = self.page()["ETag"]
        self.client.force_login(self.ana)
        response = self.page(if_none_match=etag)
        self.assertEqual(response.status_code, 200)
        self.assertNotIn("ETag", response)
        self.assertIn("private", response["Cache-Control"])

    def test_a_reader_with_a_message_to_show_gets_the_page(self):
        etag = self.page()["ETag"]
        self.client.cookies["messages"] = "pending"
        response = self.page(if_none_match=etag)
        self.assertEqual(response.status_code, 200)
        self.assertNotIn("ETag", response)


class CompressionTests(PersonaTestCase):
    def test_pages_and_json_are_gzipped_for_clients_that_accept_it(self):
        for url in (self.section.get_absolute_url(), "/api/annotations/?edition=thesis"):
            with self.subTest(url):
                response = self.client.get(url, headers={"accept-encoding": "gzip"})
                self.assertEqual(response["Content-Encoding"], "gzip")
                self.assertTrue(gzip.decompress(response.content))
                self.assertIn("Accept-Encoding", response["Vary"])

    def test_a_gzipped_page_still_answers_304(self):
        headers = {"accept-encoding": "gzip"}
        etag = self.client.get(self.section.get_absolute_url(), headers=headers)["ETag"]
        self.assertTrue(etag.startswith('W/"'))  # weakened by compression
        response = self.client.get(
            self.section.get_absolute_url(), headers={**headers, "if-none-match": etag}
        )
        self.assertEqual(response.status_code, 304)


class SignedOutPageTests(PersonaTestCase):
    def test_signed_out_readers_get_the_whole_page_from_the_cache(self):
        url = self.section.get_absolute_url()
        first = self.client.get(url)
        with CaptureQueriesContext(connection) as queries:
            second = self.client.get(url)
        self.assertEqual(len(queries), 2)  # the edition with its stamp, and the section
        self.assertEqual(second.content, first.content)
        self.assertEqual(second["ETag"], first["ETag"])
        self.assertIn("Cookie", second["Vary"])

    def test_a_signed_in_reader_never_gets_the_signed_out_page(self):
        url = self.section.get_absolute_url()
        self.client.get(url)
        self.client.force_login(self.ana)
        html = self.client.get(url).content.decode()
        self.assertIn('data-signed-in="true"', html)
        self.assertIn('data-user="ana"', html)


class ApiEtagTests(PersonaTestCase):
    def test_an_annotation_keeps_its_strong_etag_for_if_match(self):
        note = make_annotation(self.ana, self.p1, visibility="public", body="x" * 500)
        self.client.force_login(self.ana)
        response = self.client.get(
            f"/api/annotations/{note.pk}/", headers={"accept-encoding": "gzip"}
        )
        self.assertEqual(response["ETag"], note.etag)
        self.assertNotIn("Content-Encoding", response)

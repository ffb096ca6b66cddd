"""HTML pages without JavaScript: annotate a paragraph, discuss, edit, delete, exports."""

import csv
import io
import json

from annotations.models import Annotation
from edition.models import Selection
from tests.base import PersonaTestCase
from tests.factories import make_annotation, make_reply


class AnnotatePageTests(PersonaTestCase):
    def test_the_section_page_offers_an_annotate_link_per_passage(self):
        response = self.client.get(self.section.get_absolute_url())
        self.assertContains(response, "/annotations/new/?passage=thesis:p1")

    def test_a_reader_annotates_a_whole_paragraph_from_a_form(self):
        self.client.force_login(self.mia)
        url = "/annotations/new/?passage=thesis:p2"
        page = self.client.get(url)
        self.assertContains(page, '<label for="id_body">')
        self.assertContains(page, "Thursday seminar")
        response = self.client.post(
            url,
            {
                "body": "Whole *paragraph*",
                "tags": "a, b",
                "visibility": "group",
                "group": self.group.pk,
            },
        )
        note = Annotation.objects.get()
        self.assertRedirects(response, f"/annotations/{note.pk}/")
        self.assertEqual(
            (note.passage, note.group, note.tags, note.selector_start),
            (self.p2, self.group, ["a", "b"], None),
        )

    def test_the_form_refuses_a_group_note_without_group_and_unknown_passages(self):
        self.client.force_login(self.mia)
        response = self.client.post(
            "/annotations/new/?passage=thesis:p2", {"body": "x", "visibility": "group"}
        )
        self.assertContains(response, "Choose the group")
        self.assertEqual(self.client.get("/annotations/new/?passage=thesis:p9").status_code, 404)
        self.assertEqual(self.client.get("/annotations/new/?passage=nope").status_code, 404)

    def test_anonymous_readers_are_sent_to_sign_in(self):
        response = self.client.get("/annotations/new/?passage=thesis:p2")
        self.assertEqual(response.status_code, 302)
        self.assertIn("/accounts/login/", response["Location"])


class DiscussionPageTests(PersonaTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.root = make_annotation(
            cls.ana,
            cls.p1,
            visibility="group",
            group=cls.group,
            body="Root **note**",
            start=0,
            end=10,
        )

    def test_it_shows_the_thread_and_takes_replies(self):
        self.client.force_login(self.mia)
        response = self.client.post(f"/annotations/{self.root.pk}/reply/", {"body": "Reply!"})
        reply = Annotation.objects.get(parent=self.root)
        self.assertRedirects(
            response, f"/annotations/{reply.pk}/#a-{reply.pk}", fetch_redirect_response=False
        )
        page = self.client.get(f"/annotations/{self.root.pk}/")
        self.assertContains(page, "<strong>note</strong>", html=False)
        self.assertContains(page, "Reply!")
        self.assertContains(page, f'id="a-{reply.pk}"')

    def test_the_author_edits_with_history_and_deletes(self):
        make_reply(self.mia, self.root, body="An answer")
        self.client.force_login(self.ana)
        url = f"/annotations/{self.root.pk}/edit/"
        self.assertContains(self.client.get(url), "Root **note**")
        edit = {"body": "Edited", "tags": "x", "visibility": "group", "group": self.group.pk}
        self.client.post(url, {**edit, "version": 1})
        page = self.client.get(f"/annotations/{self.root.pk}/")
        self.assertContains(page, "History (2 versions)")
        self.assertContains(page, "Root **note**")
        self.client.post(f"/annotations/{self.root.pk}/delete/")
        # The tombstone keeps the thread, and shows nobody the text its author took back.
        for user in (self.ana, self.mia, self.mo):
            self.client.force_login(user)
            page = self.client.get(f"/annotations/{self.root.pk}/")
            self.assertContains(page, "deleted by its author")
            self.assertContains(page, "An answer")
            self.assertNotContains(page, "Root **note**")
            self.assertNotContains(page, "History")
            self.assertNotContains(page, "Edited")

    def test_an_edit_from_a_stale_form_is_refused_with_409_and_changes_nothing(self):
        self.client.force_login(self.ana)
        url = f"/annotations/{self.root.pk}/edit/"
        self.assertContains(self.client.get(url), 'name="version" value="1"')
        edit = {"tags": "", "visibility": "group", "group": self.group.pk, "version": 1}
        self.assertEqual(self.client.post(url, {**edit, "body": "First tab"}).status_code, 302)
        response = self.client.post(url, {**edit, "body": "Second tab"})
        self.assertContains(response, "changed since you opened it", status_code=409)
        self.root.refresh_from_db()
        self.assertEqual((self.root.body, self.root.version), ("First tab", 2))

    def test_others_cannot_open_the_edit_page(self):
        self.client.force_login(self.mia)
        self.assertEqual(self.client.get(f"/annotations/{self.root.pk}/edit/").status_code, 403)
        self.assertEqual(self.client.post(f"/annotations/{self.root.pk}/delete/").status_code, 403)

    def test_the_permalink_opens_the_section_at_the_annotation(self):
        self.client.force_login(self.mia)
        reply = make_reply(self.mia, self.root)
        for pk in (self.root.pk, reply.pk):
            response = self.client.get(f"/annotations/{pk}/go/")
            self.assertRedirects(
                response,
                f"/editions/thesis/chapter-1/#a-{self.root.pk}",
                fetch_redirect_response=False,
            )


class MyAnnotationsTests(PersonaTestCase):
    def test_the_orphans_page_lists_only_my_orphaned_annotations(self):
        orphan = make_annotation(self.ana, self.p1, body="Lost.", start=0, end=3)
        kept = make_annotation(self.ana, self.p2, body="Still anchored.", start=0, end=3)
        others = make_annotation(self.rita, self.p1, body="Rita's.", visibility="public")
        Selection.objects.filter(pk__in=[orphan.selection_id, others.selection_id]).update(
            state="orphaned"
        )
        self.client.force_login(self.ana)
        page = self.client.get("/annotations/orphans/")
        self.assertContains(page, f'href="{orphan.get_absolute_url()}"')
        for hidden in (kept, others):
            self.assertNotContains(page, f'href="{hidden.get_absolute_url()}"')

    def test_the_csv_export_defuses_every_cell_a_spreadsheet_would_run(self):
        bodies = ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx", "plain", "a=b"]
        for body in bodies:
            make_annotation(self.ana, self.p1, body=body)
        self.client.force_login(self.ana)
        content = self.client.get("/annotations/export.csv").content.decode()
        rows = list(csv.DictReader(io.StringIO(content, newline="")))
        got = {row["body"] for row in rows}
        expected = {"'=1+1", "'+1", "'-1", "'@SUM(A1)", "'\tx", "'\rx", "plain", "a=b"}
        self.assertEqual(got, expected)

    def test_my_page_orphans_and_exports(self):
        note = make_annotation(
            self.ana, self.p1, body="=cmd|' /C calc'!A0", start=0, end=3, tags=["x"]
        )
        Selection.objects.filter(pk=note.selection_id).update(state="orphaned")
        make_annotation(self.rita, self.p1, body="Rita's", visibility="public")
        self.client.force_login(self.ana)
        self.assertContains(self.client.get("/annotations/mine/"), "1 orphaned")
        rows = list(
            csv.reader(io.StringIO(self.client.get("/annotations/export.csv").content.decode()))
        )
        self.assertEqual(rows[0][:3], ["id", "created", "modified"])
        self.assertEqual(len(rows), 2)
        self.assertEqual(rows[1][rows[0].index("body")], "'=cmd|' /C calc'!A0")
        data = json.loads(self.client.get("/annotations/export.jsonld").content)
        self.assertEqual(data["type"], "AnnotationCollection")
        self.assertEqual(data["total"], 1)
        self.assertEqual(data["first"]["items"][0]["target"]["source"], self.p1.get_iri())

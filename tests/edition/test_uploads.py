"""Adding a text from the web: who may, what is refused with nothing written, the job's
stages and report, and the draft's publish, discard and metadata actions. (The job in a
real worker process: test_upload_jobs.)"""

from __future__ import annotations

import io
import json

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, TestCase, override_settings
from pypdf import PdfWriter

from edition.models import Edition, EditionRole, SourceUpload
from edition.uploads import source_upload_run
from groups.models import Membership
from tests.edition.test_ingest_file import PROSE, make_pdf
from tests.factories import make_edition, make_group, make_seminar, make_user

TEXT = "\n".join(PROSE).encode()


def encrypted_pdf() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    writer.encrypt("secret")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


class UploadFormTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.ines = make_user("ines")
        cls.stu = make_user("stu")
        cls.otto = make_user("otto")
        cls.sofia = make_user("sofia", staff=True)
        cls.seminar = make_seminar(cls.ines, "Close reading", students=[cls.stu])

    def client_for(self, user) -> Client:
        client = Client()
        client.force_login(user)
        return client

    def post(self, user, data: bytes = TEXT, name: str = "mill.txt", **fields):
        fields = {"kind": "auto", "audience": str(self.seminar.group.pk), **fields}
        return self.client_for(user).post(
            "/uploads/new/", {"file": SimpleUploadedFile(name, data), **fields}
        )

    def test_an_instructor_adds_a_reading_for_her_seminar_and_the_request_only_enqueues(self):
        response = self.post(self.ines, title="The Mill")
        upload = SourceUpload.objects.get()
        self.assertRedirects(response, f"/uploads/{upload.pk}/", fetch_redirect_response=False)
        self.assertEqual(bytes(upload.data), TEXT)
        self.assertEqual(len(upload.sha256), 64)
        self.assertEqual((upload.audience, upload.status), (self.seminar.group, "queued"))
        self.assertFalse(Edition.objects.exists())

    def test_who_may_add_to_what(self):
        self.assertEqual(self.client_for(self.otto).get("/uploads/new/").status_code, 403)
        self.assertEqual(self.client_for(self.stu).get("/uploads/new/").status_code, 403)
        page = self.client_for(self.ines).get("/uploads/new/").content.decode()
        self.assertIn("Seminar: Close reading", page)
        self.assertNotIn("The public library", page)
        self.assertIn(
            "The public library", self.client_for(self.sofia).get("/uploads/new/").content.decode()
        )
        self.assertEqual(self.post(self.ines, audience="public").status_code, 400)
        group = make_group(self.otto, "Otto's club")
        Membership.objects.create(group=group, user=self.ines, role=Membership.Role.MEMBER)
        self.assertEqual(self.post(self.ines, audience=str(group.pk)).status_code, 400)
        self.assertFalse(SourceUpload.objects.exists())

    def test_an_edition_editor_adds_to_the_public_library(self):
        EditionRole.objects.create(user=self.otto, edition=make_edition(), role="editor")
        self.assertEqual(self.post(self.otto, audience="public").status_code, 302)
        self.assertIsNone(SourceUpload.objects.get().audience)

    def test_files_no_job_could_read_are_refused_with_nothing_written(self):
        cases = [
            ("notes.docx", b"PK\x03\x04 a word file", "only .txt, .md and .pdf"),
            ("empty.txt", b"  \n\n", "empty"),
            ("line.txt", b"word " * 2_000_000, "one line has"),
            ("fake.pdf", TEXT, "not what its name says"),
            ("big.txt", b"word\n" * 2_010_000, "the limit is"),
        ]
        for name, data, message in cases:
            with self.subTest(name=name):
                response = self.post(self.ines, data, name)
                self.assertEqual(response.status_code, 400)
                self.assertIn(message, response.content.decode())
        self.assertFalse(SourceUpload.objects.exists())

    @override_settings(UPLOAD_MAX_BYTES=1000)
    def test_a_request_far_over_the_limit_is_refused_before_it_is_read(self):
        response = self.post(self.ines, b"word\n" * 100_000, "big.txt")
        self.assertContains(response, "over the limit", status_code=413)
        self.assertFalse(SourceUpload.objects.exists())

    @override_settings(UPLOAD_MAX_IN_FLIGHT=2)
    def test_jobs_in_flight_are_limited_per_user(self):
        self.post(self.ines, name="a.txt")
        self.post(self.ines, name="b.txt")
        response = self.post(self.ines, name="c.txt")
        self.assertContains(response, "wait for one to finish", status_code=400)
        self.assertEqual(SourceUpload.objects.count(), 2)

    @override_settings(UPLOAD_RATE_LIMIT=1, UPLOAD_MAX_IN_FLIGHT=10)
    def test_uploads_are_rate_limited(self):
        self.post(self.ines)
        self.assertEqual(self.post(self.ines).status_code, 429)

    def test_the_form_needs_its_csrf_token(self):
        client = Client(enforce_csrf_checks=True)
        client.force_login(self.ines)
        response = client.post("/uploads/new/", {"file": SimpleUploadedFile("a.txt", TEXT)})
        self.assertEqual(response.status_code, 403)


class UploadJobInProcessTests(TestCase):
    """The job's body run in this process: stages, refusals and the report page."""

    @classmethod
    def setUpTestData(cls):
        cls.ines = make_user("ines")
        cls.stu = make_user("stu")
        cls.seminar = make_seminar(cls.ines, "Close reading", students=[cls.stu])

    def run_upload(self, data: bytes, name: str, **fields) -> SourceUpload:
        upload = SourceUpload.objects.create(
            data=data,
            name=name,
            sha256="0" * 64,
            size=len(data),
            uploader=self.ines,
            audience=self.seminar.group,
            **fields,
        )
        source_upload_run(upload_id=upload.pk)
        upload.refresh_from_db()
        return upload

    def test_bad_pdfs_fail_with_a_clear_message_and_no_edition(self):
        cases = [
            ("locked.pdf", encrypted_pdf(), "encrypted"),
            ("broken.pdf", b"%PDF-1.7\n garbage without objects", "not a readable PDF"),
            ("scan.pdf", make_pdf([["x"], ["y"]], labels=False, text=False), "no text layer"),
        ]
        for name, data, message in cases:
            with self.subTest(name=name):
                upload = self.run_upload(data, name)
                self.assertEqual(upload.status, SourceUpload.Status.FAILED)
                self.assertIn(message, upload.message)
        self.assertFalse(Edition.objects.exists())

    @override_settings(UPLOAD_MAX_PAGES=1)
    def test_pdfs_over_the_page_limit_are_refused(self):
        upload = self.run_upload(make_pdf([PROSE[:2], PROSE[3:5]], labels=False), "two.pdf")
        self.assertIn("the limit is 1", upload.message)

    def test_the_report_then_publish_opens_the_reading_to_the_seminar(self):
        upload = self.run_upload(TEXT, "mill.txt", title="The Mill")
        self.assertEqual(upload.status, SourceUpload.Status.DONE)
        edition = upload.edition
        ines, stu = Client(), Client()
        ines.force_login(self.ines)
        stu.force_login(self.stu)
        status = json.loads(ines.get(f"/uploads/{upload.pk}/status.json").content)
        self.assertEqual((status["percent"], status["finished"]), (100, True))
        report = ines.get(f"/uploads/{upload.pk}/").content.decode()
        self.assertIn("data-upload-report", report)
        self.assertIn(edition.sections.first().display_title, report)
        self.assertEqual(stu.get(edition.get_absolute_url()).status_code, 404)  # a draft
        self.assertEqual(stu.post(f"/editions/{edition.slug}/draft/publish/").status_code, 404)
        ines.post(
            f"/editions/{edition.slug}/draft/metadata/",
            {"title": "The Mill, Revised", "author": "A. Miller", "year": "1901"},
        )
        ines.post(f"/editions/{edition.slug}/draft/publish/")
        edition.refresh_from_db()
        self.assertEqual((edition.status, edition.work.title), ("published", "The Mill, Revised"))
        self.assertEqual(stu.get(edition.get_absolute_url()).status_code, 200)
        self.assertEqual(Client().get(edition.get_absolute_url()).status_code, 404)

    def test_a_discarded_draft_leaves_nothing(self):
        upload = self.run_upload(TEXT, "mill.txt")
        client = Client()
        client.force_login(self.ines)
        client.post(f"/editions/{upload.edition.slug}/draft/discard/")
        self.assertFalse(Edition.objects.exists())
        upload.refresh_from_db()
        self.assertIsNone(upload.edition)

    def test_only_staff_make_a_seminar_reading_public(self):
        upload = self.run_upload(TEXT, "mill.txt")
        edition = upload.edition
        Edition.objects.filter(pk=edition.pk).update(status="published")
        ines = Client()
        ines.force_login(self.ines)
        self.assertEqual(ines.post(f"/editions/{edition.slug}/make-public/").status_code, 403)
        staff = Client()
        staff.force_login(make_user("sofia", staff=True))
        staff.post(f"/editions/{edition.slug}/make-public/")
        self.assertEqual(Client().get(edition.get_absolute_url()).status_code, 200)

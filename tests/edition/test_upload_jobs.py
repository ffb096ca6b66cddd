"""The upload job run by real `manage.py db_worker` processes: success, failure, retry,
a worker killed mid-job, and two uploads at once.

The worker is another process, so it needs a database it can open. On PostgreSQL that is
the test database itself. On SQLite the test database lives in memory: the test copies it
to a file for the worker and copies the file back to read what the worker did."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.test import TransactionTestCase, override_settings

from edition.models import Edition, SourceUpload
from edition.uploads import source_upload_create, source_upload_retry
from tests.edition.test_ingest_file import PROSE, make_pdf
from tests.factories import make_user

ROOT = Path(settings.BASE_DIR)
BOOK = ROOT / "fixtures" / "texts" / "002_dc425599c080b882.txt"
TIME_LIMIT = 5


class Worker:
    """`manage.py db_worker` against the test database."""

    def __init__(self):
        self.sqlite = connection.vendor == "sqlite"
        self.env = {**os.environ, "UPLOAD_TIME_LIMIT": str(TIME_LIMIT), "DEBUG": "false"}
        self.env.setdefault("SECRET_KEY", "test-worker-key-" + "x" * 40)
        if self.sqlite:
            self.path = Path(tempfile.mkdtemp()) / "jobs.sqlite3"
            self.env["DATABASE_URL"] = f"sqlite:///{self.path}"
        else:
            db = connection.settings_dict
            self.env["DATABASE_URL"] = (
                f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}"
                f"/{db['NAME']}"
            )

    def push(self) -> None:
        """Give the worker what the test wrote."""
        if self.sqlite:
            with sqlite3.connect(self.path) as target:
                connection.ensure_connection()
                connection.connection.backup(target)

    def pull(self) -> None:
        """Bring back what the worker wrote."""
        if self.sqlite:
            with sqlite3.connect(self.path) as source:
                source.backup(connection.connection)

    def start(self, *args: str) -> subprocess.Popen:
        return subprocess.Popen(
            [sys.executable, "manage.py", "db_worker", "--no-reload", "--no-startup-delay", *args],
            cwd=ROOT,
            env=self.env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )

    def run_batch(self, count: int = 1) -> None:
        """Run `count` workers at once until the queue is empty."""
        self.push()
        processes = [self.start("--batch") for _ in range(count)]
        for process in processes:
            _, err = process.communicate(timeout=600)
            assert process.returncode == 0, err.decode()
        self.pull()

    def status(self, upload_id: int) -> str:
        if not self.sqlite:
            return SourceUpload.objects.get(pk=upload_id).status
        with sqlite3.connect(self.path) as db:
            row = db.execute(
                "SELECT status FROM edition_sourceupload WHERE id = ?", [upload_id]
            ).fetchone()
        return row[0]


@override_settings(UPLOAD_TIME_LIMIT=TIME_LIMIT)
class UploadJobTests(TransactionTestCase):
    def setUp(self):
        self.ines = make_user("ines")
        self.worker = Worker()

    def upload(self, data: bytes, name: str, **fields) -> SourceUpload:
        return source_upload_create(uploader=self.ines, data=data, name=name, **fields)

    def test_a_text_file_becomes_a_draft_with_its_report(self):
        upload = self.upload("\n".join(PROSE).encode(), "mill.txt", title="The Mill")
        self.assertEqual(upload.status, SourceUpload.Status.QUEUED)
        self.assertFalse(Edition.objects.exists())  # the request only enqueues
        self.worker.run_batch()
        upload.refresh_from_db()
        self.assertEqual((upload.status, upload.stage, upload.percent), ("done", "done", 100))
        edition = upload.edition
        self.assertEqual(edition.status, Edition.Status.DRAFT)
        self.assertEqual(edition.uploaded_by, self.ines)
        self.assertEqual(edition.work.title, "The Mill")
        self.assertEqual(upload.attempts, 1)
        self.assertGreater(upload.outcome["counts"]["passages_created"], 0)
        self.assertIn("mill", edition.passages.first().text.lower())

    def test_a_pdf_without_text_fails_with_a_reason_writes_nothing_and_can_be_retried(self):
        upload = self.upload(make_pdf([["x"], ["y"]], labels=False, text=False), "scan.pdf")
        self.worker.run_batch()
        upload.refresh_from_db()
        self.assertEqual(upload.status, SourceUpload.Status.FAILED)
        self.assertIn("no text layer", upload.message)
        self.assertFalse(Edition.objects.exists())
        self.assertTrue(source_upload_retry(upload=upload))
        upload.refresh_from_db()
        self.assertEqual(upload.status, SourceUpload.Status.QUEUED)
        self.worker.run_batch()
        upload.refresh_from_db()
        self.assertEqual((upload.status, upload.attempts), ("failed", 2))
        self.assertFalse(Edition.objects.exists())

    def test_two_uploads_at_once_both_finish(self):
        first = self.upload("\n".join(PROSE).encode(), "one.txt", title="One")
        second = self.upload("\n".join(reversed(PROSE)).encode(), "two.md", title="Two")
        self.worker.run_batch(count=2)
        for upload in (first, second):
            upload.refresh_from_db()
            self.assertEqual(upload.status, SourceUpload.Status.DONE, upload.message)
        self.assertEqual(Edition.objects.count(), 2)
        self.assertNotEqual(first.edition_id, second.edition_id)

    def test_a_killed_worker_leaves_the_job_retryable_and_the_database_clean(self):
        upload = self.upload(BOOK.read_bytes(), BOOK.name, title="The Book", kind="ocr")
        self.worker.push()
        process = self.worker.start()
        deadline = time.monotonic() + 120
        while self.worker.status(upload.pk) != "running":
            self.assertLess(time.monotonic(), deadline, "the worker never started the job")
            time.sleep(0.2)
        process.send_signal(signal.SIGKILL)
        process.wait()
        self.worker.pull()
        upload.refresh_from_db()
        self.assertEqual(upload.status, SourceUpload.Status.RUNNING)
        self.assertFalse(Edition.objects.exists())
        self.assertFalse(source_upload_retry(upload=upload))  # not stale yet: not twice
        SourceUpload.objects.filter(pk=upload.pk).update(
            started=upload.started - timedelta(seconds=3 * TIME_LIMIT)
        )
        with override_settings(UPLOAD_TIME_LIMIT=600):  # a fast machine is not needed
            self.assertFalse(source_upload_retry(upload=upload))
        self.assertTrue(source_upload_retry(upload=upload))
        self.worker.env["UPLOAD_TIME_LIMIT"] = "600"
        self.worker.run_batch()
        upload.refresh_from_db()
        self.assertEqual(upload.status, SourceUpload.Status.DONE, upload.message)
        self.assertEqual(upload.attempts, 2)
        self.assertEqual(Edition.objects.count(), 1)

"""Texts added from the web: an uploaded file is kept unchanged, checked, and read into a
draft edition by a background job that reports its stage; drafts are published or
discarded. The web request only stores the file and enqueues the job."""

from __future__ import annotations

import hashlib
import io
import time
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.text import slugify

from accounts.models import User
from edition.models import Edition, SourceUpload
from edition.services import Draft, IngestError, edition_ingest_file
from groups.models import ReadingGroup

ALLOWED_SUFFIXES = (".txt", ".md", ".markdown", ".pdf")
PDF_MAGIC = b"%PDF-"

# How far along each ingest step is, and what the reader is told about it.
STEPS = {
    "read": (SourceUpload.Stage.READING, 10),
    "parse": (SourceUpload.Stage.STRUCTURE, 30),
    "write": (SourceUpload.Stage.SAVING, 80),
}


class UploadRefused(Exception):
    """The file or the request cannot be taken; nothing was written."""


def source_upload_check(*, data: bytes, name: str) -> None:
    """Refuse what no job could read, before anything is stored: the wrong type, an
    empty file, a file over the size limit, a text with an endless line, or a file whose
    content contradicts its name."""
    suffix = Path(name).suffix.lower()
    if suffix not in ALLOWED_SUFFIXES:
        raise UploadRefused(f"{name}: only .txt, .md and .pdf files can be added.")
    if not data.strip():
        raise UploadRefused(f"{name}: the file is empty.")
    limit = settings.UPLOAD_MAX_BYTES
    if len(data) > limit:
        raise UploadRefused(f"{name}: the file has {len(data):,} bytes; the limit is {limit:,}.")
    if (suffix == ".pdf") != data.startswith(PDF_MAGIC):
        raise UploadRefused(f"{name}: the content is not what its name says (PDF or text).")
    if suffix != ".pdf":
        longest = max(len(line) for line in data.splitlines())
        if longest > settings.UPLOAD_MAX_LINE_BYTES:
            raise UploadRefused(
                f"{name}: one line has {longest:,} bytes (the limit is "
                f"{settings.UPLOAD_MAX_LINE_BYTES:,}); this is not running text."
            )


def source_upload_create(
    *,
    uploader: User,
    data: bytes,
    name: str,
    title: str = "",
    author: str = "",
    year: int | None = None,
    kind: str = "auto",
    audience: ReadingGroup | None = None,
) -> SourceUpload:
    """Keep the file and enqueue the job that reads it. UploadRefused, with nothing
    written, for a file no job could read or a user with too many jobs in flight."""
    source_upload_check(data=data, name=name)
    in_flight = SourceUpload.objects.filter(uploader=uploader).in_flight().count()
    if in_flight >= settings.UPLOAD_MAX_IN_FLIGHT:
        raise UploadRefused(
            f"You have {in_flight} texts being read; wait for one to finish before adding more."
        )
    with transaction.atomic():
        upload = SourceUpload.objects.create(
            data=data,
            name=Path(name).name[:200],
            sha256=hashlib.sha256(data).hexdigest(),
            size=len(data),
            uploader=uploader,
            audience=audience,
            title=title,
            author=author,
            year=year,
            kind=kind,
        )
        _enqueue(upload)
    return upload


def _enqueue(upload: SourceUpload) -> None:
    from edition.tasks import source_upload_process

    upload_id = upload.pk
    transaction.on_commit(lambda: source_upload_process.enqueue(upload_id=upload_id))


def source_upload_run(*, upload_id: int) -> None:
    """The job: read the upload into a draft edition, recording each stage. A failure
    leaves no edition and the upload failed with the reason, ready to be retried."""
    upload = _claim(upload_id)
    if upload is None:
        return
    started = time.monotonic()

    def progress(step: str, detail: str) -> None:
        if time.monotonic() - started > settings.UPLOAD_TIME_LIMIT:
            raise IngestError(
                f"reading the file took longer than {settings.UPLOAD_TIME_LIMIT} seconds."
            )
        stage, percent = STEPS.get(step, (upload.stage, upload.percent))
        _record(upload, stage=stage, percent=percent)

    try:
        _check_pdf(upload)
        outcome = edition_ingest_file(
            data=bytes(upload.data),
            name=upload.name,
            kind=upload.kind,
            title=upload.title,
            author=upload.author,
            year=upload.year,
            progress=progress,
            draft=Draft(
                slug=_draft_slug(upload),
                uploader_id=upload.uploader_id,
                audience_id=upload.audience_id,
            ),
        )
    except IngestError as exc:
        _finish(upload, status=SourceUpload.Status.FAILED, message=str(exc))
        return
    edition = Edition.objects.get(slug=outcome.slug)
    upload.edition = edition
    upload.outcome = {
        "counts": outcome.counts,
        "warnings": [str(w) for w in outcome.warnings],
        "seconds": round(outcome.seconds, 2),
    }
    _finish(upload, status=SourceUpload.Status.DONE, message="")


def _claim(upload_id: int) -> SourceUpload | None:
    """Mark the upload running, unless another worker has it or it is finished."""
    # One UPDATE: two workers handed the same upload cannot both claim it.
    now = timezone.now()
    claimed = SourceUpload.objects.filter(pk=upload_id, status=SourceUpload.Status.QUEUED).update(
        status=SourceUpload.Status.RUNNING,
        stage=SourceUpload.Stage.READING,
        percent=5,
        started=now,
        message="",
        attempts=F("attempts") + 1,
    )
    if not claimed:
        return None
    return SourceUpload.objects.get(pk=upload_id)


def _record(upload: SourceUpload, *, stage: str, percent: int) -> None:
    upload.stage, upload.percent = stage, percent
    upload.save(update_fields=["stage", "percent"])


def _finish(upload: SourceUpload, *, status: str, message: str) -> None:
    upload.status, upload.message = status, message
    upload.finished = timezone.now()
    if status == SourceUpload.Status.DONE:
        upload.stage, upload.percent = SourceUpload.Stage.DONE, 100
    upload.save(
        update_fields=["status", "message", "finished", "stage", "percent", "edition", "outcome"]
    )


def _check_pdf(upload: SourceUpload) -> None:
    """Refuse encrypted PDFs and PDFs over the page limit before their text is read."""
    if not upload.name.lower().endswith(".pdf"):
        return
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(bytes(upload.data)))
        if reader.is_encrypted:
            raise IngestError(f"{upload.name}: the PDF is encrypted; upload an unlocked copy.")
        pages = len(reader.pages)
    except (PdfReadError, ValueError, KeyError, TypeError) as exc:
        raise IngestError(f"{upload.name}: not a readable PDF ({exc}).")
    if pages > settings.UPLOAD_MAX_PAGES:
        raise IngestError(
            f"{upload.name}: the PDF has {pages} pages; the limit is {settings.UPLOAD_MAX_PAGES}."
        )


def _draft_slug(upload: SourceUpload) -> str:
    """A slug of its own for each upload, so that it never updates someone's edition."""
    base = slugify(upload.title or Path(upload.name).stem)[:60].strip("-") or "text"
    return f"{base}-u{upload.pk}"


def source_upload_retry(*, upload: SourceUpload) -> bool:
    """Queue a failed upload again, or a running one whose worker died (it has run
    longer than the time limit). False when there is nothing to retry."""
    stale = SourceUpload.objects.filter(pk=upload.pk).stale(seconds=_stale_after())
    retryable = SourceUpload.objects.filter(pk=upload.pk, status=SourceUpload.Status.FAILED)
    with transaction.atomic():
        requeued = (stale | retryable).update(
            status=SourceUpload.Status.QUEUED,
            stage=SourceUpload.Stage.WAITING,
            percent=0,
            finished=None,
        )
        if requeued:
            _enqueue(upload)
    return bool(requeued)


def source_uploads_requeue_stale() -> int:
    """Queue again every upload whose worker died mid-job; the number queued."""
    ids = list(SourceUpload.objects.stale(seconds=_stale_after()).values_list("pk", flat=True))
    return sum(source_upload_retry(upload=SourceUpload(pk=pk)) for pk in ids)


def _stale_after() -> int:
    # A job is cut off at the time limit; one still running well after it lost its worker.
    return settings.UPLOAD_TIME_LIMIT * 2


@transaction.atomic
def edition_publish(*, edition: Edition) -> Edition:
    """Publish a draft: its readers (the public, or its group) see it and annotate it."""
    edition.status = Edition.Status.PUBLISHED
    edition.save(update_fields=["status"])
    return edition


@transaction.atomic
def edition_discard(*, edition: Edition) -> None:
    """Delete a draft and everything read from it (no one has annotated a draft)."""
    work = edition.work
    SourceUpload.objects.filter(edition=edition).update(edition=None)
    edition.delete()
    if not work.editions.exists():
        work.delete()


def edition_make_public(*, edition: Edition) -> Edition:
    """Move a group's reading into the public library."""
    edition.audience = None
    edition.save(update_fields=["audience"])
    return edition


def edition_metadata_set(*, edition: Edition, title: str, author: str, year: int | None) -> Edition:
    """Fix a draft's title, author and year."""
    work = edition.work
    work.title, work.author, work.year = title, author, year
    work.save(update_fields=["title", "author", "year"])
    return edition

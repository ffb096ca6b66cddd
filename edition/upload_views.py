"""Adding a text from the web: the upload form, the job's progress and report, and the
draft's publish, discard and metadata actions."""

from datetime import timedelta

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST, require_safe

from edition.access import (
    can_make_public,
    can_upload_public,
    get_draft_for_publisher,
    get_edition_for_user,
    get_upload_for_user,
    upload_audiences,
)
from edition.models import Correction, SourceUpload
from edition.upload_forms import MetadataForm, UploadForm
from edition.uploads import (
    UploadRefused,
    edition_discard,
    edition_make_public,
    edition_metadata_set,
    edition_publish,
    source_upload_create,
    source_upload_retry,
)


def _upload_form(request, data=None, files=None) -> UploadForm:
    public = can_upload_public(request.user)
    groups = list(upload_audiences(request.user))
    if not public and not groups:
        raise PermissionDenied("Editors, and owners or instructors of a group, add texts.")
    return UploadForm(data, files, public=public, groups=groups)


def _rate_limited(user) -> bool:
    since = timezone.now() - timedelta(hours=1)
    recent = SourceUpload.objects.filter(uploader=user, created__gte=since).count()
    return recent >= settings.UPLOAD_RATE_LIMIT


@login_required
def upload_new(request):
    if request.method != "POST":
        return render(request, "edition/upload_new.html", {"form": _upload_form(request)})
    if _too_large(request):  # refused before the body is read and spooled to disk
        error = f"The file is over the limit of {settings.UPLOAD_MAX_BYTES:,} bytes."
        context = {"form": _upload_form(request), "error": error}
        return render(request, "edition/upload_new.html", context, status=413)
    form = _upload_form(request, request.POST, request.FILES)
    if _rate_limited(request.user):
        form.add_error(None, "You added many texts in the last hour; try again later.")
        return render(request, "edition/upload_new.html", {"form": form}, status=429)
    if form.is_valid():
        upload = form.cleaned_data["file"]
        fields = {k: form.cleaned_data[k] for k in ("title", "author", "year", "kind")}
        try:
            created = source_upload_create(
                uploader=request.user,
                data=_read_limited(upload),
                name=upload.name,
                audience=form.audience_group(),
                **fields,
            )
        except UploadRefused as exc:
            form.add_error("file", str(exc))
        else:
            return redirect(created)
    return render(request, "edition/upload_new.html", {"form": form}, status=400)


def _too_large(request) -> bool:
    # The form's other fields and the multipart framing are small: a margin is enough.
    length = request.META.get("CONTENT_LENGTH") or "0"
    return length.isdigit() and int(length) > settings.UPLOAD_MAX_BYTES + 100_000


def _read_limited(upload) -> bytes:
    """The file's bytes, read no further than one byte over the limit."""
    return upload.read(settings.UPLOAD_MAX_BYTES + 1)


@require_safe
@login_required
def upload_detail(request, pk):
    upload = get_upload_for_user(request.user, pk)
    context = {"upload": upload, "status_url": f"{upload.get_absolute_url()}status.json"}
    edition = upload.edition
    if edition is not None:
        corrections = Correction.objects.current().filter(passage__edition=edition)
        context |= {
            "edition": edition,
            "sections": edition.current_sections(),
            "classes": corrections.values("stage").annotate(n=Count("id")).order_by("-n"),
            "examples": corrections.exclude(replacement="").order_by("-confidence", "pk")[:8],
            "metadata_form": MetadataForm(
                initial={
                    "title": edition.work.title,
                    "author": edition.work.author,
                    "year": edition.work.year,
                }
            ),
        }
    return render(request, "edition/upload.html", context)


@require_safe
@login_required
def upload_status(request, pk):
    """The job's state for the progress bar (polled by the page)."""
    upload = get_upload_for_user(request.user, pk)
    return JsonResponse(
        {
            "status": upload.status,
            "stage": upload.stage,
            "stage_label": upload.get_stage_display(),
            "percent": upload.percent,
            "message": upload.message,
            "finished": upload.status in (SourceUpload.Status.DONE, SourceUpload.Status.FAILED),
        }
    )


@require_POST
@login_required
def upload_retry(request, pk):
    upload = get_upload_for_user(request.user, pk)
    if not source_upload_retry(upload=upload):
        messages.info(request, "This text is being read already.")
    return redirect(upload)


@require_POST
@login_required
def draft_publish(request, slug):
    edition = get_draft_for_publisher(request.user, slug)
    edition_publish(edition=edition)
    messages.success(request, "Published: its readers can now read and annotate it.")
    return redirect(edition)


@require_POST
@login_required
def draft_discard(request, slug):
    edition = get_draft_for_publisher(request.user, slug)
    edition_discard(edition=edition)
    messages.success(request, "The draft is discarded.")
    return redirect("edition:upload-new")


@require_POST
@login_required
def draft_metadata(request, slug):
    edition = get_draft_for_publisher(request.user, slug)
    form = MetadataForm(request.POST)
    if form.is_valid():
        edition_metadata_set(edition=edition, **form.cleaned_data)
        messages.success(request, "Saved.")
    else:
        messages.error(request, "A title is needed; a year is a number.")
    upload = edition.uploads.order_by("-pk").first()
    return redirect(upload or edition)


@require_POST
@login_required
def edition_public(request, slug):
    edition = get_edition_for_user(request.user, slug)
    if not can_make_public(request.user, edition):
        raise PermissionDenied("Only site staff add a group's reading to the library.")
    edition_make_public(edition=edition)
    return redirect(edition)

"""Editors' pages: the OCR review list and its decisions, flagged regions, the correction
queue of readers' suggestions, and (for site staff) who the editors are.

Anonymous visitors are sent to sign in; signed-in users who are not editors get 403."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from edition.access import (
    get_correction_for_reviewer,
    get_edition_for_reviewer,
    get_edition_for_staff,
    get_edition_role_for_staff,
    get_region_for_reviewer,
)
from edition.forms import CorrectionDecisionForm, EditorGrantForm, RegionDecisionForm
from edition.models import Correction, EditionRole, FlaggedRegion
from edition.services import (
    EditorError,
    correction_decide,
    edition_role_grant,
    edition_role_revoke,
    region_decide,
)

# OCR review ----------------------------------------------------------------------------


@login_required
@require_safe
def review_list(request, slug):
    """Editors' review list: low-confidence corrections and flagged regions."""
    edition = get_edition_for_reviewer(request.user, slug)
    corrections = Correction.objects.filter(passage__edition=edition)
    pending = (
        corrections.needs_review()
        .select_related("passage__section")
        .order_by("passage__order", "start")[:200]
    )
    decided = (
        corrections.current().exclude(decision="").select_related("passage").order_by("-pk")[:50]
    )
    flagged = (
        FlaggedRegion.objects.filter(edition=edition)
        .select_related("passage__section", "resolved_by")
        .order_by("line_start")
    )
    return render(
        request,
        "edition/review.html",
        {
            "edition": edition,
            "pending": pending,
            "decided": decided,
            "flagged": flagged,
            "backlog": corrections.needs_review().count(),
            "form": CorrectionDecisionForm(),
        },
    )


@login_required
@require_POST
def review_decide(request, slug, pk):
    correction = get_correction_for_reviewer(request.user, slug, pk)
    form = CorrectionDecisionForm(request.POST)
    if not form.is_valid():
        return _form_error(request, form, correction.passage.edition)
    correction_decide(correction=correction, editor=request.user, **form.cleaned_data)
    decided = dict(Correction.Decision.choices)[form.cleaned_data["decision"]].lower()
    messages.success(
        request, f"{decided.capitalize()}: “{correction.original}” → “{correction.replacement}”."
    )
    return redirect("edition:review", slug=slug)


@login_required
@require_POST
def region_decide_view(request, slug, pk):
    region = get_region_for_reviewer(request.user, slug, pk)
    form = RegionDecisionForm(request.POST)
    if not form.is_valid():
        return _form_error(request, form, region.edition)
    region_decide(region=region, editor=request.user, **form.cleaned_data)
    messages.success(request, f"Lines {region.line_start}–{region.line_end}: decision saved.")
    return redirect(f"{reverse('edition:review', kwargs={'slug': slug})}#region-{region.pk}")


def _form_error(request, form, edition) -> HttpResponse:
    return render(
        request, "edition/review_error.html", {"form": form, "edition": edition}, status=400
    )


# Editors: who may accept suggested corrections on an edition (site staff manage them) -----


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def editors(request, slug):
    """The edition's editors, with who granted the role and when; grant by username."""
    edition = get_edition_for_staff(request.user, slug)
    form = EditorGrantForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            role = edition_role_grant(
                edition=edition, username=form.cleaned_data["username"], granted_by=request.user
            )
        except EditorError as e:
            form.add_error("username", str(e))
        else:
            messages.success(request, f"{role.user.username} is now an editor.")
            return redirect("edition:editors", slug=slug)
    roles = EditionRole.objects.filter(edition=edition).select_related("user", "granted_by")
    return render(
        request, "edition/editors.html", {"edition": edition, "roles": roles, "form": form}
    )


@login_required
@require_POST
def editor_revoke(request, slug, pk):
    edition = get_edition_for_staff(request.user, slug)
    role = get_edition_role_for_staff(request.user, edition, pk)
    edition_role_revoke(role=role)
    messages.success(request, f"{role.user.username} is no longer an editor.")
    return redirect("edition:editors", slug=slug)

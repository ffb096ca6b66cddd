"""Editors' pages: the OCR review list and its decisions, flagged regions, the correction
queue of readers' suggestions, and (for site staff) who the editors are.

Anonymous visitors are sent to sign in; signed-in users who are not editors get 403."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse, HttpResponseBadRequest, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from edition.access import (
    get_correction_for_reviewer,
    get_edition_for_reviewer,
    get_edition_for_staff,
    get_edition_role_for_staff,
    get_editions_for_editor,
    get_region_for_reviewer,
    get_suggestion_for_editor,
    get_suggestions_for_editor,
    suggestions_for_editor,
)
from edition.forms import CorrectionDecisionForm, EditorGrantForm, RegionDecisionForm
from edition.models import Correction, EditionRole, FlaggedRegion, Suggestion
from edition.provenance import suggestion_state
from edition.services import (
    EditorError,
    correction_decide,
    edition_role_grant,
    edition_role_revoke,
    region_decide,
)
from edition.suggestion_forms import SuggestionDecisionForm, SuggestionFilterForm
from edition.suggestions import (
    StaleSuggestion,
    SuggestionError,
    suggestion_reject,
    suggestion_revert,
    suggestions_accept,
)
from edition.versions import VersionError

# OCR review ----------------------------------------------------------------------------


@login_required
@require_GET
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
    return redirect("edition:review", slug=slug)


@login_required
@require_POST
def region_decide_view(request, slug, pk):
    region = get_region_for_reviewer(request.user, slug, pk)
    form = RegionDecisionForm(request.POST)
    if not form.is_valid():
        return _form_error(request, form, region.edition)
    region_decide(region=region, editor=request.user, **form.cleaned_data)
    return redirect(f"{reverse('edition:review', kwargs={'slug': slug})}#region-{region.pk}")


def _form_error(request, form, edition) -> HttpResponse:
    return render(
        request, "edition/review_error.html", {"form": form, "edition": edition}, status=400
    )


# The correction queue: readers' suggestions ---------------------------------------------

PAST_TENSE = {"accept": "accepted", "reject": "rejected", "revert": "reverted"}


@login_required
@require_GET
def suggestion_queue(request):
    """The correction queue: suggestions on the editions the user edits, filtered like the
    moderation queue (edition, age, status)."""
    editions = get_editions_for_editor(request.user)
    form = SuggestionFilterForm(request.GET or None)
    rows = suggestions_for_editor(request.user).in_queue(**form.filters())
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "edition/suggestion_queue.html",
        {
            "form": form,
            "page": page,
            "editions": editions,
            "user_id": request.user.pk,
            "nav": "corrections",
        },
    )


@login_required
@require_POST
def suggestion_decide(request, pk):
    """Accept, reject or revert one suggestion. 409 with its new state when it changed
    since the editor loaded the queue (the form's `seen` token)."""
    suggestion = get_suggestion_for_editor(request.user, pk)
    form = SuggestionDecisionForm(request.POST)
    if not form.is_valid():
        return HttpResponseBadRequest("decision: accept, reject or revert")
    data = form.cleaned_data
    seen, reason = data["seen"] or None, data["reason"]
    try:
        if data["decision"] == "accept":
            suggestions_accept(
                suggestions=[suggestion],
                editor=request.user,
                reason=reason,
                seen={suggestion.pk: seen} if seen else None,
            )
        elif data["decision"] == "reject":
            suggestion_reject(suggestion=suggestion, editor=request.user, reason=reason, seen=seen)
        else:
            suggestion_revert(suggestion=suggestion, editor=request.user, reason=reason, seen=seen)
    except StaleSuggestion:
        return _stale(request, suggestion)
    except (SuggestionError, VersionError) as e:
        messages.error(request, str(e))
        return redirect(_back(request))
    messages.success(request, f"Suggestion {PAST_TENSE[data['decision']]}.")
    return redirect(_back(request))


@login_required
@require_POST
def suggestions_accept_batch(request):
    """Accept several suggestions of one edition as one new version."""
    ids = [int(v) for v in request.POST.getlist("ids") if v.isdigit()]
    suggestions = get_suggestions_for_editor(request.user, ids)
    seen = {pk: request.POST.get(f"seen-{pk}") for pk in ids if request.POST.get(f"seen-{pk}")}
    try:
        version = suggestions_accept(
            suggestions=suggestions,
            editor=request.user,
            seen=seen,
            note=request.POST.get("note", "")[:2000],
            reason=request.POST.get("reason", "")[:2000],
        )
    except StaleSuggestion as e:
        return _stale(request, e.suggestion)
    except (SuggestionError, VersionError) as e:
        messages.error(request, str(e))
    else:
        messages.success(request, f"Published version {version.number}.")
    return redirect(_back(request))


def _stale(request, suggestion: Suggestion) -> HttpResponse:
    suggestion.refresh_from_db()
    suggestion.annotation.refresh_from_db()
    accept = request.headers.get("Accept", "")
    if "json" in accept and "text/html" not in accept:
        return JsonResponse(
            {
                "detail": "This suggestion changed since you loaded it.",
                "suggestion": suggestion_state(suggestion),
            },
            status=409,
        )
    return render(request, "edition/suggestion_stale.html", {"s": suggestion}, status=409)


def _back(request) -> str:
    back = request.POST.get("next", "")
    return (
        back
        if back.startswith("/") and not back.startswith("//")
        else reverse("edition:suggestion-queue")
    )


# Editors: who may accept suggested corrections on an edition (site staff manage them) -----


@login_required
@require_http_methods(["GET", "POST"])
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

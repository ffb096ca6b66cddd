"""Suggested corrections: proposing one without JavaScript (an annotation with motivation
"editing" that waits for an editor), and the editors' correction queue, which shows each
suggestion with the annotation that discusses it (so it lists only those the editor may
see) and where editors accept, reject or revert them."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse, HttpResponseBadRequest, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from annotations.access import (
    get_suggestion_for_editor,
    get_suggestions_for_editor,
    suggestions_for_editor,
)
from annotations.moderation.ratelimits import RateLimited, rate_limit_hit
from annotations.services import AnnotationError
from annotations.suggestions import suggestion_create
from config.params import ids_parse
from edition.access import annotatable_passages, get_editions_for_editor
from edition.anchoring import TargetPiece
from edition.models import Suggestion
from edition.provenance import suggestion_state
from edition.suggestion_forms import SuggestionDecisionForm, SuggestionFilterForm, SuggestionForm
from edition.suggestions import (
    StaleSuggestion,
    SuggestionError,
    suggestion_reject,
    suggestion_revert,
    suggestions_accept,
)
from edition.versions import VersionError


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def suggestion_new(request, slug, anchor):
    """The form, on one current passage; a valid post creates the suggestion."""
    passage = get_object_or_404(
        annotatable_passages(request.user).select_related("edition", "section"),
        edition__slug=slug,
        anchor=anchor,
        retired=False,
    )
    form = SuggestionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            rate_limit_hit(user=request.user, action="post")
            suggestion = suggestion_create(
                author=request.user,
                piece=TargetPiece(passage=passage, exact=data["exact"]),
                replacement=data["replacement"],
                justification=data["justification"],
            )
        except RateLimited as e:
            return render(
                request, "moderation/rate_limited.html", {"message": e.message}, status=429
            )
        except AnnotationError as e:
            form.add_error(None, str(e))
        else:
            messages.success(request, "Thank you: your suggestion waits for an editor.")
            return redirect(suggestion.annotation)
    return render(
        request,
        "annotations/suggestion_new.html",
        {"form": form, "passage": passage, "edition": passage.edition},
    )


# The correction queue: readers' suggestions ---------------------------------------------

PAST_TENSE = {"accept": "accepted", "reject": "rejected", "revert": "reverted"}


@login_required
@require_safe
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
    ids = ids_parse(request.POST.getlist("ids"))
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
    suggestion.selection.refresh_from_db()
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
        else reverse("annotations:suggestion-queue")
    )

"""Suggest a correction without JavaScript: quote the words and give the new ones. The
suggestion is an annotation (motivation "editing") that waits for an editor."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from annotations.ratelimits import RateLimited, rate_limit_hit
from annotations.selectors import TargetPiece
from annotations.services import AnnotationError
from edition.models import Passage
from edition.suggestion_forms import SuggestionForm
from edition.suggestions import suggestion_create


@login_required
@require_http_methods(["GET", "POST"])
def suggestion_new(request, slug, anchor):
    """The form, on one current passage; a valid post creates the suggestion."""
    passage = get_object_or_404(
        Passage.objects.select_related("edition", "section"),
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

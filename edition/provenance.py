"""Where a passage's reading comes from, and what changed under an annotation since it
was made: read-only views over corrections, decisions, suggestions and versions."""

from __future__ import annotations

from django.conf import settings
from django.db.models import Prefetch
from django.urls import reverse

from annotations.models import Annotation
from edition.models import (
    CorrectionDecision,
    Passage,
    PassageVersion,
    RegionDecision,
    Suggestion,
    SuggestionDecision,
)
from edition.versions import diff_excerpt, diff_html, word_diff


def _accepted_by(suggestion: Suggestion):
    decisions = [d for d in suggestion.decisions.all() if d.decision == "accepted"]
    return decisions[-1].editor if decisions else None


def passage_provenance_context(passage: Passage) -> dict:
    """Template context: OCR reading, automatic fixes, editors' decisions, suggestions, and
    the passage's versions, each with its word diff from the one before."""
    suggestions = list(
        Suggestion.objects.filter(annotation__passage=passage)
        .select_related("annotation__author", "version")
        .prefetch_related(
            Prefetch(
                "decisions",
                queryset=SuggestionDecision.objects.select_related("editor").order_by(
                    "created", "pk"
                ),
            )
        )
        .order_by("created")
    )
    for s in suggestions:
        s.accepted_by = _accepted_by(s)
    snapshots = list(passage.versions.select_related("version__created_by").order_by("number"))
    versions = []
    for previous, pv in zip([None, *snapshots], snapshots, strict=False):
        html = diff_html(word_diff(previous.text, pv.text)) if previous else None
        versions.append(
            {
                "snapshot": pv,
                "diff": html,
                "previous": previous,
                "suggestions": [
                    s
                    for s in suggestions
                    if s.version_id == pv.version_id and s.status != Suggestion.Status.PENDING
                ],
            }
        )
    return {
        "corrections": list(passage.corrections.current().order_by("start")),
        "decisions": list(
            CorrectionDecision.objects.filter(
                edition_id=passage.edition_id, anchor=passage.anchor
            ).select_related("editor")
        ),
        "region_decisions": list(
            RegionDecision.objects.filter(
                edition_id=passage.edition_id,
                line_start__gte=passage.line_start,
                line_end__lte=passage.line_end,
            ).select_related("editor")
        ),
        "suggestions": suggestions,
        "versions": versions,
    }


def suggestion_state(suggestion: Suggestion) -> dict:
    """A suggestion as JSON: for the API's `lectio.suggestion` and 409 answers."""
    piece = (suggestion.annotation.selectors or [{}])[0]
    return {
        "id": suggestion.pk,
        "status": suggestion.status,
        "exact": suggestion.exact,
        "replacement": suggestion.replacement,
        "state": suggestion.state_token,
        "current": piece.get("exact", ""),
        "anchorState": suggestion.annotation.anchor_state,
        "version": suggestion.version.number if suggestion.version_id else None,
        "decisions": [
            {
                "decision": d.decision,
                "editor": d.editor.username,
                "reason": d.reason,
                "created": d.created.isoformat(),
            }
            for d in suggestion.decisions.select_related("editor")
        ],
    }


def annotation_corrections(annotation: Annotation, cache: dict) -> list[dict]:
    """The versions that changed the annotation's passages since the one it was made on,
    each with a short word diff ("=", "-", "+" runs). `cache` is shared across a page of
    annotations: one query per passage."""
    if annotation.edition_version >= annotation.edition.version:
        return []
    found = []
    for anchor_id in _passage_ids(annotation):
        if anchor_id not in cache:
            cache[anchor_id] = list(
                PassageVersion.objects.filter(passage_id=anchor_id)
                .select_related("version", "passage")
                .order_by("number")
            )
        snapshots = cache[anchor_id]
        for previous, pv in zip(snapshots, snapshots[1:], strict=False):
            if pv.number > annotation.edition_version:
                found.append(
                    {
                        "version": pv.number,
                        "passage": pv.passage.anchor,
                        "date": pv.version.created.isoformat(),
                        "note": pv.version.note,
                        "diff": diff_excerpt(word_diff(previous.text, pv.text)),
                    }
                )
    return sorted(found, key=lambda c: c["version"])


def _passage_ids(annotation: Annotation) -> list[int]:
    if annotation.selectors:
        return [piece["passage_id"] for piece in annotation.selectors]
    return [annotation.passage_id]


# The annotation API's Lectio extension (called by annotations.serializers) ----------------


def _suggestion_of(annotation: Annotation) -> Suggestion | None:
    if annotation.motivation != Annotation.Motivation.EDITING:
        return None
    try:
        return annotation.suggestion
    except Suggestion.DoesNotExist:
        return None


def version_bodies(annotation: Annotation) -> list[dict]:
    """A suggested correction's proposed text, as a W3C body with purpose "editing"."""
    suggestion = _suggestion_of(annotation)
    if suggestion is None:
        return []
    return [{"type": "TextualBody", "purpose": "editing", "value": suggestion.replacement}]


def version_extension(annotation: Annotation, context: dict) -> dict:
    """Keys of `lectio`: `suggestion` (editing annotations), `correctedSince` (versions
    that changed its passages since the one it was made on, with word diffs), `cite`."""
    extra = {"cite": settings.SITE_URL + reverse("annotations:cite", kwargs={"pk": annotation.pk})}
    suggestion = _suggestion_of(annotation)
    if suggestion is not None:
        extra["suggestion"] = suggestion_state(suggestion)
    if not annotation.is_reply:
        cache = context.setdefault("_passage_versions", {})
        extra["correctedSince"] = annotation_corrections(annotation, cache)
    return extra

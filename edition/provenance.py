"""Where a passage's reading comes from, and what changed under a selection since
a span was made: read-only views over corrections, decisions, suggestions and versions."""

from __future__ import annotations

from django.db.models import Prefetch

from edition.models import (
    CorrectionDecision,
    Passage,
    PassageVersion,
    RegionDecision,
    Selection,
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
        Suggestion.objects.filter(selection__passage=passage)
        .select_related("author", "annotation", "version")
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
    piece = (suggestion.selection.pieces or [{}])[0]
    return {
        "id": suggestion.pk,
        "status": suggestion.status,
        "exact": suggestion.exact,
        "replacement": suggestion.replacement,
        "state": suggestion.state_token,
        "current": piece.get("exact", ""),
        "anchorState": suggestion.selection.state,
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


def selection_corrections(selection: Selection, *, current: int, cache: dict) -> list[dict]:
    """The versions up to `current` (the edition's) that changed the selection's passages
    since the one it was made on, each with a short word diff ("=", "-", "+" runs).
    `cache` is shared across a page of selections: one query per passage."""
    if selection.version >= current:
        return []
    found = []
    for passage_id in selection.passage_ids:
        if passage_id not in cache:
            cache[passage_id] = list(
                PassageVersion.objects.filter(passage_id=passage_id)
                .select_related("version", "passage")
                .order_by("number")
            )
        snapshots = cache[passage_id]
        for previous, pv in zip(snapshots, snapshots[1:], strict=False):
            if pv.number > selection.version:
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

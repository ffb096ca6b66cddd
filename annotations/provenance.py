"""The annotation API's Lectio extension from the edition's provenance: a suggested
correction's proposed text and state, and what changed under the annotation since."""

from __future__ import annotations

from annotations.iris import url_formats
from annotations.models import Annotation
from edition.models import Suggestion
from edition.provenance import selection_corrections, suggestion_state


def _suggestion_of(annotation: Annotation) -> Suggestion | None:
    if annotation.motivation != Annotation.Motivation.EDITING or not annotation.suggestion_id:
        return None
    suggestion = annotation.suggestion
    if suggestion.selection_id == annotation.selection_id:
        suggestion.selection = annotation.selection  # the same row, already loaded
    return suggestion


def version_bodies(annotation: Annotation) -> list[dict]:
    """A suggested correction's proposed text, as a W3C body with purpose "editing"."""
    suggestion = _suggestion_of(annotation)
    if suggestion is None:
        return []
    return [{"type": "TextualBody", "purpose": "editing", "value": suggestion.replacement}]


def version_extension(annotation: Annotation, context: dict) -> dict:
    """Keys of `lectio`: `suggestion` (editing annotations), `correctedSince` (versions
    that changed its passages since the one it was made on, with word diffs), `cite`."""
    extra = {"cite": url_formats(context).cite.fill(pk=annotation.pk)}
    suggestion = _suggestion_of(annotation)
    if suggestion is not None:
        extra["suggestion"] = suggestion_state(suggestion)
    if not annotation.is_reply:
        cache = context.setdefault("_passage_versions", {})
        extra["correctedSince"] = selection_corrections(
            annotation.selection, current=annotation.edition.version, cache=cache
        )
    return extra

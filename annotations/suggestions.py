"""Proposing a correction: an annotation with motivation "editing" that discusses the
edition's `Suggestion` row (the proposed text and where the review stands)."""

from __future__ import annotations

from django.db import transaction

from accounts.models import User
from annotations.models import Annotation
from annotations.services import AnnotationError, annotation_create
from edition.anchoring import TargetPiece
from edition.suggestions import REPLACEMENT_MAX, suggestion_propose


@transaction.atomic
def suggestion_create(
    *, author: User, piece: TargetPiece, replacement: str, justification: str = ""
):
    """Propose `replacement` for a span of one passage, with a justification.

    The span is a public annotation with motivation "editing" (so that others discuss it
    like any annotation); returns the edition's Suggestion, whose `annotation` is that
    annotation. Raises AnnotationError naming the problem; writes nothing then.
    """
    if len(replacement) > REPLACEMENT_MAX:
        raise AnnotationError(f"body: the proposed text is longer than {REPLACEMENT_MAX}")
    if piece.whole:
        raise AnnotationError("target: a suggestion needs a selection inside the passage")
    annotation = annotation_create(
        author=author,
        pieces=[piece],
        body=justification,
        motivation=Annotation.Motivation.EDITING,
        visibility=Annotation.Visibility.PUBLIC,
    )
    if replacement == annotation.selection.exact:
        raise AnnotationError("body: the proposed text is the same as the text")
    suggestion = suggestion_propose(
        selection=annotation.selection, author=author, replacement=replacement
    )
    annotation.suggestion = suggestion
    annotation.save(update_fields=["suggestion"])
    return suggestion

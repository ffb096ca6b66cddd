"""Orphaned annotations: the best places to put them back, and putting one back."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from rapidfuzz import fuzz

from accounts.models import User
from annotations.models import Annotation
from annotations.selectors import piece_at
from annotations.services import selection_columns
from edition.models import Passage, Reattachment

CANDIDATES = 5
MIN_SCORE = 50


@dataclass
class Candidate:
    passage: Passage
    start: int
    end: int
    score: float

    @property
    def exact(self) -> str:
        return self.passage.text[self.start : self.end]


def orphan_candidates(annotation: Annotation, *, limit: int = CANDIDATES) -> list[Candidate]:
    """The best places for an orphan's quote among its edition's current passages, scored
    by rapidfuzz (0-100), best first; context (prefix, suffix) breaks ties."""
    quote = annotation.selector_exact
    if not quote:
        return []
    found = []
    passages = (
        Passage.objects.reading()
        .filter(edition_id=annotation.edition_id)
        .only("pk", "anchor", "text", "section_id", "order", "edition_id")
    )
    for passage in passages.iterator(chunk_size=500):
        match = fuzz.partial_ratio_alignment(quote, passage.text, score_cutoff=MIN_SCORE)
        if match is None or match.dest_end <= match.dest_start:
            continue
        context = fuzz.ratio(
            annotation.selector_prefix + quote + annotation.selector_suffix,
            passage.text[max(0, match.dest_start - 32) : match.dest_end + 32],
        )
        found.append(
            (
                match.score,
                context,
                Candidate(passage, match.dest_start, match.dest_end, round(match.score, 1)),
            )
        )
    found.sort(key=lambda row: (row[0], row[1]), reverse=True)
    return [candidate for _, _, candidate in found[:limit]]


@transaction.atomic
def annotation_reattach(
    *,
    annotation: Annotation,
    user: User,
    passage: Passage,
    start: int,
    end: int,
    score: float | None = None,
) -> Reattachment:
    """Put an annotation on `passage` at start..end (one passage); its replies follow.
    Logged as a `Reattachment` row. Raises ValueError for a span outside the text."""
    if passage.edition_id != annotation.edition_id or passage.retired:
        raise ValueError("The place must be a passage of the annotation's edition.")
    if not 0 <= start < end <= len(passage.text):
        raise ValueError("The place must be a span inside the passage text.")
    record = Reattachment.objects.create(
        annotation=annotation,
        user=user,
        passage=passage,
        old_selectors=annotation.selectors,
        start=start,
        end=end,
        exact=passage.text[start:end],
        score=score,
    )
    pieces = [piece_at(passage, start, end)]
    annotation.selectors, annotation.passage, annotation.end_passage = pieces, passage, None
    for name, value in selection_columns(pieces).items():
        setattr(annotation, name, value)
    annotation.anchor_state = Annotation.AnchorState.OK
    annotation.save(
        update_fields=[
            "selectors",
            "passage",
            "end_passage",
            "selector_exact",
            "selector_prefix",
            "selector_suffix",
            "selector_start",
            "selector_end",
            "anchor_state",
            "modified",
        ]
    )
    Annotation.objects.filter(root=annotation).update(
        passage=passage, end_passage=None, modified=timezone.now()
    )
    return record

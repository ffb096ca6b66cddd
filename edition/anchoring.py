"""The one anchoring engine. Every span of an edition's text that others point at is a
`Selection`; this module is the only code that checks a span against the text, maps
offsets through edits, searches for a quote again, and writes a selection's pieces.

Publishing a version (`edition.versions`), re-ingesting a source (`edition.loading`) and
re-attaching an orphan all move selections through `selections_follow` or
`selection_reattach`, so the same change of the text moves a span the same way whichever
path it came by. Offsets count characters of `Passage.text`; `end` is exclusive.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from rapidfuzz import fuzz

from edition.edits import Edit, edits_diff
from edition.models import Passage, Reattachment, Selection

CONTEXT = 32  # characters of prefix and suffix kept around a quote
# A quote whose boundaries fell inside an edit must still look like the corrected words.
CHANGED_MIN_SCORE = 60
SEARCH_MIN_SCORE = 85
SEARCH_WINDOW = 200  # characters either side of the edited place searched for the quote
FUZZY_MIN_LENGTH = 5
CANDIDATES = 5
CANDIDATE_MIN_SCORE = 50

_RANK = {"ok": 0, "moved": 1, "changed": 2, "orphaned": 3}


class SelectorError(ValueError):
    """The selection does not fit the passage; the message names the failed check."""


@dataclass
class TargetPiece:
    """What a client said about one passage of its selection (unvalidated)."""

    passage: Passage
    start: int | None = None
    end: int | None = None
    exact: str | None = None
    prefix: str | None = None
    suffix: str | None = None

    @property
    def whole(self) -> bool:
        return self.start is None and self.end is None and self.exact is None


# Checking a span against the text ---------------------------------------------------------


def _is_offset(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _check_context(text: str, start: int, end: int, piece: TargetPiece) -> None:
    if piece.prefix and text[max(0, start - len(piece.prefix)) : start] != piece.prefix:
        raise SelectorError("TextQuoteSelector: prefix does not match the text before start")
    if piece.suffix and text[end : end + len(piece.suffix)] != piece.suffix:
        raise SelectorError("TextQuoteSelector: suffix does not match the text after end")


def _find_quote(text: str, piece: TargetPiece) -> int:
    """Where the quote stands: the one occurrence, or the one its context picks out.

    A quote that occurs several times with no context to tell them apart is refused rather
    than guessed: a wrong guess stores the annotation on other words than the client meant.
    """
    candidates = _occurrences(text, piece.exact)
    if not candidates:
        raise SelectorError("TextQuoteSelector: exact not found in the passage text")
    prefix, suffix = piece.prefix or "", piece.suffix or ""
    fit = {s: _context_fit(text, s, s + len(piece.exact), prefix, suffix) for s in candidates}
    best = max(fit.values())
    found = [s for s in candidates if fit[s] == best]
    if len(found) > 1:
        raise SelectorError(
            f"TextQuoteSelector: exact occurs {len(candidates)} times in the passage text and "
            "prefix and suffix do not tell which is meant; add a TextPositionSelector or a "
            "longer prefix or suffix"
        )
    return found[0]


def piece_validate(piece: TargetPiece) -> dict:
    """Check `piece` against its passage's text and return the stored piece.

    Positions, when given, must lie inside the text; the quote, when given, must equal the
    text at those positions (or, without positions, occur in the text). Raises SelectorError.
    """
    text = piece.passage.text
    if piece.start is not None or piece.end is not None:
        if not (
            _is_offset(piece.start)
            and _is_offset(piece.end)
            and 0 <= piece.start < piece.end <= len(text)
        ):
            raise SelectorError(
                "TextPositionSelector: start and end must be integers with "
                f"0 <= start < end <= length of the passage text ({len(text)})"
            )
        start, end = piece.start, piece.end
        if piece.exact is not None and text[start:end] != piece.exact:
            raise SelectorError(
                "TextQuoteSelector: exact does not match the passage text at start..end"
            )
    elif piece.exact:
        start = _find_quote(text, piece)
        end = start + len(piece.exact)
    else:
        raise SelectorError("TextQuoteSelector: exact must not be empty")
    _check_context(text, start, end, piece)
    return piece_at(piece.passage, start, end)


def piece_at(passage, start: int, end: int) -> dict:
    """The stored piece for `passage.text[start:end]`, with its context."""
    text = passage.text
    return {
        "passage": passage.anchor,
        "passage_id": passage.pk,
        "start": start,
        "end": end,
        "exact": text[start:end],
        "prefix": text[max(0, start - CONTEXT) : start],
        "suffix": text[end : end + CONTEXT],
    }


def pieces_validate(pieces: list[TargetPiece], section_passages: list) -> list[dict]:
    """Validate a selection over one or more passages.

    `section_passages` are the reading passages of the first piece's section, in order.
    Several pieces must be consecutive passages; the first runs to the end of its text,
    the last starts at 0, the ones between cover their whole text.
    """
    if len(pieces) == 1:
        return [] if pieces[0].whole else [piece_validate(pieces[0])]
    ids = [p.pk for p in section_passages]
    wanted = [piece.passage.pk for piece in pieces]
    first = ids.index(wanted[0]) if wanted[0] in ids else -1
    if first < 0 or ids[first : first + len(wanted)] != wanted:
        raise SelectorError("target: passages must be adjacent passages of one section")
    stored = []
    for i, piece in enumerate(pieces):
        length = len(piece.passage.text)
        if piece.whole and i == 0:
            raise SelectorError("target: the first passage needs a TextPositionSelector")
        if piece.whole:
            piece = TargetPiece(piece.passage, 0, length)
        stored.append(piece_validate(piece))
        if i < len(pieces) - 1 and stored[-1]["end"] != length:
            raise SelectorError(
                "target: a selection over several passages must run to the "
                "end of each passage but the last"
            )
        if i > 0 and stored[-1]["start"] != 0:
            raise SelectorError(
                "target: a selection over several passages must start at 0 "
                "in each passage but the first"
            )
    return stored


# Offsets through edits --------------------------------------------------------------------


def position_map(pos: int, edits: list[Edit], *, is_end: bool) -> tuple[int, bool]:
    """Where `pos` of the old text is in the new one, and whether it was clean (not
    strictly inside an edit). An insertion at a span's start moves the start after it;
    one at its end stays outside the span."""
    shift = 0
    for edit in edits:
        before = edit.end < pos or (edit.end == pos and (not is_end or edit.start < pos))
        if before:
            shift += edit.delta
        elif edit.start < pos < edit.end:
            at = edit.start + shift
            return (at + len(edit.text) if is_end else at), False
        else:
            break
    return pos + shift, True


def _overlaps(edits: list[Edit], start: int, end: int) -> bool:
    return any(
        e.start < end and e.end > start if e.start < e.end else start < e.start < end for e in edits
    )


def inline_through(inline: dict, edits: list[Edit], length: int) -> dict:
    """Inline offsets (note calls, page markers, emphasis) moved through `edits`."""
    result = {}
    for key in ("calls", "pages"):
        items = [
            dict(item, offset=min(position_map(item["offset"], edits, is_end=False)[0], length))
            for item in inline.get(key, [])
        ]
        if items:
            result[key] = items
    emphasis = []
    for start, end in inline.get("emphasis", []):
        s = position_map(start, edits, is_end=False)[0]
        e = position_map(end, edits, is_end=True)[0]
        if s < e:
            emphasis.append([s, e])
    if emphasis:
        result["emphasis"] = emphasis
    kept = {
        k: v
        for k, v in inline.items()
        if k not in result and k not in ("calls", "pages", "emphasis")
    }
    return {**kept, **result}


def piece_follow(piece: dict, old: str, new: str, edits: list[Edit]) -> tuple[dict, str]:
    """Move a stored piece of a passage through `edits` (old -> new text).

    Returns (piece, state): "ok" (same place), "moved" (same words, shifted), "changed"
    (the edit touched its words: it now holds the corrected words) or "orphaned" (the old
    piece). Only when an edit overlaps the span is the quote searched again, near the
    edit: exactly (best prefix/suffix fit), then fuzzily.
    """
    start, end, exact = piece["start"], piece["end"], piece["exact"]
    new_start, clean_start = position_map(start, edits, is_end=False)
    new_end, clean_end = position_map(end, edits, is_end=True)
    passage = _Text(piece["passage"], piece["passage_id"], new)
    if not _overlaps(edits, start, end):
        state = "ok" if new_start == start else "moved"
        return piece_at(passage, new_start, new_end), state
    found = new[new_start:new_end]
    if new_start < new_end and (
        (clean_start and clean_end) or fuzz.ratio(found, exact) >= CHANGED_MIN_SCORE
    ):
        return piece_at(passage, new_start, new_end), "changed"
    return _search(piece, passage, new_start, new_end)


def _search(piece: dict, passage: _Text, near_start: int, near_end: int) -> tuple[dict, str]:
    new, exact = passage.text, piece["exact"]
    low, high = max(0, near_start - SEARCH_WINDOW), min(len(new), near_end + SEARCH_WINDOW)
    window = new[low:high]
    hits = [m.start() + low for m in re.finditer(re.escape(exact), window)] if exact else []
    if hits:
        prefix, suffix = piece.get("prefix", ""), piece.get("suffix", "")
        best = max(
            hits,
            key=lambda s: (
                _context_fit(new, s, s + len(exact), prefix, suffix),
                -abs(s - near_start),
            ),
        )
        return piece_at(passage, best, best + len(exact)), "moved"
    if len(exact) >= FUZZY_MIN_LENGTH:
        match = fuzz.partial_ratio_alignment(exact, window, score_cutoff=SEARCH_MIN_SCORE)
        if match is not None and match.dest_end > match.dest_start:
            return piece_at(passage, low + match.dest_start, low + match.dest_end), "changed"
    return piece, "orphaned"


def _occurrences(text: str, quote: str) -> list[int]:
    found, at = [], text.find(quote)
    while at >= 0 and quote:
        found.append(at)
        at = text.find(quote, at + 1)
    return found


def _context_fit(text: str, start: int, end: int, prefix: str, suffix: str) -> int:
    """How many characters of `prefix` and `suffix` stand right before and after start..end."""
    before, after = text[max(0, start - len(prefix)) : start], text[end : end + len(suffix)]
    n = 0
    while n < min(len(before), len(prefix)) and before[-1 - n] == prefix[-1 - n]:
        n += 1
    m = 0
    while m < min(len(after), len(suffix)) and after[m] == suffix[m]:
        m += 1
    return n + m


@dataclass
class _Text:
    anchor: str
    pk: int
    text: str


# Selection rows ---------------------------------------------------------------------------


def selection_create(*, pieces: list[TargetPiece]) -> Selection:
    """A new selection of one passage, part of it, or a range over adjacent passages of
    a section, made on the edition's current version. Raises SelectorError."""
    first = pieces[0].passage
    section_passages = []
    if len(pieces) > 1:
        section_passages = list(
            Passage.objects.reading()
            .filter(section_id=first.section_id)
            .order_by("order")
            .only("pk")
        )
    stored = pieces_validate(pieces, section_passages)
    selection = Selection(
        edition_id=first.edition_id,
        passage=first,
        end_passage=pieces[-1].passage if len(pieces) > 1 else None,
        version=first.edition.version,
    )
    selection.set_pieces(stored)
    selection.save()
    return selection


def selections_follow(*, changes: list[tuple[Passage, str, list[Edit] | None]]) -> dict[str, int]:
    """Move the selections on the changed passages through their edits, in one read and
    one UPDATE per moved selection. `changes` holds (passage with its new text, old text,
    edits); edits given as None are found by diffing the texts (`edits_diff`), only for
    passages that some selection touches. Nothing is deleted; a selection's `version`
    (the one it was made on) is kept. Returns counts of pieces by resulting state."""
    by_id = {passage.pk: [passage, old, edits] for passage, old, edits in changes}
    counts = {"ok": 0, "moved": 0, "changed": 0, "orphaned": 0}
    editions = {passage.edition_id for passage, _, _ in changes}
    if not changes or not Selection.objects.filter(edition_id__in=editions).exists():
        return counts
    moved = []
    touching = Selection.objects.touching([p for p, _, _ in changes]).anchored()
    for selection in touching.select_for_update():
        pieces, state, touched = list(selection.pieces), selection.state, False
        for i, piece in enumerate(pieces):
            if piece["passage_id"] not in by_id:
                continue
            change = by_id[piece["passage_id"]]
            passage, old, edits = change
            if edits is None:
                edits = change[2] = edits_diff(old, passage.text)
            pieces[i], piece_state = piece_follow(piece, old, passage.text, edits)
            counts[piece_state] += 1
            touched = touched or pieces[i] != piece or piece_state == "orphaned"
            state = max(state, piece_state, key=lambda s: _RANK[s])
        if touched:
            selection.set_pieces(pieces)
            selection.state = state
            moved.append(selection)
    # One UPDATE per moved selection: cheaper than bulk_update's CASE expressions, which
    # grow with the batch (see bench/bench_versions.py).
    for selection in moved:
        selection.save(update_fields=[*Selection.PIECE_FIELDS, "state", "modified"])
    return counts


def selections_orphan(*, passages: list[Passage]) -> int:
    """Mark the selections on `passages` (retired from the text) orphaned. Returns how many."""
    ids = [p.pk for p in passages]
    if not ids:
        return 0
    touching = Selection.objects.filter(Q(passage_id__in=ids) | Q(end_passage_id__in=ids))
    return touching.exclude(state=Selection.State.ORPHANED).update(
        state=Selection.State.ORPHANED, modified=timezone.now()
    )


@transaction.atomic
def selection_reattach(
    *, selection: Selection, user, passage: Passage, start: int, end: int, score=None
) -> Reattachment:
    """Put `selection` on `passage` at start..end (one passage), logged as a
    `Reattachment` row. Raises SelectorError for a place outside the edition or text."""
    if passage.edition_id != selection.edition_id or passage.retired:
        raise SelectorError("The place must be a passage of the same edition.")
    if not 0 <= start < end <= len(passage.text):
        raise SelectorError("The place must be a span inside the passage text.")
    record = Reattachment.objects.create(
        selection=selection,
        user=user,
        passage=passage,
        old_pieces=selection.pieces,
        start=start,
        end=end,
        exact=passage.text[start:end],
        score=score,
    )
    selection.passage, selection.end_passage = passage, None
    selection.set_pieces([piece_at(passage, start, end)])
    selection.state = Selection.State.OK
    selection.save(
        update_fields=[*Selection.PIECE_FIELDS, "passage", "end_passage", "state", "modified"]
    )
    return record


@dataclass
class Candidate:
    passage: Passage
    start: int
    end: int
    score: float

    @property
    def exact(self) -> str:
        return self.passage.text[self.start : self.end]


def selection_candidates(selection: Selection, *, limit: int = CANDIDATES) -> list[Candidate]:
    """The best places for a lost selection's quote among its edition's current passages,
    scored by rapidfuzz (0-100), best first; context (prefix, suffix) breaks ties."""
    quote = selection.exact
    if not quote:
        return []
    found = []
    passages = (
        Passage.objects.reading()
        .filter(edition_id=selection.edition_id)
        .only("pk", "anchor", "text", "section_id", "order", "edition_id")
    )
    for passage in passages.iterator(chunk_size=500):
        match = fuzz.partial_ratio_alignment(quote, passage.text, score_cutoff=CANDIDATE_MIN_SCORE)
        if match is None or match.dest_end <= match.dest_start:
            continue
        context = fuzz.ratio(
            selection.prefix + quote + selection.suffix,
            passage.text[max(0, match.dest_start - CONTEXT) : match.dest_end + CONTEXT],
        )
        candidate = Candidate(passage, match.dest_start, match.dest_end, round(match.score, 1))
        found.append((match.score, context, candidate))
    found.sort(key=lambda row: (row[0], row[1]), reverse=True)
    return [candidate for _, _, candidate in found[:limit]]

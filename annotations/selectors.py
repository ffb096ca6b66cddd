"""Text selections inside passages: validating them, and finding them again after the
passage's text changed. Offsets count characters of `Passage.text`; `end` is exclusive.

A selection is a list of pieces, one per passage, as stored in `Annotation.selectors`:
``{"passage": anchor, "passage_id": id, "start", "end", "exact", "prefix", "suffix"}``.
"""

from __future__ import annotations

from dataclasses import dataclass
from difflib import SequenceMatcher

from rapidfuzz import fuzz

CONTEXT = 32  # characters of prefix and suffix kept around a quote
FUZZY_MIN_SCORE = 85
FUZZY_MIN_LENGTH = 5
FUZZY_MAX_TEXT = 100_000


class SelectorError(ValueError):
    """The selection does not fit the passage; the message names the failed check."""


@dataclass
class TargetPiece:
    """What a client said about one passage of its selection (unvalidated)."""

    passage: object  # edition.models.Passage
    start: int | None = None
    end: int | None = None
    exact: str | None = None
    prefix: str | None = None
    suffix: str | None = None

    @property
    def whole(self) -> bool:
        return self.start is None and self.end is None and self.exact is None


def _is_offset(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _check_context(text: str, start: int, end: int, piece: TargetPiece) -> None:
    if piece.prefix and text[max(0, start - len(piece.prefix)) : start] != piece.prefix:
        raise SelectorError("TextQuoteSelector: prefix does not match the text before start")
    if piece.suffix and text[end : end + len(piece.suffix)] != piece.suffix:
        raise SelectorError("TextQuoteSelector: suffix does not match the text after end")


def _find_quote(text: str, piece: TargetPiece) -> int:
    candidates = _occurrences(text, piece.exact)
    if not candidates:
        raise SelectorError("TextQuoteSelector: exact not found in the passage text")
    return max(
        candidates,
        key=lambda s: _context_score(
            text, s, s + len(piece.exact), piece.prefix or "", piece.suffix or ""
        ),
    )


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
        if piece.whole:
            piece = TargetPiece(piece.passage, 0 if i else None, length if i else None)
        if i == 0 and piece.start is None:
            raise SelectorError("target: the first passage needs a TextPositionSelector")
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


# Re-anchoring ------------------------------------------------------------------------------


def _occurrences(text: str, quote: str) -> list[int]:
    found, at = [], text.find(quote)
    while at >= 0 and quote:
        found.append(at)
        at = text.find(quote, at + 1)
    return found


def _common_suffix(a: str, b: str) -> int:
    n = 0
    while n < min(len(a), len(b)) and a[-1 - n] == b[-1 - n]:
        n += 1
    return n


def _common_prefix(a: str, b: str) -> int:
    n = 0
    while n < min(len(a), len(b)) and a[n] == b[n]:
        n += 1
    return n


def _context_score(text: str, start: int, end: int, prefix: str, suffix: str) -> int:
    return _common_suffix(text[max(0, start - len(prefix)) : start], prefix) + _common_prefix(
        text[end : end + len(suffix)], suffix
    )


def _map_offset(pos: int, opcodes, *, is_end: bool) -> int | None:
    """`pos` in the old text -> the new text, when it lies in an unchanged stretch."""
    for tag, i1, i2, j1, _j2 in opcodes:
        inside = i1 < pos <= i2 if is_end else i1 <= pos < i2
        if tag == "equal" and inside:
            return j1 + pos - i1
    return None


def piece_reanchor(piece: dict, old_text: str, new_text: str) -> tuple[dict, str]:
    """Find `piece` (stored against `old_text`) in `new_text`.

    Returns (piece, state) with state "ok" (same offsets and quote), "moved" (found
    elsewhere, or its quote slightly changed) or "orphaned" (the old piece, unchanged).
    Tries, in order: offsets mapped through a diff of the texts; the quote, choosing the
    occurrence whose prefix and suffix fit best; a bounded fuzzy search for the quote.
    """
    passage = _PassageText(piece["passage"], piece["passage_id"], new_text)
    exact, start, end = piece["exact"], piece["start"], piece["end"]
    opcodes = SequenceMatcher(None, old_text, new_text, autojunk=False).get_opcodes()
    new_start = _map_offset(start, opcodes, is_end=False)
    new_end = _map_offset(end, opcodes, is_end=True)
    if new_start is not None and new_end is not None and new_start < new_end:
        found = new_text[new_start:new_end]
        if found == exact or fuzz.ratio(found, exact) >= FUZZY_MIN_SCORE:
            return _result(passage, new_start, new_end, piece)
    candidates = _occurrences(new_text, exact)
    if candidates:
        best = max(
            candidates,
            key=lambda s: (
                _context_score(new_text, s, s + len(exact), piece["prefix"], piece["suffix"]),
                -abs(s - start),
            ),
        )
        return _result(passage, best, best + len(exact), piece)
    if len(exact) >= FUZZY_MIN_LENGTH and len(new_text) <= FUZZY_MAX_TEXT:
        match = fuzz.partial_ratio_alignment(exact, new_text, score_cutoff=FUZZY_MIN_SCORE)
        if match is not None and match.dest_end > match.dest_start:
            return _result(passage, match.dest_start, match.dest_end, piece)
    return piece, "orphaned"


@dataclass
class _PassageText:
    anchor: str
    pk: int
    text: str


def _result(passage: _PassageText, start: int, end: int, old: dict) -> tuple[dict, str]:
    piece = piece_at(passage, start, end)
    same = piece["start"] == old["start"] and piece["exact"] == old["exact"]
    return piece, "ok" if same else "moved"

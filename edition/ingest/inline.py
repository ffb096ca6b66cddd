"""Inline markup of born-digital text: markdown italics and Unicode superscript note calls.

`*…*` becomes an `Emphasis` span and a superscript run such as `¹⁷` becomes a `NoteCall`;
both markers leave the reading text. Superscripts are read digit by digit, never through
NFKC (which would turn `1941²` into `19412`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from edition.ingest.document import Block, Emphasis, NoteCall

SUPERSCRIPT_DIGITS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
SUPERSCRIPT_RUN = re.compile(f"[{SUPERSCRIPT_DIGITS}]+")
_TO_DIGITS = str.maketrans(SUPERSCRIPT_DIGITS, "0123456789")
# A span opens on a non-space and closes on a non-space, as markdown requires.
EMPHASIS_SPAN = re.compile(r"\*(?=\S)([^*\n]*?\S)\*")


def superscript_value(run: str) -> int:
    """`"²⁴⁴"` -> 244."""
    return int(run.translate(_TO_DIGITS))


@dataclass
class Inline:
    """A reading text with the markers taken out, and what they marked."""

    text: str
    calls: list[NoteCall] = field(default_factory=list)
    emphasis: list[Emphasis] = field(default_factory=list)
    offsets: list[int] = field(default_factory=list)  # raw index -> reading offset


def parse_inline(raw: str) -> Inline:
    """Strip `*` pairs and superscript runs from `raw`, recording them by reading offset."""
    dropped = _marker_positions(raw)
    offsets, chars = [], []
    for index, char in enumerate(raw):
        offsets.append(len(chars))
        if index not in dropped:
            chars.append(char)
    offsets.append(len(chars))
    result = Inline(text="".join(chars), offsets=offsets)
    for match in EMPHASIS_SPAN.finditer(raw):
        result.emphasis.append(Emphasis(offsets[match.start(1)], offsets[match.end(1)]))
    for match in SUPERSCRIPT_RUN.finditer(raw):
        number = superscript_value(match.group())
        result.calls.append(
            NoteCall(offsets[match.start()], number, label=str(number), printed=match.group())
        )
    return result


def _marker_positions(raw: str) -> set[int]:
    positions = set()
    for match in EMPHASIS_SPAN.finditer(raw):
        positions.update((match.start(), match.end() - 1))
    for match in SUPERSCRIPT_RUN.finditer(raw):
        positions.update(range(match.start(), match.end()))
    return positions


def join_pieces(pieces: list[str]) -> tuple[str, list[int], int]:
    """Join the pieces of a paragraph split by page breaks with one space.

    Returns the joined raw text, the raw offset where each piece starts, and how many italic
    spans were carried over a break: converters close an open `*` span at the page end
    (`*The Great*` / `War, edited…`), so a span that ends a piece whose sentence goes on
    is extended over the next piece's words up to their first punctuation mark.
    """
    raw, starts, carried = "", [], 0
    for piece in pieces:
        if raw and _span_cut_by_break(raw) and _SPAN_TAIL.match(piece):
            raw, piece = raw[:-1], _SPAN_TAIL.sub(r"\1*\2", piece, count=1)
            carried += 1
        if raw:
            raw += " "
        starts.append(len(raw))
        raw += piece
    return raw, starts, carried


_SPAN_TAIL = re.compile(r"^([^\s*,.;:!?()\[\]][^*,.;:!?()\[\]]*?)([,.;:!?()\[\]])")


def _span_cut_by_break(raw: str) -> bool:
    spans = list(EMPHASIS_SPAN.finditer(raw))
    return bool(spans) and spans[-1].end() == len(raw)


def inline_block(kind: str, raw: str, lines: tuple[int, int], **fields) -> Block:
    """A `Block` of `kind` whose text is `raw` with its markers taken out."""
    inline = parse_inline(raw)
    return Block(kind, inline.text, lines, calls=inline.calls, emphasis=inline.emphasis, **fields)

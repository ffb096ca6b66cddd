"""The body of a born-digital thesis whose footnotes sit where each PDF page ended.

A converted PDF prints one paragraph per line, but a page end cuts paragraphs (often
mid-sentence) and drops that page's footnotes (`¹⁷ text`) in between. The walk below lifts
the footnotes out, rejoins the cut paragraphs and records each footnote block as a page
break. The rules follow the seeds report (3.2.5):

- a body line joins the paragraph before it when that paragraph is open (its last line has
  no terminal `.?!:;`), whatever its first letter; a page without footnotes shows up the same
  way, as an open line followed by its continuation;
- a closed paragraph followed by a capitalised line after a footnote block is a new paragraph
  (a sentence-final page break cannot be told from a paragraph break);
- a call-free, capitalised line right after footnotes continues the last footnote when it
  sits between two footnote lines, or when it names a word of those footnotes.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from edition.ingest.document import (
    BLOCKQUOTE,
    BLOCKQUOTE_GUESS,
    CONTINUES_ACROSS_PAGE,
    HEADING,
    PARAGRAPH,
    Block,
    Note,
    PageBreak,
)
from edition.ingest.inline import SUPERSCRIPT_DIGITS, join_pieces, parse_inline, superscript_value
from edition.ingest.toc import Heading

FOOTNOTE_LINE = re.compile(f"^(?P<number>[{SUPERSCRIPT_DIGITS}]+)\\s+(?P<text>.*)$")
CLOSED_END = re.compile(f"[.?!:;][\"”’')\\]]*[{SUPERSCRIPT_DIGITS}]*\\s*$")
ENDS_WITH_CALL = re.compile(f"[{SUPERSCRIPT_DIGITS}]\\s*$")
_NAME = re.compile(r"(?<![.?!]\s)(?<!^)\b([A-Z][a-z]{3,})\b")


@dataclass
class Piece:
    line: int
    raw: str


@dataclass
class Draft:
    """A block being assembled from the pieces a page break cut it into."""

    kind: str
    pieces: list[Piece]
    level: int = 0
    number: str = ""
    breaks: list[int] = field(default_factory=list)  # pieces that start a new page
    flags: list[str] = field(default_factory=list)

    @property
    def open(self) -> bool:
        return self.kind != HEADING and not CLOSED_END.search(self.pieces[-1].raw)


@dataclass
class NoteDraft:
    number: int
    lines: list[int]
    paragraphs: list[str]


@dataclass
class Flow:
    drafts: list[Draft] = field(default_factory=list)
    notes: list[NoteDraft] = field(default_factory=list)
    counts: Counter = field(default_factory=Counter)
    warnings: list[str] = field(default_factory=list)
    continuations: list[str] = field(default_factory=list)


def walk_body(lines: list[str], first: int, last: int, headings: dict[int, Heading]) -> Flow:
    """Read lines `first`..`last` (1-based, inclusive) into blocks and footnotes."""
    walker = _Walker(lines, headings)
    for number in range(first, last + 1):
        walker.read(number)
    return walker.flow


class _Walker:
    def __init__(self, lines: list[str], headings: dict[int, Heading]):
        self.lines, self.headings, self.flow = lines, headings, Flow()
        self.after_notes = False  # footnote lines seen since the last body line
        self.page_notes: list[NoteDraft] = []  # the footnote block just read

    def read(self, number: int) -> None:
        text = self.lines[number - 1].strip()
        if not text:
            return
        if number in self.headings:
            self.heading(number, self.headings[number])
        elif FOOTNOTE_LINE.match(text):
            self.footnote(number, FOOTNOTE_LINE.match(text))
        elif self.after_notes and self.continues_note(number, text):
            self.note_continuation(number, text)
        else:
            self.body_line(number, text)

    def heading(self, number: int, heading: Heading) -> None:
        current = self.current()
        if current and current.open:
            self.flow.warnings.append(f"line {number}: heading after an unfinished paragraph.")
        draft = Draft(
            HEADING, [Piece(number, heading.text)], heading.entry.level, heading.entry.number
        )
        self.start(draft, "heading_after_footnotes")

    def footnote(self, number: int, match: re.Match) -> None:
        if not self.after_notes:
            self.page_notes = []
        note = NoteDraft(superscript_value(match["number"]), [number], [match["text"]])
        self.flow.notes.append(note)
        self.page_notes.append(note)
        self.after_notes = True

    def continues_note(self, number: int, text: str) -> bool:
        """A call-free, capitalised line after footnotes that belongs to the last one."""
        if not self.page_notes or _has_call(text) or not text[0].isupper():
            return False
        if FOOTNOTE_LINE.match(self._next_text(number)):
            return True
        current = self.current()
        return not (current and current.open) and bool(self._shared_names(text))

    def note_continuation(self, number: int, text: str) -> None:
        note = self.page_notes[-1]
        note.paragraphs.append(text)
        note.lines.append(number)
        self.flow.continuations.append(f"line {number} -> note {note.number}")

    def body_line(self, number: int, text: str) -> None:
        current = self.current()
        if current and (current.open or (text[0].islower() and not _leads_in(current))):
            self.join(current, Piece(number, text))
        else:
            self.start(
                Draft(self.paragraph_kind(current), [Piece(number, text)]),
                "closed_then_new_paragraph",
            )
        self.after_notes = False

    def join(self, draft: Draft, piece: Piece) -> None:
        if not draft.open:
            self.flow.warnings.append(
                f"line {piece.line}: lowercase line after a finished paragraph; joined to it."
            )
        draft.breaks.append(len(draft.pieces))
        draft.pieces.append(piece)
        if CONTINUES_ACROSS_PAGE not in draft.flags:
            draft.flags.append(CONTINUES_ACROSS_PAGE)
        self.flow.counts[self._join_configuration(piece.raw)] += 1

    def start(self, draft: Draft, configuration: str) -> None:
        if self.after_notes:
            draft.breaks.append(0)
            self.flow.counts[configuration] += 1
        self.flow.drafts.append(draft)
        self.after_notes = False

    def paragraph_kind(self, previous: Draft | None) -> str:
        if previous is None or previous.kind == HEADING:
            return PARAGRAPH
        if _leads_in(previous):
            return BLOCKQUOTE
        # A quotation continued on the next page as a new paragraph: not yet closed by
        # the call that cites it.
        if previous.kind == BLOCKQUOTE and self.after_notes:
            return PARAGRAPH if ENDS_WITH_CALL.search(previous.pieces[-1].raw) else BLOCKQUOTE
        return PARAGRAPH

    def current(self) -> Draft | None:
        return self.flow.drafts[-1] if self.flow.drafts else None

    def _join_configuration(self, raw: str) -> str:
        if not self.after_notes:
            return "rejoined_without_footnotes"
        if raw[0].islower():
            return "rejoined_open_then_lowercase"
        return "rejoined_open_then_uppercase"

    def _next_text(self, number: int) -> str:
        for text in self.lines[number:]:
            if text.strip():
                return text.strip()
        return ""

    def _shared_names(self, text: str) -> set[str]:
        """Capitalised words, not sentence-initial, that the page's footnotes also use."""
        names = set(_NAME.findall(text))
        notes = " ".join(p for note in self.page_notes for p in note.paragraphs)
        return {name for name in names if re.search(rf"\b{name}\b", notes)}


def _leads_in(draft: Draft) -> bool:
    """A paragraph ending in a colon introduces a block quotation (`An engineer stated that:`)."""
    return draft.kind != HEADING and draft.pieces[-1].raw.rstrip().endswith(":")


def _has_call(text: str) -> bool:
    return any(char in SUPERSCRIPT_DIGITS for char in text)


def draft_block(draft: Draft) -> Block:
    """The `Block` of a finished draft: markers out, page breaks at reading offsets."""
    raw, starts, _carried = join_pieces([piece.raw for piece in draft.pieces])
    inline = parse_inline(raw)
    pages = [PageBreak(inline.offsets[starts[index]] if index else 0, "") for index in draft.breaks]
    flags = list(draft.flags)
    if draft.kind == BLOCKQUOTE:
        flags.append(BLOCKQUOTE_GUESS)
    return Block(
        draft.kind,
        inline.text,
        (draft.pieces[0].line, draft.pieces[-1].line),
        level=draft.level,
        number=draft.number,
        calls=inline.calls,
        pages=pages,
        emphasis=inline.emphasis,
        flags=flags,
    )


def draft_note(draft: NoteDraft) -> Note:
    inline = parse_inline("\n\n".join(draft.paragraphs))
    return Note(
        str(draft.number),
        draft.number,
        inline.text,
        (draft.lines[0], draft.lines[-1]),
        calls=inline.calls,
        emphasis=inline.emphasis,
    )

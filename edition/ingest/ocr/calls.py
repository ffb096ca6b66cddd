"""Note calls: superscript numbers the OCR flattened into the text (`pressure .20 But`).

A call is taken only where the chapter's note sequence expects it: the number must follow
the last call (a little slack for calls the OCR lost). Garbled calls are read through the
sequence: `I I` is 11, `9s` is 95, and a `Y` glued to a word (`StalingradY Since`) is the
next number. While the stages run, each call is a placeholder character in the text, so
later stages see a word boundary there; `extract` removes them at the end.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from edition.ingest.document import NoteCall
from edition.ingest.ocr.draft import Change, Draft

STAGE = "note-calls"
MARK = "\ue000"
DIGIT_LOOKALIKES = str.maketrans(
    {"I": "1", "l": "1", "S": "5", "s": "5", "O": "0", "°": "0", "J": "3", "o": "0"}
)
CALL = re.compile(
    r"(?<=[.,;:?!'\")\]])(?P<space> ?)(?P<num>[0-9IlSJ](?: ?[0-9IlSOs°]){0,2})(?=\s|$|[)\]])"
    r"|(?<=[a-z])(?P<glued>\d{1,3})(?=[\s).,;:]|$)"
    r"|(?<=[a-z])(?P<lost>Y)(?=\s|$)"
)
ABBREVIATION = re.compile(
    r"(?:^|[\s(])(?:p|pp|no|nos|vol|ch|chs|col|art|para|fig|cf|nr|No|Vol|Nos)\.$"
)
YEAR = re.compile(r"19[0-4]\d")
SLACK = 3  # calls the OCR lost entirely
RESYNC = 25  # a clean call after a run of unreadable ones
UNKNOWN_MAX = 300


@dataclass
class NoteSequence:
    """The note numbers seen so far in one chapter; calls are numbered from it.

    `last` is the last call number taken (0 at the start of a chapter). None means the
    position in the chapter is unknown: then only unambiguous calls are taken, and the
    first one fixes the position.
    """

    last: int | None = 0
    chapter: str = ""  # label prefix, e.g. "4" makes labels "4.12"; "" makes "12"

    def label(self, number: int | None) -> str:
        if number is None:
            return f"{self.chapter}.?" if self.chapter else "?"
        return f"{self.chapter}.{number}" if self.chapter else str(number)

    def accepts(self, number: int, *, strong: bool, garbled: bool) -> bool:
        if self.last is None:
            return strong and not garbled and 0 < number <= UNKNOWN_MAX
        if strong:
            return self.last < number <= self.last + (1 if garbled else RESYNC)
        return not garbled and number == self.last + 1  # `, I argue` is the pronoun

    def take(self, number: int | None) -> None:
        if number is not None:
            self.last = number


def changes(text: str, seq: NoteSequence, found: list[tuple[int | None, str]]) -> list[Change]:
    """Replace every call the sequence accepts by MARK; append (number, printed) to `found`."""
    result = []
    for m in CALL.finditer(text):
        taken = _read(text, m, seq)
        if taken is None:
            continue
        number, replacement = taken
        seq.take(number)
        found.append((number, m.group().strip()))
        start = _detached_quote(text, m.start())
        replacement = (
            text[start + 1 : m.start()] + replacement if start < m.start() else replacement
        )
        result.append(Change(start, m.end(), replacement, STAGE, "call", 0.9))
    return result


def _detached_quote(text: str, start: int) -> int:
    """`harvest. '68`: the quote before a call closes the quotation; return where its gap starts."""
    run = start
    while run > 0 and text[run - 1] in ".,;:!?'\")]":
        run -= 1
    if text[run : run + 1] == "'" and run >= 2 and text[run - 1] == " " and text[run - 2] != " ":
        return run - 1
    return start


def _read(text: str, m: re.Match, seq: NoteSequence):
    if m.group("lost"):
        number = None if seq.last is None else seq.last + 1
        follows_capital = text[m.end() + 1 : m.end() + 2].isupper()
        return number, ("." if follows_capital else "") + MARK
    if m.group("glued"):
        number = int(m.group("glued"))
        if seq.last is None or not seq.last < number <= seq.last + 2:
            return None
        return number, MARK
    printed = m.group("num").replace(" ", "")
    if printed.startswith("0"):
        return None
    if text[m.start() - 2 : m.start() - 1].isdigit() and _lowercase_follows(text, m.end()):
        return None  # `70.29 per cent` is a decimal
    garbled = not printed.isdigit()
    number = int(printed.translate(DIGIT_LOOKALIKES))
    strong = _strong(text, m)
    if not seq.accepts(number, strong=strong, garbled=garbled):
        return None
    return number, MARK


def _lowercase_follows(text: str, pos: int) -> bool:
    return text[pos : pos + 1] == " " and text[pos + 1 : pos + 2].islower()


def _strong(text: str, m: re.Match) -> bool:
    """Is the syntax that of a call: after sentence punctuation, before a new sentence?"""
    punct_at = m.start() - 1
    punct = text[punct_at]
    before = text[:punct_at]
    if ABBREVIATION.search(before + punct):
        return False
    if before[-1:].isdigit() and not YEAR.fullmatch(before[-4:]):
        return False
    after = text[m.end() : m.end() + 2]
    ends = not after.strip() or after[:1] in ")]" or after[1:2].isupper() or after[1:2] in "'\"(["
    if punct == ",":
        return not m.group("space") and before[-1:].isalpha()
    return punct in ".?!'\")]" and ends


def _removal(text: str, i: int) -> Change:
    """Delete the MARK at `i`, with the character before it so the edit shows in context."""
    if i == 0 or text[i - 1] == MARK:
        return Change(i, i + 1, "", STAGE, "call", 0.9)
    return Change(i - 1, i + 1, text[i - 1], STAGE, "call", 0.9)


def extract(draft: Draft, found: list[tuple[int | None, str]], seq: NoteSequence) -> list[NoteCall]:
    """Remove the MARKs from the draft; return the calls at their offsets in the final text."""
    positions = [i for i, ch in enumerate(draft.text) if ch == MARK]
    removals = [_removal(draft.text, i) for i in positions]
    draft.apply(removals)
    calls = []
    for shift, (i, (number, printed)) in enumerate(zip(positions, found, strict=True)):
        calls.append(NoteCall(i - shift, number, seq.label(number), printed))
    return calls

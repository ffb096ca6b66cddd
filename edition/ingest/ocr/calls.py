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
# What each character the OCR prints in a call's place may stand for.
READINGS = {
    **{d: d for d in "0123456789"},
    **dict.fromkeys("Il!", "1"),
    **dict.fromkeys("Ss", "5"),
    **dict.fromkeys("OoD\u00b0", "0"),
    **dict.fromkeys("BH", "8"),
    "J": "31",
    "b": "6",
    "\ufffd": "0123456789",
}
CALL = re.compile(
    r"(?<=[.,;:?!'\")\]])(?P<space> ?)"
    r"(?P<num>[0-9IlSJH\ufffd](?: ?[0-9IlSOos\u00b0JBD!\ufffd]|[bH]){0,2})(?=\s|$|[)\]])"
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


@dataclass(frozen=True)
class Slot:
    """A printed call candidate: `num` spans text[start:end], after `space` (" " or "")."""

    start: int
    end: int
    num: str
    space: str


def changes(text: str, seq: NoteSequence, found: list[tuple[int | None, str]]) -> list[Change]:
    """Replace every call the sequence accepts by MARK; append (number, printed) to `found`."""
    result = []
    for m in CALL.finditer(text):
        taken = _read(text, m, seq)
        if taken is None:
            continue
        number, replacement, end = taken
        seq.take(number)
        found.append((number, text[m.start() : end].strip()))
        start = _detached_punctuation(text, m.start())
        replacement = (
            text[start + 1 : m.start()] + replacement if start < m.start() else replacement
        )
        result.append(Change(start, end, replacement, STAGE, "call", 0.9))
    return result


def _detached_punctuation(text: str, start: int) -> int:
    """`harvest. '68`, `in 1935 . 2`: punctuation before a call belongs to the word before it.

    Return where the gap between that word and its punctuation starts (or `start`).
    """
    run = start
    while run > 0 and text[run - 1] in ".,;:!?'\")]":
        run -= 1
    detached = run >= 2 and text[run - 1] == " " and text[run - 2] not in " " + MARK
    if detached and (text[run] == "'" or text[run - 2].isdigit()):
        return run - 1
    return start


def _slots(m: re.Match):
    """The printed number and each shorter reading that ends before a space, longest first.

    `term.4 I t` is call 4 before the split word `It`, not call 41.
    """
    num, at = m.group("num"), m.start("num")
    for k in range(len(num), 0, -1):
        if k == len(num) or num[k] == " ":
            yield Slot(m.start(), at + k, num[:k].rstrip(), m.group("space"))


def _read(text: str, m: re.Match, seq: NoteSequence):
    if m.group("lost"):
        number = None if seq.last is None else seq.last + 1
        follows_capital = text[m.end() + 1 : m.end() + 2].isupper()
        return number, ("." if follows_capital else "") + MARK, m.end()
    if m.group("glued"):
        number = int(m.group("glued"))
        if seq.last is None or not seq.last < number <= seq.last + 2:
            return None
        return number, MARK, m.end()
    for slot in _slots(m):
        number = _number(text, slot, seq)
        if number is not None:
            return number, MARK, slot.end
    return None


def _number(text: str, slot: Slot, seq: NoteSequence) -> int | None:
    printed = slot.num.replace(" ", "")
    if printed.startswith("0"):
        return None
    if text[slot.start - 2 : slot.start - 1].isdigit() and _lowercase_follows(text, slot.end):
        return None  # `70.29 per cent` is a decimal
    strong = _strong(text, slot)
    if printed.isdigit():
        number = int(printed)
        return number if seq.accepts(number, strong=strong, garbled=False) else None
    expected = None if seq.last is None else seq.last + 1
    if expected is None or not _could_read(printed, str(expected)):
        return None
    return expected if seq.accepts(expected, strong=strong, garbled=True) else None


def _could_read(printed: str, number: str) -> bool:
    """Could the garbled `printed` (`lo2`, `6J`, `H3`) be the digits of `number`?"""
    return len(printed) == len(number) and all(
        digit in READINGS.get(ch, "") for ch, digit in zip(printed, number, strict=True)
    )


def _lowercase_follows(text: str, pos: int) -> bool:
    return text[pos : pos + 1] == " " and text[pos + 1 : pos + 2].islower()


def _strong(text: str, slot: Slot) -> bool:
    """Is the syntax that of a call: after sentence punctuation, before a new sentence?"""
    punct_at = slot.start - 1
    punct = text[punct_at]
    before = text[:punct_at]
    if ABBREVIATION.search(before + punct):
        return False
    if before[-1:].isdigit() and not YEAR.fullmatch(before[-4:]):
        return False
    after = text[slot.end : slot.end + 2]
    ends = not after.strip() or after[:1] in ")]" or after[1:2].isupper() or after[1:2] in "'\"(["
    if punct == ",":
        return not slot.space and before[-1:].isalpha()
    if punct in ":;":  # a list may follow a colon; only the end of a paragraph is certain
        return not after.strip()
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

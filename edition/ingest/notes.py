"""Notes in texts of unknown shape: footnotes at page feet, endnote entries, and their calls.

A call is taken only where a note with its number exists in the same scope, and calls are
taken in increasing order, so a stray digit in a text without notes never becomes a call.
Pure Python, no Django.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from edition.ingest.layout import is_blank

SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
_FROM_SUPER = str.maketrans(SUPERSCRIPTS, "0123456789")
# A note opens with its number: `12.`, `12)`, `12`, `¹²` or `[12]` (`[12]` also in
# `Footnote 12:` form), then text that does not start in lowercase.
NOTE_LINE = re.compile(
    rf"^\s*(?:(?P<digits>\d{{1,3}})[.)]?|(?P<super>[{SUPERSCRIPTS}]{{1,3}})"
    r"|\[(?P<word>[Ff]ootnote\s+)?(?P<bracket>\d{1,3})(?(word):|\]))\s+(?P<text>[^\sa-z].*)$"
)
RULE = re.compile(r"^\s*[_\-—–=]{3,}\s*$")
CALL = re.compile(
    rf"(?P<super>[{SUPERSCRIPTS}]{{1,3}})|\[(?P<bracket>\d{{1,3}})\]"
    r"|(?<=[A-Za-z.,;:)”\"’'])(?P<digits>\d{1,3})(?=[\s,.;:)]|$)"
)
FOOT_SHARE = 0.6  # footnotes start in the lower part of a page ...
FOOT_MAX_SHARE = 0.5  # ... and take at most half of its lines


@dataclass
class NoteEntry:
    number: int
    lines: list[int]  # line indexes
    text: str


def note_number(line: str) -> int | None:
    match = NOTE_LINE.match(line)
    if not match:
        return None
    return _value(match)


def note_body(line: str) -> str:
    """The note's text without its number (and the bracket closing a `[Footnote n: ...]`)."""
    match = NOTE_LINE.match(line)
    text = match["text"]
    return text[:-1].rstrip() if match["word"] and text.endswith("]") else text


def _value(match: re.Match) -> int:
    return int((match["super"] or match["bracket"] or match["digits"]).translate(_FROM_SUPER))


def call_numbers(text: str) -> list[int]:
    return [_value(m) for m in CALL.finditer(text)]


def page_footnotes(lines: list[str], indexes: list[int]) -> list[NoteEntry]:
    """The footnotes at the foot of one page (`indexes` are its text lines, in order).

    The foot is a run of lines opening with note numbers that count up, to the page's end,
    whose numbers are exactly the calls in the page's text above it; a rule line may
    separate it.
    """
    for k, index in enumerate(indexes):
        number = note_number(lines[index])
        if (
            number is None
            or k < FOOT_SHARE * len(indexes) - 1
            and not _after_rule(lines, indexes, k)
        ):
            continue
        if len(indexes) - k > FOOT_MAX_SHARE * len(indexes):
            continue
        entries = _entries(lines, indexes[k:], first=number)
        body = " ".join(lines[i] for i in indexes[:k])
        called = set(call_numbers(body))
        if entries and called == {e.number for e in entries}:
            return entries
    return []


def _after_rule(lines: list[str], indexes: list[int], k: int) -> bool:
    return k > 0 and bool(RULE.match(lines[indexes[k - 1]]))


def _entries(lines: list[str], indexes: list[int], *, first: int) -> list[NoteEntry]:
    """Consecutive numbered entries from `first`; continuation lines join the entry above."""
    entries: list[NoteEntry] = []
    for index in indexes:
        number = note_number(lines[index])
        expected = entries[-1].number + 1 if entries else first
        if number == expected:
            entries.append(NoteEntry(number, [index], note_body(lines[index])))
        elif entries:
            entries[-1].lines.append(index)
            entries[-1].text += " " + lines[index].strip()
        else:
            return []
    return entries


def numbered_entries(lines: list[str], indexes: list[int]) -> list[NoteEntry]:
    """The entries of a block that is nothing but notes numbered in sequence."""
    first = note_number(lines[indexes[0]]) if indexes else None
    return _entries(lines, indexes, first=first) if first is not None else []


def endnote_entries(lines: list[str], indexes: list[int]) -> list[list[NoteEntry]]:
    """Numbered entries of an endnotes section, in groups that restart at 1."""
    groups: list[list[NoteEntry]] = []
    for index in indexes:
        line = lines[index]
        if is_blank(line):
            continue
        number = note_number(line)
        current = groups[-1] if groups else []
        if number == 1 and (not current or current[-1].number >= 1):
            groups.append([NoteEntry(1, [index], note_body(line))])
        elif current and number == current[-1].number + 1:
            current.append(NoteEntry(number, [index], note_body(line)))
        elif current:
            current[-1].lines.append(index)
            current[-1].text += " " + line.strip()
    return groups


def take_calls(text: str, numbers: set[int], start: int) -> tuple[str, list[tuple[int, int, str]]]:
    """Remove the calls to `numbers` from `text`, each the next of `numbers` after `start`.

    Returns the text without them and (offset, number, printed) for each call taken.
    """
    out, taken, last, pos = [], [], start, 0
    for match in CALL.finditer(text):
        printed, number = match[0], _value(match)
        if number != min((n for n in numbers if n > last), default=None):
            continue
        out.append(text[pos : match.start()])
        pos = match.end()
        offset = sum(len(part) for part in out)
        taken.append((offset, number, printed))
        last = number
    out.append(text[pos:])
    return "".join(out), taken

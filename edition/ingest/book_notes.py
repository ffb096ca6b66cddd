"""The endnotes section of an OCR'd book (seed 002): chapter groups and numbered entries.

The section has no heading and is incomplete: it starts inside chapter 3's notes, some
chapter labels are lost, and one stretch holds partial page captures. Entries are found by
their number *and* the sequence (`1 940.` closing a note is a year, not note 1940); groups
restart at `Chapter N` labels or when the numbering jumps back.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from edition.ingest.book_lines import alnum_count, is_blank, is_closed, is_orphan, is_page_start
from edition.ingest.document import TRUNCATED

ENTRY = re.compile(r"^\s*(?P<number>[0-9IlS][0-9IlS ]{0,5}?)\s*\.\s")
LABEL = re.compile(r"^\s*Chapter\s+(?P<number>[\d ]+?)\s*$")
SKIPPED_NOTES = 20  # a partial page capture may skip this many numbers
_DIGITS = str.maketrans("IlS", "115")


@dataclass
class NoteDraft:
    number: int
    lines: list[int]
    flags: list[str] = field(default_factory=list)


@dataclass
class NoteGroup:
    chapter: str  # "" until inferred
    first_line: int
    notes: list[NoteDraft] = field(default_factory=list)

    @property
    def expected(self) -> int:
        return self.notes[-1].number + 1 if self.notes else 1


@dataclass
class NotesSection:
    groups: list[NoteGroup] = field(default_factory=list)
    dropped: list[tuple[int, int]] = field(default_factory=list)  # orphan fragments
    specks: int = 0
    warnings: list[str] = field(default_factory=list)


def entry_number(line: str) -> int | None:
    match = ENTRY.match(line)
    return int(match["number"].translate(_DIGITS).replace(" ", "")) if match else None


def strip_number(line: str) -> str:
    """The entry's first line without its number, keeping a page-start space."""
    rest = line[ENTRY.match(line).end() :]
    return (" " if is_page_start(line) else "") + rest


def find_notes_start(source: list[str], start: int, end: int) -> int | None:
    """The first page-start line that opens a run of increasing note entries."""
    for no in range(start, end + 1):
        first = entry_number(source[no - 1])
        if first is None or not is_page_start(source[no - 1]):
            continue
        later = [entry_number(source[n - 1]) for n in range(no + 1, min(no + 12, end + 1))]
        if sum(n is not None and first < n <= first + 6 for n in later) >= 3:
            return no
    return None


def is_notes_speck(line: str) -> bool:
    stripped = line.strip()
    tiny = alnum_count(stripped) <= 3 and not re.search(r"[a-z]{2}|\d\s*[.)]$", stripped)
    return is_orphan(line) or tiny


def parse_notes(source: list[str], start: int, end: int) -> NotesSection:
    """Group the entries of lines `start`..`end` by chapter; report what was dropped."""
    reader = _Reader(source)
    for no in range(start, end + 1):
        reader.read(no)
    assign_chapters(reader.section)
    report_gaps(reader.section)
    return reader.section


class _Reader:
    def __init__(self, source: list[str]):
        self.source = source
        self.section = NotesSection()
        self.prev = ""
        self.dropping = False

    def read(self, no: int) -> None:
        line = self.source[no - 1]
        if is_blank(line):
            return
        if is_notes_speck(line):
            self.section.specks += 1
            return
        self.dropping = self.place(no, line)
        self.prev = line

    def place(self, no: int, line: str) -> bool:
        """Add one line to the section; return whether an orphan fragment is being dropped."""
        label = LABEL.match(line)
        if label:
            self.section.groups.append(NoteGroup(label["number"].replace(" ", ""), no))
            return False
        number = entry_number(line)
        if number is not None and self.opens(number, line):
            self.section.groups[-1].notes[-1].lines.append(no)
            return False
        if self.dropping or self.is_orphan_fragment(line):
            self.drop(no)
            return True
        group = self.section.groups[-1] if self.section.groups else None
        if group and group.notes:
            group.notes[-1].lines.append(no)
        return False

    def is_orphan_fragment(self, line: str) -> bool:
        """A page capture that starts inside a note whose number is lost."""
        return line.lstrip()[:1].islower() and is_closed(self.prev) and is_page_start(line)

    def opens(self, number: int, line: str) -> bool:
        """Start note `number` if it fits the sequence, or a new group if numbering jumps back."""
        groups = self.section.groups
        if not groups or (not groups[-1].notes and groups[-1].chapter == ""):
            groups[-1:] = [NoteGroup("", 0)]
        elif number == groups[-1].expected or (not groups[-1].notes and number == 1):
            pass
        elif self.skips_to(number, line):
            return True
        elif number < groups[-1].expected - 1 and is_closed(self.prev):
            groups.append(NoteGroup("", 0))
        else:
            return False
        groups[-1].notes.append(NoteDraft(number, []))
        return True

    def skips_to(self, number: int, line: str) -> bool:
        """A partial page capture: a later note, kept whole but flagged truncated."""
        group = self.section.groups[-1]
        if not group.expected < number <= group.expected + SKIPPED_NOTES:
            return False
        if not (is_page_start(line) or is_closed(self.prev)):
            return False
        if group.notes and not is_closed(self.prev):
            group.notes[-1].flags.append(TRUNCATED)
        group.notes.append(NoteDraft(number, [], [TRUNCATED]))
        return True

    def drop(self, no: int) -> None:
        dropped = self.section.dropped
        if self.dropping and dropped:
            dropped[-1] = (dropped[-1][0], no)
        else:
            dropped.append((no, no))


def assign_chapters(section: NotesSection) -> None:
    """An unlabelled group holds the last notes of the chapter before the next labelled one."""
    for i, group in enumerate(section.groups):
        if group.chapter:
            continue
        later = next((g.chapter for g in section.groups[i + 1 :] if g.chapter), "")
        if later.isdigit():
            group.chapter = str(int(later) - 1)
        else:
            section.warnings.append(
                f"notes: chapter of the group at note {group.notes[0].number} unknown"
            )


def report_gaps(section: NotesSection) -> None:
    for group in section.groups:
        numbers = [note.number for note in group.notes]
        missing = sorted(set(range(numbers[0], numbers[-1] + 1)) - set(numbers)) if numbers else []
        if missing:
            section.warnings.append(
                f"notes: ch. {group.chapter}: notes {compact(missing)} not in source"
            )
    for first, last in section.dropped:
        section.warnings.append(
            f"notes: lines {first}-{last} dropped: fragment of a note whose number is lost"
        )


def compact(numbers: list[int]) -> str:
    """`[101, 103, 105, 106, 107]` -> `"101, 103, 105-107"`."""
    runs: list[list[int]] = []
    for n in numbers:
        if runs and n == runs[-1][-1] + 1:
            runs[-1].append(n)
        else:
            runs.append([n])
    return ", ".join(str(r[0]) if len(r) == 1 else f"{r[0]}-{r[-1]}" for r in runs)

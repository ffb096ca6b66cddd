"""A thesis's table of contents, and the body headings it points to.

The TOC is the heading oracle: body headings are bare lines, so a line is a heading when it
matches a TOC title (numbers stripped). The TOC also supplies the section numbers ("2.3")
and printed pages the body lacks. An entry with no exact match is paired with the one
heading-like line between its neighbours' headings, and the mismatch is reported.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher

from edition.ingest.inline import SUPERSCRIPT_DIGITS

TOC_LABEL = re.compile(r"^\s*(table of )?contents\s*$", re.IGNORECASE)
TOC_ENTRY = re.compile(r"^(?P<text>\S.*?)(\t+| {2,}|\s*\.{3,}\s*)(?P<page>\d+|[ivxlcdm]+)\s*$")
NUMBERED = re.compile(r"^(?P<number>\d+(\.\d+)*)\.?\s+(?P<title>\S.*)$")
CLOSED_END = re.compile(f"[.?!:;,][\"”’')\\]]*[{SUPERSCRIPT_DIGITS}]*\\s*$")
_DASHES = str.maketrans({"–": "-", "—": "-", "’": "'", "‘": "'", "“": '"', "”": '"'})
MIN_FUZZY_RATIO = 0.6


@dataclass
class TocEntry:
    title: str  # as printed in the TOC, without its number
    number: str  # "2.2", or "" for unnumbered entries
    page: str  # printed page, "38" or "iv"
    line: int  # 1-based line of the entry in the TOC

    @property
    def level(self) -> int:
        return self.number.count(".") + 1 if self.number else 1


@dataclass
class Heading:
    """A TOC entry and the body line it was matched to."""

    entry: TocEntry
    line: int
    text: str  # the body's heading, as printed
    exact: bool


@dataclass
class Toc:
    lines: tuple[int, int]  # the label line through the last entry
    entries: list[TocEntry]


def read_toc(lines: list[str]) -> Toc | None:
    """Find the `Table of Contents` label and the entries `Title<TAB>page` under it."""
    label = next((i for i, line in enumerate(lines) if TOC_LABEL.match(line)), None)
    if label is None:
        return None
    entries, last = [], label
    for index in range(label + 1, len(lines)):
        match = TOC_ENTRY.match(lines[index])
        if match:
            entries.append(_entry(match, index + 1))
            last = index
        elif lines[index].strip() and entries:
            break
    return Toc(lines=(label + 1, last + 1), entries=entries) if entries else None


def _entry(match: re.Match, line: int) -> TocEntry:
    text = match["text"].strip()
    numbered = NUMBERED.match(text)
    if numbered:
        return TocEntry(numbered["title"], numbered["number"], match["page"], line)
    return TocEntry(text, "", match["page"], line)


def match_headings(lines: list[str], toc: Toc) -> tuple[list[Heading], list[str]]:
    """Pair TOC entries with body lines, in order; return the pairs and warnings."""
    found: dict[int, Heading] = {}
    cursor = 0
    for position, entry in enumerate(toc.entries):
        line = _find_exact(lines, entry.title, cursor, (toc.lines[0] + 1, toc.lines[1]))
        if line is not None:
            found[position] = Heading(entry, line, lines[line - 1].strip(), exact=True)
            cursor = line
    warnings = []
    for position, entry in enumerate(toc.entries):
        if position not in found:
            heading, warning = _find_fuzzy(lines, position, entry, found)
            warnings.append(warning)
            if heading:
                found[position] = heading
    return [found[position] for position in sorted(found)], warnings


def _key(text: str) -> str:
    return " ".join(text.translate(_DASHES).split()).casefold()


def _find_exact(lines: list[str], title: str, cursor: int, skip: tuple[int, int]) -> int | None:
    wanted = _key(title)
    for index in range(cursor, len(lines)):
        if not skip[0] <= index + 1 <= skip[1] and _key(lines[index]) == wanted:
            return index + 1
    return None


def _find_fuzzy(
    lines: list[str], position: int, entry: TocEntry, found: dict[int, Heading]
) -> tuple[Heading | None, str]:
    before = [h.line for p, h in found.items() if p < position]
    after = [h.line for p, h in found.items() if p > position]
    low, high = max(before, default=0) + 1, min(after, default=len(lines) + 1) - 1
    candidates = [n for n in range(low, high + 1) if _heading_like(lines, n)]
    printed = f"{entry.number} {entry.title}".strip()
    if not candidates:
        return None, f"TOC entry {printed!r} (line {entry.line}) has no heading in the body."
    scored = [(_ratio(entry.title, lines[n - 1]), n) for n in candidates]
    ratio, line = max(scored)
    if len(candidates) > 1 and ratio < MIN_FUZZY_RATIO:
        return None, (
            f"TOC entry {printed!r} (line {entry.line}) has no heading in the body; "
            f"{len(candidates)} heading-like lines between lines {low} and {high}."
        )
    body = lines[line - 1].strip()
    warning = (
        f"TOC/body heading mismatch: TOC {printed!r} (line {entry.line}) vs body {body!r} "
        f"(line {line}); the body's text is used with the TOC's number."
    )
    return Heading(entry, line, body, exact=False), warning


def _ratio(a: str, b: str) -> float:
    return round(SequenceMatcher(None, _key(a), _key(b)).ratio(), 2)


def _heading_like(lines: list[str], number: int) -> bool:
    """A short, unpunctuated, call-free line standing alone after a closed paragraph."""
    text = lines[number - 1].strip()
    if not text or len(text) > 120 or not text[0].isupper() or CLOSED_END.search(text):
        return False
    if any(char in SUPERSCRIPT_DIGITS for char in text):
        return False
    neighbours = (_line(lines, number - 1), _line(lines, number + 1))
    if any(neighbour.strip() for neighbour in neighbours):
        return False
    previous = _previous_text(lines, number)
    return previous is None or bool(CLOSED_END.search(previous))


def _line(lines: list[str], number: int) -> str:
    return lines[number - 1] if 1 <= number <= len(lines) else ""


def _previous_text(lines: list[str], number: int) -> str | None:
    """The last non-blank line before `number` that is not a footnote."""
    for index in range(number - 2, -1, -1):
        text = lines[index].strip()
        if text and text[0] not in SUPERSCRIPT_DIGITS:
            return text
    return None

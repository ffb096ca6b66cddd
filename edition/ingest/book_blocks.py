"""Blocks of an OCR'd book's body (seed 002): paragraphs, section headings, tables, quotations.

Works on source line numbers only; the text itself is corrected later. Blank lines are
unreliable in this OCR in both directions, so paragraph breaks are decided from the lines
around them: an open line followed by a continuation is joined across blanks, page breaks
and running heads; a short closed line followed by a capital starts a new paragraph even
without a blank.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from dataclasses import dataclass, field

from edition.ingest.book_lines import (
    TABLE_CAPTION,
    alnum_count,
    is_blank,
    is_closed,
    starts_capital,
    starts_lower,
)
from edition.ingest.document import (
    BLOCKQUOTE,
    BLOCKQUOTE_GUESS,
    CONTINUES_ACROSS_PAGE,
    HEADING,
    NEEDS_RECONSTRUCTION,
    PARAGRAPH,
    TABLE,
)

HEADING_MAX = 80  # longest section heading: 76 characters
SHORT_LAST_LINE = 52  # a closed line this short ends its paragraph
LONG_LINE = 50  # an open line this long cannot end a paragraph
FULL_LINE = 60  # a line filling the print measure: prose, not a table row
ROWS_AHEAD = 8  # prose followed this closely by numeric rows is a note inside the table
_STOPWORDS = frozenset(
    ["a", "an", "and", "the", "of", "to", "in", "with", "for", "by", "or", "from", "on", "at"]
)
_LIST_ITEM = re.compile(r"^\s*[0-9IlS]\s*\.\s")
_WORD = re.compile(r"[a-z]{2,}")


@dataclass
class Draft:
    """A block before correction: its kind and the source lines holding its text."""

    kind: str
    lines: list[int]
    level: int = 0
    flags: list[str] = field(default_factory=list)


@dataclass
class Region:
    """The body lines of one division and what the layout pass knows about them."""

    source: list[str]  # every source line; line n is source[n - 1]
    start: int
    end: int
    furniture: set[int]  # running heads and specks: dropped from the text
    page_starts: set[int]
    counts: Counter = field(default_factory=Counter)

    def line(self, no: int) -> str:
        return self.source[no - 1]

    def text_lines(self) -> list[int]:
        span = range(self.start, self.end + 1)
        return [n for n in span if not is_blank(self.line(n)) and n not in self.furniture]


def split_blocks(region: Region) -> list[Draft]:
    """Paragraphs, level-2 headings, tables and block quotations of `region`, in order."""
    text = region.text_lines()
    tables = find_tables(region, text)
    in_table = {n for table in tables for n in table.lines}
    flow = [n for n in text if n not in in_table]
    drafts = flow_blocks(region, flow)
    mark_blockquotes(region, drafts)
    return place_tables(drafts, tables)


def find_tables(region: Region, text: list[int]) -> list[Draft]:
    tables = []
    for i, no in enumerate(text):
        if TABLE_CAPTION.match(region.line(no)) and not any(no in t.lines for t in tables):
            end = table_end(region, text, i)
            lines = [n for n in range(no, end) if not is_blank(region.line(n))]
            lines = [n for n in lines if n not in region.furniture or region.line(n).strip()]
            tables.append(Draft(TABLE, lines, flags=[NEEDS_RECONSTRUCTION]))
    return tables


def table_end(region: Region, text: list[int], caption: int) -> int:
    """The source line where prose resumes after the table whose caption is text[caption]."""
    for i in range(caption + 1, len(text) - 1):
        first, second = region.line(text[i]), region.line(text[i + 1])
        if len(first.strip()) >= FULL_LINE and is_prose(first) and is_prose(second):
            ahead = text[i + 2 : i + 2 + ROWS_AHEAD]
            if any(is_numeric_row(region.line(n)) for n in ahead):
                continue  # a note on the table's columns, not the text resuming
            while i - 1 > caption and text[i - 1] == text[i] - 1:
                if text[i] in region.page_starts or not is_wordy(region.line(text[i - 1])):
                    break
                i -= 1
            return text[i]
    return text[-1] + 1


def is_prose(line: str) -> bool:
    stripped = line.strip()
    words = sum(len(w) for w in _WORD.findall(stripped))
    return len(stripped) >= 45 and words >= 0.4 * len(stripped) and is_wordy(stripped)


def is_numeric_row(line: str) -> bool:
    stripped = line.strip()
    letters = sum(c.isalpha() for c in stripped)
    return len(re.findall(r"\d+", stripped)) >= 3 and letters < 0.4 * len(stripped)


def is_wordy(line: str) -> bool:
    return len(_WORD.findall(line)) >= 5


def flow_blocks(region: Region, flow: list[int]) -> list[Draft]:
    drafts: list[Draft] = []
    for i, no in enumerate(flow):
        prev = flow[i - 1] if i else None
        after = flow[i + 1] if i + 1 < len(flow) else None
        if is_section_heading(region, prev, no, after):
            drafts.append(Draft(HEADING, [no], level=2))
        elif prev is None or drafts[-1].kind == HEADING or breaks(region, prev, no):
            drafts.append(Draft(PARAGRAPH, [no]))
        else:
            drafts[-1].lines.append(no)
    for draft in drafts:
        if any(n in region.page_starts for n in draft.lines[1:]):
            draft.flags.append(CONTINUES_ACROSS_PAGE)
    return drafts


def is_section_heading(region: Region, prev: int | None, no: int, after: int | None) -> bool:
    """A short, capitalised, unpunctuated line between a closed sentence and a blank line."""
    line = region.line(no).strip()
    words = line.lower().split()
    if after is None or len(line) >= HEADING_MAX or alnum_count(line) < 4:
        return False
    if not starts_capital(line) or is_closed(line) or line[-1] in ",;-" or words[-1] in _STOPWORDS:
        return False
    if _LIST_ITEM.match(line) or TABLE_CAPTION.match(line):
        return False
    gap_after = after - no > 1 and all(is_blank(region.line(n)) for n in range(no + 1, after))
    follows_sentence = prev is None or is_closed(region.line(prev))
    return gap_after and follows_sentence and starts_capital(region.line(after))


def breaks(region: Region, prev: int, no: int) -> bool:
    """Whether a new paragraph starts at line `no`, given the text line `prev` before it."""
    before, line = region.line(prev).rstrip(), region.line(no)
    gap = range(prev + 1, no)
    blanks = sum(is_blank(region.line(n)) for n in gap)
    if gap:
        joined = not is_closed(before) and (starts_lower(line) or continues(before))
        if joined:
            region.counts["spurious_blank_lines_joined"] += blanks
        return not joined
    if is_closed(before) and len(before.strip()) < SHORT_LAST_LINE and starts_capital(line):
        region.counts["missing_breaks_recovered"] += 1
        return True
    return False


def continues(line: str) -> bool:
    """A long open line (`…Vladimir Andrle, John`) runs on whatever the next line starts with."""
    return len(line.strip()) >= LONG_LINE and line.rstrip()[-1] not in ":;"


def mark_blockquotes(region: Region, drafts: list[Draft]) -> None:
    """A paragraph after one ending in `:` (or `;`, its OCR misreading) is most likely a
    quotation."""
    for before, draft in itertools.pairwise(drafts):
        last = region.line(before.lines[-1]).rstrip()
        lead_in = before.kind == PARAGRAPH and last.endswith((":", ";"))
        if lead_in and draft.kind == PARAGRAPH:
            draft.kind = BLOCKQUOTE
            draft.flags.append(BLOCKQUOTE_GUESS)


def place_tables(drafts: list[Draft], tables: list[Draft]) -> list[Draft]:
    """Put each table after the block holding the text just before it (tables float)."""
    ordered = list(drafts)
    for table in tables:
        first = table.lines[0]
        holders = [i for i, d in enumerate(ordered) if d.kind != TABLE and d.lines[0] < first]
        ordered.insert(holders[-1] + 1 if holders else 0, table)
    return ordered

"""Chapter-level headings of an OCR'd book (seed 002), including a chapter whose title is lost.

A chapter heading is `<n> <ornament>* <Title>`; the title may continue on one or two lines
that start in lowercase. Front and back matter headings carry the ornament without a number.
When the numbering skips a chapter, its start is looked for where a chapter opening would be:
a page that starts a new paragraph right after an unusually short page.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

from edition.ingest.book_lines import (
    chapter_heading_parts,
    is_blank,
    is_closed,
    is_page_start,
    starts_capital,
    starts_lower,
)

TITLE_CONTINUATION_MAX = 60  # a wrapped title line is shorter than body lines
SHORT_PAGE = 34  # a chapter's last page holds fewer lines than this
_ROLES = (
    ("preface", "preface"),
    ("introduction", "introduction"),
    ("terms", "glossary"),
    ("glossary", "glossary"),
    ("index", "index"),
)


@dataclass
class Heading:
    line: int  # the heading line, or the first line of a chapter whose title is lost
    number: str
    lines: list[int]  # source lines holding the title text ([] when lost)
    role: str
    end: int  # last source line of the heading; the line before `line` when the title is lost


def find_headings(source: list[str], running_heads: set[int]) -> list[Heading]:
    headings = []
    for no, line in enumerate(source, 1):
        parts = None if no in running_heads else chapter_heading_parts(line)
        if parts:
            lines = [no, *title_continuation(source, no)]
            headings.append(Heading(no, parts[0], lines, role_of(parts), lines[-1]))
    return fill_missing_chapters(source, headings)


def title_continuation(source: list[str], no: int) -> list[int]:
    """Up to two following lines that continue the title (lowercase or digit start)."""
    lines = []
    for n in range(no + 1, min(no + 6, len(source)) + 1):
        line = source[n - 1]
        if is_blank(line):
            continue
        if len(lines) == 2 or not starts_lower(line) or len(line.strip()) > TITLE_CONTINUATION_MAX:
            break
        lines.append(n)
    return lines


def role_of(parts: tuple[str, str]) -> str:
    number, title = parts
    if number:
        return "chapter"
    lowered = title.lower()
    return next((role for word, role in _ROLES if word in lowered), "body")


def fill_missing_chapters(source: list[str], headings: list[Heading]) -> list[Heading]:
    """Insert a title-less heading for each chapter number the sequence skips."""
    filled = []
    for heading in headings:
        previous = filled[-1] if filled else None
        if previous and previous.number.isdigit() and heading.number.isdigit():
            for number in range(int(previous.number) + 1, int(heading.number)):
                start = chapter_opening(source, previous.end + 1, heading.line - 1)
                if start:
                    filled.append(Heading(start, str(number), [], "chapter", start - 1))
        filled.append(heading)
    return filled


def chapter_opening(source: list[str], start: int, end: int) -> int | None:
    """The page start after the shortest page that ends a paragraph where a new one begins."""
    starts = [n for n in range(start, end + 1) if is_page_start(source[n - 1])]
    best, best_length = None, SHORT_PAGE
    for before, no in itertools.pairwise(starts):
        length = sum(not is_blank(source[n - 1]) for n in range(before, no))
        if length < best_length and opens_paragraph(source, no):
            best, best_length = no, length
    return best


def opens_paragraph(source: list[str], no: int) -> bool:
    prev = next(source[n - 1] for n in range(no - 1, 0, -1) if not is_blank(source[n - 1]))
    return is_closed(prev) and starts_capital(source[no - 1])

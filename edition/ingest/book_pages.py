"""Printed pages of an OCR'd book (seed 002): where they start, their numbers, their damage.

A page starts at a line with exactly one leading space, at the first text line after a
running head, and at a chapter heading. Printed numbers may survive only in a few running
heads, so pages are numbered by counting page starts from the nearest anchor inside a run
of pages that no unprinted leaf interrupts (part-title leaves break the count; where they
are is an editorial setting of the text, see `manifest.Editorial`).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field

from edition.ingest.book_lines import is_blank, is_orphan, is_page_start, running_head_page

# Tokens of one or two letters that are real words; any other short token is a split word.
_SHORT_WORDS = frozenset(
    [
        "a",
        "i",
        "of",
        "to",
        "in",
        "on",
        "at",
        "by",
        "as",
        "an",
        "is",
        "it",
        "or",
        "be",
        "we",
        "he",
        "no",
        "so",
        "do",
        "up",
        "us",
        "my",
        "me",
        "if",
        "pp",
        "p",
        "s",
        "t",
    ]
)
DAMAGE_REPLACEMENTS = 5  # U+FFFD characters on one page
DAMAGE_ORPHANS = 5  # orphan short lines on one page
DAMAGE_FRAGMENTS = 0.15  # share of letter tokens that are split-word fragments


@dataclass
class Page:
    start: int  # first source line (1-based)
    end: int  # last source line
    label: str = ""  # printed number, "" when unknown
    damage: list[str] = field(default_factory=list)  # why the page counts as damaged


@dataclass
class Pages:
    pages: list[Page]
    heads: dict[int, int]  # running-head line -> printed page number
    anchored: int = 0  # pages whose number comes from an anchor of their own

    def index_of(self, line: int) -> int:
        starts = [page.start for page in self.pages]
        return max(bisect_right(starts, line) - 1, 0)

    def at(self, line: int) -> Page:
        return self.pages[self.index_of(line)]

    def starting_at(self, line: int) -> Page | None:
        page = self.at(line)
        return page if page.start == line else None


def find_page_starts(lines: list[str], heads: dict[int, int], extra: set[int]) -> list[int]:
    """Source line numbers that begin a printed page."""
    starts = {no for no, line in enumerate(lines, 1) if is_page_start(line)}
    for head in heads:
        after = next(n for n in range(head + 1, len(lines) + 1) if not is_blank(lines[n - 1]))
        starts.add(after)
    return sorted(starts | extra)


def find_running_heads(lines: list[str], versos: set[str], skip: set[int]) -> dict[int, int]:
    heads = {}
    for no, line in enumerate(lines, 1):
        page = None if no in skip else running_head_page(line, versos)
        if page is not None:
            heads[no] = page
    return heads


def build_pages(lines: list[str], starts: list[int], heads: dict[int, int]) -> Pages:
    bounds = [*starts, len(lines) + 1]
    pages = [Page(start, bounds[i + 1] - 1) for i, start in enumerate(starts)]
    if starts and starts[0] > 1:
        pages.insert(0, Page(1, starts[0] - 1))
    result = Pages(pages, heads)
    for page in pages:
        page.damage = damage_reasons(lines[page.start - 1 : page.end])
    return result


def number_pages(pages: Pages, anchors: dict[int, int], run_starts: list[int]) -> None:
    """Label every page by counting from the nearest anchor in its run.

    `anchors` maps a source line to the printed page it falls on; `run_starts` are lines
    where counting must restart because unprinted leaves precede them.
    """
    by_page = {pages.index_of(line): number for line, number in anchors.items()}
    pages.anchored = len(by_page)
    run_of = [bisect_right(sorted(run_starts), page.start) for page in pages.pages]
    for i, page in enumerate(pages.pages):
        same_run = [j for j in by_page if run_of[j] == run_of[i]]
        if same_run:
            j = min(same_run, key=lambda j: (abs(i - j), j > i))
            number = by_page[j] + i - j
            page.label = str(number) if number > 0 else ""


def damage_reasons(page_lines: list[str]) -> list[str]:
    """Why a page looks damaged: replacement characters, orphan lines, letter-spacing."""
    text = " ".join(page_lines)
    reasons = []
    replacements = text.count("\ufffd")
    if replacements >= DAMAGE_REPLACEMENTS:
        reasons.append(f"{replacements} replacement characters")
    orphans = sum(is_orphan(line) for line in page_lines)
    if orphans >= DAMAGE_ORPHANS:
        reasons.append(f"{orphans} orphan lines")
    tokens = re.findall(r"[A-Za-z]+", text)
    fragments = sum(len(t) <= 2 and t.lower() not in _SHORT_WORDS for t in tokens)
    if tokens and fragments / len(tokens) >= DAMAGE_FRAGMENTS:
        reasons.append(f"{fragments / len(tokens):.0%} split-word fragments")
    return reasons


def text_offset(orig_offset: int, edits: list) -> int:
    """Map an offset in a block's `original` to its reading `text` through the edits."""
    orig_pos = text_pos = 0
    for edit in sorted(edits, key=lambda e: e.start):
        gap = edit.start - text_pos
        if orig_offset <= orig_pos + gap:
            return text_pos + orig_offset - orig_pos
        orig_pos += gap
        if orig_offset < orig_pos + len(edit.original):
            return edit.start if orig_offset == orig_pos else edit.end
        orig_pos += len(edit.original)
        text_pos = edit.end
    return text_pos + orig_offset - orig_pos

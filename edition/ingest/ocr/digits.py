"""Digits split by spaces: years first, then numbers broken at a narrow `1`, decimals, ranges.

The OCR inserts a space after the narrow `1` glyph (`1 928`, `1 22`, `87 1`). Years are
joined first and are never merged with the next number, so `1 932 48 per cent` becomes
`1932 48 per cent`. Other numbers are joined only at a `1`, the one glyph the OCR splits.
"""

from __future__ import annotations

import re

from edition.ingest.ocr.draft import Change

STAGE = "digits"
SPLIT_YEAR = re.compile(r"(?<![\d.,/])1 ?9 ?[0-4] ?\d(?![\d])")
DIGIT_RUN = re.compile(r"(?:(?<![\d.,/])|(?<=[A-Za-z],))\d+(?: \d+)+(?![\d])")
YEAR = re.compile(r"19[0-4]\d")
DECIMAL_SPACED = re.compile(r"(?<![\d.])(\d+) \. ?(\d+)(?![\d.])")
DECIMAL_AFTER = re.compile(r"(?<![\d.])(\d+)\. (\d+)(?=[^.\d]|$)")
RANGE = re.compile(r"(?<=\d)(?: -|- |--)(?=\d)")
PAGES = re.compile(r"\bpp?\. ?\d[\d\-, ]*\d")
MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"


def split_years(text: str) -> list[Change]:
    return [
        Change(m.start(), m.end(), m.group().replace(" ", ""), STAGE, "split-year")
        for m in SPLIT_YEAR.finditer(text)
        if " " in m.group()
    ]


def split_numbers(text: str) -> list[Change]:
    """Join digit groups at a `1`, never across a year: `1 22` -> 122, `1932 48` stays."""
    found = []
    for m in DIGIT_RUN.finditer(text):
        groups, pos = m.group().split(" "), m.start()
        for left, right in zip(groups, groups[1:], strict=False):
            pos += len(left)
            if _joinable(left, right):
                found.append(Change(pos, pos + 1, "", STAGE, "split-number", 0.9))
            pos += 1
    return found


def _joinable(left: str, right: str) -> bool:
    if YEAR.fullmatch(left) or YEAR.fullmatch(right):
        return False
    if len(left) + len(right) > 4:
        return False
    return left.endswith("1") or right == "1"


def decimals(text: str) -> list[Change]:
    found = [
        Change(m.start(1) + len(m.group(1)), m.start(2), ".", STAGE, "decimal-point", 0.9)
        for m in DECIMAL_SPACED.finditer(text)
        if not YEAR.fullmatch(m.group(1))
    ]
    for m in DECIMAL_AFTER.finditer(text):
        rest = text[m.end() : m.end() + 2]
        if YEAR.fullmatch(m.group(1)) or not rest.strip() or rest[1:2].isupper():
            continue
        if rest[:1] == " " and rest[1:2].islower():
            found.append(Change(m.end(1) + 1, m.start(2), "", STAGE, "decimal-point", 0.85))
    return found


def ranges(text: str) -> list[Change]:
    return [Change(m.start(), m.end(), "-", STAGE, "page-range", 0.9) for m in RANGE.finditer(text)]


def page_lists(text: str) -> list[Change]:
    """`pp. 95-6,102-3` -> `pp. 95-6, 102-3`: page numbers are listed with a space."""
    found = []
    for m in PAGES.finditer(text):
        for comma in re.finditer(r",(?=\d)", m.group()):
            pos = m.start() + comma.start()
            found.append(Change(pos, pos + 1, ", ", STAGE, "page-list"))
    return found


def comma_before_number(text: str) -> list[Change]:
    """`Trud,5 March` -> `Trud, 5 March` (run after note calls have taken `word,5`)."""
    return [
        Change(m.start(), m.end(), ", ", STAGE, "space-after-comma")
        for m in re.finditer(r"(?<=[A-Za-z)]),(?=\d)", text)
    ]


RULES = (split_years, split_numbers, decimals, ranges, page_lists)

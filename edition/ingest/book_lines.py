"""Line-level evidence in an OCR'd book (seed 002): page starts, running heads, specks, headings.

Pure functions over single source lines (or a line and its neighbours). The OCR keeps the
printed layout line by line: a page's first line starts with exactly one space, surviving
running heads carry the printed page number, and chapter headings carry an ornament `*`.
"""

from __future__ import annotations

import re
from collections import Counter

PAGE_START = re.compile(r"^ \S")
CHAPTER_HEADING = re.compile(r"^\s*(\d{1,2}\s*)?[\"']?\*:?\s")
_CHAPTER_PARTS = re.compile(r"^\s*(?P<number>(?:\d\s*){0,2})[\"']?\*[:'\"]?\s+(?P<title>.*\S)")
_VERSO_HEAD = re.compile(r"^\s*(?P<page>\d[\d ]*?)\s*[\"']?\*[:'\"]?\s+(?P<title>.*\S)\s*$")
_RECTO_HEAD = re.compile(r"^\s*(?P<title>\S.*?)\s*[\"']?\*[:'\"]?\s*(?P<page>\d[\d ]*)\s*$")
_CALL_LINE = re.compile(r"^\s*[0-9IlS](?:\s?[0-9IlSO]){1,2}\s*$")
_TABLE_CELL = re.compile(r"^\s*[\d .,/-]*\d[\d .,/-]*\s*$")
_CLOSED = re.compile(r"[.?!:]['\")\]]*(?:\s*[0-9IlS°][0-9IlSOo° ]{0,5})?\s*$")
_ALNUM = re.compile(r"[A-Za-z0-9]")
TABLE_CAPTION = re.compile(r"^\s*Table\s+\d\s*\.\s*\d\s*(?:$|[A-Z])")


def is_blank(line: str) -> bool:
    return not line.strip()


def is_page_start(line: str) -> bool:
    return bool(PAGE_START.match(line))


def is_closed(line: str) -> bool:
    """The line ends a sentence: terminal punctuation, maybe a closing quote and a note call."""
    return bool(_CLOSED.search(line))


def starts_lower(line: str) -> bool:
    """The line continues a sentence: it opens with a lowercase letter, digit or bracket."""
    text = line.lstrip(" '\"")
    return bool(text) and (text[0].islower() or text[0].isdigit() or text[0] in "([-")


def starts_capital(line: str) -> bool:
    text = line.lstrip(" '\"(")
    return bool(text) and text[0].isupper()


def chapter_heading_parts(line: str) -> tuple[str, str] | None:
    """`(number, title)` of a chapter-level heading line such as ` 1 * The New Economic...`."""
    if not CHAPTER_HEADING.match(line):
        return None
    match = _CHAPTER_PARTS.match(line)
    if not match:
        return None
    return match["number"].replace(" ", ""), match["title"]


MAX_CHAPTER_NUMBER = 30


def verso_titles(lines: list[str]) -> set[str]:
    """Titles printed after a page number on several lines: the book's verso running head.

    A title printed once counts too when its number is too high for a chapter number
    (an excerpt of a book may hold a single verso head).
    """
    titles = Counter()
    for line in lines:
        match = _VERSO_HEAD.match(line)
        if match and CHAPTER_HEADING.match(line):
            high = int(match["page"].replace(" ", "")) >= MAX_CHAPTER_NUMBER
            titles[match["title"]] += 2 if high else 1
    return {title for title, count in titles.items() if count >= 2}


def running_head_page(line: str, versos: set[str]) -> int | None:
    """The printed page number if `line` is a running head (`48 * Title`, `Chapter * 203`)."""
    verso = _VERSO_HEAD.match(line)
    if verso and verso["title"] in versos:
        return int(verso["page"].replace(" ", ""))
    recto = _RECTO_HEAD.match(line)
    if recto and "*" in line and len(recto["title"]) < 50:
        return int(recto["page"].replace(" ", ""))
    return None


def alnum_count(line: str) -> int:
    return len(_ALNUM.findall(line))


def is_orphan(line: str) -> bool:
    """A short garbage line (`;Y`, `. I`, `t se`): not a table cell, a word or a note call."""
    if is_blank(line) or alnum_count(line) > 3:
        return False
    if _CALL_LINE.match(line) or _TABLE_CELL.match(line):
        return False
    return not re.search(r"[A-Za-z]{3}[.,;]?\s*$", line)

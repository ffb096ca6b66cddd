"""Parser for clean texts with one paragraph per line (seed 000), such as article summaries.

Nothing is corrected or interpreted: every line keeps its characters (asterisks and
superscripts included: a clean text has no markup convention to read them by). The first
line is the title when it looks like one, a short name line under it is the byline, and a
closing credit line (`Authorized translation from Russian by …`) is metadata. Both go to a
title-page division, not to the body. A short, unpunctuated line between blank lines is a
section heading. A double blank line where the text otherwise uses single ones is reported
as a possibly lost heading; no heading is invented.
"""

from __future__ import annotations

import re

from edition.ingest.document import HEADING, PARAGRAPH, Block, Division, Document

MAX_TITLE_CHARS = 200
MAX_HEADING_CHARS = 80
MAX_BYLINE_WORDS = 8
TERMINAL = re.compile(r"[.?!:;,]['\"”’)\]]*$")
CREDIT = re.compile(
    r"\b(translat\w*|edited|compiled|transcribed|prepared)\b.*\bby\b", re.IGNORECASE
)
NAME_WORD = re.compile(r"^([A-Z][\w’'.-]*|by|and|de|van|von|&|,)$")

Line = tuple[int, str]  # (1-based line number, text)


def parse_clean(raw: str, *, title: str = "", author: str = "") -> Document:
    """Parse a one-paragraph-per-line text; `title`/`author` override what the text says."""
    lines = [(n, text.strip()) for n, text in enumerate(raw.split("\n"), 1) if text.strip()]
    front, body, credit = _split_metadata(lines, author)
    title_line = front[0][1] if front else ""
    byline = front[1][1] if len(front) > 1 else ""
    document = Document(title=title or title_line or "Untitled", author=author or byline)
    if front or credit:
        document.divisions.append(_title_page(front, credit, document.title))
    if body:
        document.divisions.append(_body(body, document.title))
    document.warnings = _blank_run_warnings(raw)
    document.report = _report(document, front, credit)
    return document


def _split_metadata(lines: list[Line], author: str) -> tuple[list[Line], list[Line], list[Line]]:
    """(title and byline lines, body lines, credit lines)."""
    front, body, credit = [], list(lines), []
    if body and _looks_like_title(body[0][1]) and len(body) > 1:
        front.append(body.pop(0))
        if body and _looks_like_byline(body[0][1], author) and len(body) > 1:
            front.append(body.pop(0))
    if body and len(body[-1][1]) <= MAX_TITLE_CHARS and CREDIT.search(body[-1][1]):
        credit.append(body.pop())
    return front, body, credit


def _looks_like_title(text: str) -> bool:
    return len(text) <= MAX_TITLE_CHARS and not TERMINAL.search(text)


def _looks_like_byline(text: str, author: str) -> bool:
    """A few capitalised name words; when the author is known, a line naming them."""
    if author:
        return author.split()[-1] in text
    words = text.replace(",", " , ").split()
    return (
        0 < len(words) <= MAX_BYLINE_WORDS
        and not any(char.isdigit() for char in text)
        and all(NAME_WORD.match(word) for word in words)
    )


def _title_page(front: list[Line], credit: list[Line], title: str) -> Division:
    blocks = []
    if front:
        blocks.append(Block(HEADING, front[0][1], (front[0][0],) * 2, level=1))
    blocks += [Block(PARAGRAPH, text, (n, n)) for n, text in front[1:] + credit]
    span = (front or credit)[0][0], (front or credit)[-1][0]
    return Division("title-page", title, span, blocks=blocks)


def _body(body: list[Line], title: str) -> Division:
    blocks = [_body_block(body, index) for index in range(len(body))]
    return Division("body", title, (body[0][0], body[-1][0]), blocks=blocks)


def _body_block(body: list[Line], index: int) -> Block:
    number, text = body[index]
    following = body[index + 1][1] if index + 1 < len(body) else ""
    if _is_heading(text, following):
        return Block(HEADING, text, (number, number), level=2)
    return Block(PARAGRAPH, text, (number, number))


def _is_heading(text: str, following: str) -> bool:
    """Short, unpunctuated, followed by a longer paragraph (lines here are blank-separated)."""
    return (
        len(text) <= MAX_HEADING_CHARS
        and not TERMINAL.search(text)
        and not text[0].islower()
        and len(following) > MAX_HEADING_CHARS
    )


def _blank_run_warnings(raw: str) -> list[str]:
    """Report runs of 2+ blank lines when single blank lines are the rule."""
    runs = [match for match in re.finditer(r"\n(\n{2,})(?=\S)", raw)]
    single = len(re.findall(r"(?<=\S)\n\n(?=\S)", raw))
    if not runs or single <= len(runs):
        return []
    return [_blank_run_warning(raw, match) for match in runs]


def _blank_run_warning(raw: str, match: re.Match) -> str:
    first = raw.count("\n", 0, match.start(1)) + 1
    last = first + len(match.group(1)) - 1
    return (
        f"lines {first}-{last}: {last - first + 1} blank lines where the text uses one; "
        "a heading may have been lost here (none invented)."
    )


def _report(document: Document, front: list[Line], credit: list[Line]) -> dict:
    blocks = [block for division in document.divisions for block in division.blocks]
    body = document.divisions[-1].blocks if document.divisions else []
    return {
        "parser": "clean text, one paragraph per line",
        "divisions": len(document.divisions),
        "title_line": front[0][0] if front else 0,
        "byline_line": front[1][0] if len(front) > 1 else 0,
        "credit_lines": [f"line {n}: {text}" for n, text in credit],
        "headings": [f"line {b.lines[0]}: {b.text}" for b in body if b.kind == HEADING],
        "paragraphs": sum(1 for b in body if b.kind == PARAGRAPH),
        "blocks": len(blocks),
        "possible_lost_headings": len(document.warnings),
    }

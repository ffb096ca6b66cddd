"""Parser for born-digital theses converted from PDF (seed 003).

The text has one paragraph per line, markdown italics, Unicode superscript note calls and
footnotes dropped where each page ended. The table of contents drives the structure: it
names the divisions (front matter, introduction, chapters, conclusion, bibliography), gives
the section numbers the body lacks, and anchors the printed pages.
"""

from __future__ import annotations

import re

from edition.ingest.bibliography import bibliography_blocks
from edition.ingest.document import HEADING, Block, Division, Document
from edition.ingest.footnotes import Flow, draft_block, draft_note, walk_body
from edition.ingest.front_matter import (
    front_blocks,
    repeated_title_start,
    title_page_blocks,
)
from edition.ingest.thesis_pages import label_pages
from edition.ingest.thesis_report import build_report
from edition.ingest.toc import Heading, Toc, match_headings, read_toc

FRONT_ROLES = {"title-page", "abstract", "contents", "glossary", "abbreviations", "dedication"}
BACK_ROLES = {"bibliography"}
ROLE_PATTERNS = (
    (re.compile(r"^supervisory committee|^examining committee", re.I), "title-page"),
    (re.compile(r"^abstract\b", re.I), "abstract"),
    (re.compile(r"^(table of )?contents$", re.I), "contents"),
    (re.compile(r"^glossary\b", re.I), "glossary"),
    (re.compile(r"^(list of )?abbreviations\b", re.I), "abbreviations"),
    (re.compile(r"^dedication\b", re.I), "dedication"),
    (re.compile(r"^(preface|foreword|acknowledge?ments)\b", re.I), "preface"),
    (re.compile(r"^introduction\b", re.I), "introduction"),
    (re.compile(r"^chapter\b", re.I), "chapter"),
    (re.compile(r"^conclusions?\b", re.I), "conclusion"),
    (re.compile(r"^(bibliography|works cited|references|sources)\b", re.I), "bibliography"),
    (re.compile(r"^index\b", re.I), "index"),
)
CHAPTER_NUMBER = re.compile(r"^chapter\s+(?P<word>\w+)", re.I)
NUMBER_WORDS = "one two three four five six seven eight nine ten eleven twelve".split()  # noqa: SIM905


def parse_thesis(raw: str) -> Document:
    """Parse a born-digital thesis into divisions, blocks and footnotes."""
    lines = raw.split("\n")
    toc = read_toc(lines)
    if toc is None:
        raise ValueError("No table of contents found: the thesis parser needs one.")
    headings, warnings = match_headings(lines, toc)
    tops = [h for h in headings if h.entry.level == 1]
    title_blocks = title_page_blocks(lines, 1, _title_page_end(lines, tops))
    document = Document(title=_title(title_blocks), author=_author(title_blocks))
    document.divisions.append(_title_page(title_blocks))
    flow = _body_flow(lines, headings, tops)
    for index, heading in enumerate(tops):
        end = tops[index + 1].line - 1 if index + 1 < len(tops) else len(lines)
        document.divisions.append(_division(lines, heading, end, toc, flow))
    _attach_notes(document, flow)
    pages = label_pages(document, headings)
    document.warnings = warnings + flow.warnings + pages.warnings
    document.report = build_report(document, toc, flow, pages)
    return document


def role_of(title: str) -> str:
    return next((role for pattern, role in ROLE_PATTERNS if pattern.search(title)), "body")


def _title_page_end(lines: list[str], tops: list[Heading]) -> int:
    """The title page ends where a second title page (repeating the title) or the first
    TOC division begins."""
    first = tops[0].line if tops else len(lines) + 1
    return repeated_title_start(lines, first) - 1


def _title(blocks: list[Block]) -> str:
    return blocks[0].text if blocks else ""


def _author(blocks: list[Block]) -> str:
    texts = [block.text for block in blocks]
    if "by" in texts and texts.index("by") + 1 < len(texts):
        return texts[texts.index("by") + 1]
    return ""


def _title_page(blocks: list[Block]) -> Division:
    lines = (blocks[0].lines[0], blocks[-1].lines[1]) if blocks else (1, 1)
    return Division("title-page", "Title page", lines, blocks=blocks)


def _body_flow(lines: list[str], headings: list[Heading], tops: list[Heading]) -> Flow:
    """Walk everything from the first body division to the start of the back matter."""
    body = [h for h in tops if role_of(h.text) not in FRONT_ROLES | BACK_ROLES]
    if not body:
        return Flow()
    back = [h.line for h in tops if h.line > body[0].line and role_of(h.text) in BACK_ROLES]
    last = min(back, default=len(lines) + 1) - 1
    by_line = {h.line: h for h in headings if body[0].line <= h.line <= last}
    return walk_body(lines, body[0].line, last, by_line)


def _division(lines: list[str], heading: Heading, end: int, toc: Toc, flow: Flow) -> Division:
    role = role_of(heading.text)
    if role in FRONT_ROLES:
        start = repeated_title_start(lines, heading.line) if role == "title-page" else heading.line
        blocks = front_blocks(lines, start, end, role, heading, toc)
    elif role in BACK_ROLES:
        blocks = bibliography_blocks(lines, heading, end)
    else:
        drafts = [d for d in flow.drafts if heading.line <= d.pieces[0].line <= end]
        blocks = [draft_block(draft) for draft in drafts]
    number = _number(role, heading)
    if blocks and blocks[0].kind == HEADING and role == "chapter":
        blocks[0].number = number
    first = min((block.lines[0] for block in blocks), default=heading.line)
    return Division(
        role,
        heading.text,
        (first, _last_text_line(lines, end)),
        number=number,
        blocks=blocks,
        page=heading.entry.page,
    )


def _last_text_line(lines: list[str], end: int) -> int:
    while end > 1 and not lines[end - 1].strip():
        end -= 1
    return end


def _number(role: str, heading: Heading) -> str:
    if heading.entry.number:
        return heading.entry.number
    match = CHAPTER_NUMBER.match(heading.text)
    if role != "chapter" or not match:
        return ""
    word = match["word"].lower()
    if word.isdigit():
        return word
    return str(NUMBER_WORDS.index(word) + 1) if word in NUMBER_WORDS else ""


def _attach_notes(document: Document, flow: Flow) -> None:
    """Put each note in the division whose text calls it."""
    division_of = {}
    for division in document.divisions:
        for block in division.blocks:
            for call in block.calls:
                division_of.setdefault(call.label, division)
    for draft in flow.notes:
        note = draft_note(draft)
        division = division_of.get(note.label) or _division_at(document, note.lines[0])
        division.notes.append(note)


def _division_at(document: Document, line: int) -> Division:
    for division in reversed(document.divisions):
        if division.lines[0] <= line:
            return division
    return document.divisions[0]

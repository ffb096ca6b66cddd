"""The "About this edition" report of a parsed thesis: counts, coverage and decisions."""

from __future__ import annotations

from collections import Counter

from edition.ingest.document import (
    BIBLIOGRAPHY,
    BLOCKQUOTE,
    DEFINITION,
    HEADING,
    PARAGRAPH,
    Document,
)
from edition.ingest.footnotes import Flow
from edition.ingest.thesis_pages import PageLabels
from edition.ingest.toc import Toc

JOIN_CONFIGURATIONS = (
    "rejoined_open_then_lowercase",
    "rejoined_open_then_uppercase",
    "rejoined_without_footnotes",
    "closed_then_new_paragraph",
    "heading_after_footnotes",
)


def build_report(document: Document, toc: Toc, flow: Flow, pages: PageLabels) -> dict:
    blocks = [block for division in document.divisions for block in division.blocks]
    kinds = Counter(block.kind for block in blocks)
    report = {
        "parser": "born-digital thesis",
        "divisions": len(document.divisions),
        "division_list": [_division_line(division) for division in document.divisions],
        "toc_entries": [f"{e.number} {e.title} (p. {e.page})".strip() for e in toc.entries],
        "toc_mismatches": [w for w in document.warnings if w.startswith("TOC/body")],
        "headings": [_heading_line(block) for block in blocks if block.kind == HEADING],
        "paragraphs": kinds[PARAGRAPH],
        "blockquotes_guessed": kinds[BLOCKQUOTE],
        "definitions": kinds[DEFINITION],
        "bibliography_entries": kinds[BIBLIOGRAPHY],
        "emphasis_spans": _emphasis_spans(document),
        "footnote_continuations": flow.continuations,
    }
    report.update({name: flow.counts[name] for name in JOIN_CONFIGURATIONS})
    report.update(_note_coverage(document))
    report.update(_page_counts(blocks, pages))
    return report


def _division_line(division) -> str:
    number = f" {division.number}" if division.number else ""
    first, last = division.lines
    return f"{division.role}{number}: {division.title} (lines {first}-{last})"


def _heading_line(block) -> str:
    number = f"{block.number} " if block.number else ""
    return f"level {block.level}: {number}{block.text} (line {block.lines[0]})"


def _emphasis_spans(document: Document) -> int:
    return sum(
        len(item.emphasis)
        for division in document.divisions
        for item in [*division.blocks, *division.notes]
    )


def _note_coverage(document: Document) -> dict:
    calls = Counter(
        call.label
        for division in document.divisions
        for block in division.blocks
        for call in block.calls
    )
    notes = Counter(note.label for division in document.divisions for note in division.notes)
    return {
        "note_calls": sum(calls.values()),
        "notes": sum(notes.values()),
        "calls_without_note": sorted(set(calls) - set(notes), key=_label_key),
        "notes_without_call": sorted(set(notes) - set(calls), key=_label_key),
        "calls_repeated": sorted((label for label, n in calls.items() if n > 1), key=_label_key),
    }


def _page_counts(blocks, pages: PageLabels) -> dict:
    return {
        "page_breaks": sum(len(block.pages) for block in blocks),
        "page_breaks_labelled_from_toc": pages.labelled,
        "page_breaks_inferred_at_chapter_starts": pages.inferred,
        "page_breaks_unlabelled": pages.unlabelled,
        "page_breaks_after_last_toc_page": pages.unchecked,
    }


def _label_key(label: str) -> list[int]:
    return [int(part) for part in label.split(".") if part.isdigit()]

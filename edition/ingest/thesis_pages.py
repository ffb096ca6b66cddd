"""Printed page labels for the page breaks of a thesis, counted from the TOC's page numbers.

Every footnote block and every footnote-less paragraph split is a page break, but pages that
end on a paragraph end and carry no footnotes leave no trace. So breaks are numbered only
between two headings whose TOC pages agree with the count of breaks between them. A chapter
that the count puts one page early starts on a fresh page (theses start chapters on a new
page): that break is added, at the chapter heading. Anything else stays unlabelled ("") and
is reported.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from edition.ingest.document import HEADING, Block, Document, PageBreak
from edition.ingest.toc import Heading


@dataclass
class _Stretch:
    """The breaks from one TOC-anchored heading up to the next."""

    start_page: int
    start_line: int
    breaks: list[PageBreak] = field(default_factory=list)


@dataclass
class PageLabels:
    labelled: int = 0
    inferred: int = 0
    unlabelled: int = 0
    unchecked: int = 0  # after the last TOC anchor: counted, but nothing to check against
    warnings: list[str] = field(default_factory=list)


def label_pages(document: Document, headings: list[Heading]) -> PageLabels:
    """Fill in `PageBreak.page` across the arabic-numbered part of the document."""
    anchors = {h.line: int(h.entry.page) for h in headings if h.entry.page.isdigit()}
    result, stretch = PageLabels(), None
    for block in _blocks(document):
        anchor = anchors.get(block.lines[0]) if block.kind == HEADING else None
        if anchor is None:
            if stretch:
                stretch.breaks.extend(block.pages)
            continue
        if stretch:
            _close(stretch, block, anchor, result)
        stretch = _Stretch(anchor, block.lines[0])
    if stretch:
        _number(stretch.breaks, stretch.start_page + 1, result)
        result.unchecked = len(stretch.breaks)
    return result


def _blocks(document: Document):
    for division in document.divisions:
        yield from division.blocks


def _close(stretch: _Stretch, heading: Block, page: int, result: PageLabels) -> None:
    breaks = stretch.breaks + heading.pages
    missing = page - stretch.start_page - len(breaks)
    if missing == 0:
        _number(breaks, stretch.start_page + 1, result)
    elif missing == 1 and heading.level == 1 and not heading.pages:
        heading.pages.append(PageBreak(0, str(page)))
        result.inferred += 1
        _number(breaks, stretch.start_page + 1, result)
    else:
        result.unlabelled += len(breaks)
        result.warnings.append(
            f"Pages between line {stretch.start_line} (p. {stretch.start_page}) and line "
            f"{heading.lines[0]} (p. {page}): {len(breaks)} page breaks found for "
            f"{page - stretch.start_page} pages; left unlabelled."
        )


def _number(breaks: list[PageBreak], first: int, result: PageLabels) -> None:
    for page, page_break in enumerate(breaks, first):
        page_break.page = str(page)
        result.labelled += 1

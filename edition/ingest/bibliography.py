"""The bibliography of a born-digital thesis: one block per entry, under its subheadings.

Entries are one line each, some with a markdown list marker `- ` and some without (a
conversion artefact: both are the same kind of entry, so the marker is dropped). An entry
cut by a page break continues on the next non-blank line; a short unpunctuated line such as
`Primary Sources` is a subheading.
"""

from __future__ import annotations

import re

from edition.ingest.document import (
    BIBLIOGRAPHY,
    CONTINUES_ACROSS_PAGE,
    HEADING,
    Block,
    PageBreak,
)
from edition.ingest.front_matter import groups
from edition.ingest.inline import inline_block, join_pieces, parse_inline
from edition.ingest.toc import Heading

LIST_MARKER = re.compile(r"^[-*•]\s+")
SUBHEADING = re.compile(r"^[A-Z][A-Za-z'’ &-]{2,60}$")
# An entry is complete when it ends like a citation: period, parenthesis, angle bracket or URL.
ENTRY_END = re.compile(r"([.)>]|https?://\S+|\b\d{4})[\"”’]?\s*$")
ENTRY_START = re.compile(r"^([\"“]|[A-Z][\w'’-]+, [A-Z])")


def bibliography_blocks(lines: list[str], heading: Heading, last: int) -> list[Block]:
    """The heading, subheadings (level 2) and one BIBLIOGRAPHY block per entry."""
    blocks = [inline_block(HEADING, heading.text, (heading.line, heading.line), level=1)]
    entry: list[tuple[int, str]] = []
    for group in groups(lines, heading.line + 1, last):
        for number, text in group:
            if SUBHEADING.match(text):
                blocks += _entry_blocks(entry)
                entry = []
                blocks.append(inline_block(HEADING, text, (number, number), level=2))
            elif entry and _continues(entry[-1][1], text):
                entry.append((number, text))
            else:
                blocks += _entry_blocks(entry)
                entry = [(number, LIST_MARKER.sub("", text, count=1))]
    return blocks + _entry_blocks(entry)


def list_markers(lines: list[str], first: int, last: int) -> int:
    """How many entries carried a list marker (for the report)."""
    return sum(1 for text in lines[first - 1 : last] if LIST_MARKER.match(text))


def _continues(previous: str, text: str) -> bool:
    return (
        not LIST_MARKER.match(text)
        and not ENTRY_END.search(previous)
        and not (ENTRY_START.match(text))
    )


def _entry_blocks(entry: list[tuple[int, str]]) -> list[Block]:
    if not entry:
        return []
    raw, starts, _carried = join_pieces([text for _, text in entry])
    inline = parse_inline(raw)
    block = Block(
        BIBLIOGRAPHY,
        inline.text,
        (entry[0][0], entry[-1][0]),
        calls=inline.calls,
        emphasis=inline.emphasis,
    )
    block.pages = [PageBreak(inline.offsets[start], "") for start in starts[1:]]
    if block.pages:
        block.flags.append(CONTINUES_ACROSS_PAGE)
    return [block]

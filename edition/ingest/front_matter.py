"""Front matter of a born-digital thesis: title pages, abstract, contents, definition lists.

Front matter is laid out in blank-separated groups of lines. Title pages break lines on
purpose (`Dr. Serhy Yekelchuk, Supervisor` / `Department of History`), but also hard-wrap
long statements (`…Fulfilment of the` / `Requirements…`): lines join only where the wrap is
evident. Glossary entries `Term: definition` always join their wrapped lines.
"""

from __future__ import annotations

import re

from edition.ingest.document import DEFINITION, HEADING, PARAGRAPH, Block
from edition.ingest.inline import inline_block
from edition.ingest.toc import Heading, Toc

DEFINITION_ENTRY = re.compile(r"^(?P<term>[^:]{1,80}?):\s+(?P<text>\S.*)$", re.DOTALL)
# A line ending in one of these words was wrapped, not broken on purpose.
WRAP_WORDS = {
    "a",
    "an",
    "and",
    "as",
    "at",
    "by",
    "for",
    "from",
    "in",
    "of",
    "on",
    "or",
    "the",
    "to",
    "with",
}
_DASHES = str.maketrans({"–": "-", "—": "-"})

Group = list[tuple[int, str]]


def groups(lines: list[str], first: int, last: int) -> list[Group]:
    """Runs of consecutive non-blank lines, as (1-based line, text) pairs."""
    found: list[Group] = []
    run: Group = []
    for number in range(first, last + 1):
        text = lines[number - 1].strip()
        if text:
            run.append((number, text))
        elif run:
            found, run = found + [run], []
    return found + [run] if run else found


def repeated_title_start(lines: list[str], line: int) -> int:
    """Where a page that repeats the title page's title starts, if one leads up to `line`."""
    title = next((text for text in lines if text.strip()), "")
    first = next(number for number, text in enumerate(lines, 1) if text.strip())
    for number in range(line - 1, first, -1):
        if _same_title(lines[number - 1], title):
            return number
    return line


def _same_title(a: str, b: str) -> bool:
    return a.strip().translate(_DASHES) == b.strip().translate(_DASHES) != ""


def title_page_blocks(lines: list[str], first: int, last: int) -> list[Block]:
    """The first group is the title (a level-1 heading); the rest are short paragraphs."""
    found = groups(lines, first, last)
    if not found:
        return []
    title = found[0]
    blocks = [inline_block(HEADING, " ".join(t for _, t in title), _span(title), level=1)]
    for group in found[1:]:
        blocks.extend(wrapped_paragraphs(group))
    return blocks


def front_blocks(
    lines: list[str], first: int, last: int, role: str, heading: Heading, toc: Toc
) -> list[Block]:
    """The blocks of one front-matter division, its heading included."""
    blocks = []
    for group in groups(lines, first, last):
        for number, text in group:
            if number == heading.line:
                blocks.append(inline_block(HEADING, text, (number, number), level=1))
        rest = [(n, t) for n, t in group if n != heading.line and not _is_toc_line(n, toc)]
        if rest:
            blocks.extend(_group_blocks(rest, role))
    if role == "contents":
        blocks.extend(_contents_blocks(toc))
    return blocks


def _is_toc_line(number: int, toc: Toc) -> bool:
    return toc.lines[0] < number <= toc.lines[1]


def _group_blocks(group: Group, role: str) -> list[Block]:
    if role in ("glossary", "abbreviations"):
        return [_definition(group)]
    return wrapped_paragraphs(group)


def _definition(group: Group) -> Block:
    raw = " ".join(text for _, text in group)
    match = DEFINITION_ENTRY.match(raw)
    if not match:
        return inline_block(PARAGRAPH, raw, _span(group))
    return inline_block(DEFINITION, match["text"], _span(group), term=match["term"])


def _contents_blocks(toc: Toc) -> list[Block]:
    """TOC entries as printed, minus the page numbers the edition has no use for."""
    return [
        inline_block(PARAGRAPH, f"{entry.number} {entry.title}".strip(), (entry.line, entry.line))
        for entry in toc.entries
    ]


def wrapped_paragraphs(group: Group) -> list[Block]:
    """Split a group into paragraphs, joining only lines that were evidently wrapped."""
    paragraphs: list[Group] = []
    for number, text in group:
        if paragraphs and _wrapped(paragraphs[-1][-1][1], text):
            paragraphs[-1].append((number, text))
        else:
            paragraphs.append([(number, text)])
    return [inline_block(PARAGRAPH, " ".join(t for _, t in p), _span(p)) for p in paragraphs]


def _wrapped(previous: str, line: str) -> bool:
    last_word = previous.rsplit(None, 1)[-1].lower()
    return line[0].islower() or last_word in WRAP_WORDS


def _span(group: Group) -> tuple[int, int]:
    return (group[0][0], group[-1][0])

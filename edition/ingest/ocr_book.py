"""Structure parser for OCR'd books laid out like seed 002: divisions, headings, paragraphs,
pages, tables, notes and back matter.

`parse_ocr_book(raw, editorial=...)` recovers the structure from layout evidence (page-start
spaces, running heads, heading ornaments, note numbering) and hands every text block to the
OCR corrector. What the scan does not print (parts whose title leaves are missing, where page
counting restarts, page anchors from the book's index) comes from the text's editorial
settings in the manifest (`manifest.Editorial`), never from the code. Pure Python, no Django.
Line-level rules live in `book_lines`, pages in `book_pages`, body blocks in `book_blocks`,
endnotes in `book_notes`, glossary and index in `book_back`.
"""

from __future__ import annotations

from collections import Counter

from edition.ingest import book_back, book_notes
from edition.ingest.book_blocks import Draft, Region, split_blocks
from edition.ingest.book_headings import Heading, find_headings
from edition.ingest.book_lines import (
    chapter_heading_parts,
    is_blank,
    is_orphan,
    verso_titles,
)
from edition.ingest.book_pages import (
    Pages,
    build_pages,
    find_page_starts,
    find_running_heads,
    number_pages,
    text_offset,
)
from edition.ingest.document import (
    DAMAGED,
    DEFINITION,
    HEADING,
    INDEX_ENTRY,
    TABLE,
    TITLE_NOT_IN_SOURCE,
    TRUNCATED,
    Block,
    Division,
    Document,
    Note,
    PageBreak,
)
from edition.ingest.manifest import Editorial
from edition.ingest.ocr import BookContext, NoteSequence, correct_block
from edition.ingest.ocr import original_text as joined

MISSING_TITLE = "[title not in source]"


LAYOUT_CHAPTERS = 2  # ornamented chapter headings in sequence that show this layout
MAX_CHAPTER = 40


def has_book_layout(raw: str) -> bool:
    """Whether the text shows this parser's layout: ornamented chapter headings (`2 * Title`)
    whose numbers count up, at least LAYOUT_CHAPTERS of them."""
    last, found = 0, 0
    for line in raw.split("\n"):
        parts = chapter_heading_parts(line)
        if not parts or not parts[0].isdigit() or not parts[1][:1].isupper():
            continue
        if last < int(parts[0]) <= min(last + 2, MAX_CHAPTER):
            last, found = int(parts[0]), found + 1
    return found >= LAYOUT_CHAPTERS


def parse_ocr_book(raw: str, *, editorial: Editorial | None = None) -> Document:
    """Return the book's divisions, blocks, pages and notes, with a report of what was found."""
    source = raw.split("\n")
    book = _Book(source, editorial or Editorial())
    doc = Document(title="", author="", divisions=book.divisions())
    doc.report = book.report(doc)
    doc.warnings = list(book.warnings)
    return doc


class _Book:
    def __init__(self, source: list[str], editorial: Editorial):
        self.source = source
        self.editorial = editorial
        self.ctx = BookContext.from_lines(source)
        self.counts: Counter = Counter()
        self.warnings: list[str] = []
        versos = verso_titles(source)
        self.heads = find_running_heads(source, versos, skip=set())
        self.headings = find_headings(source, set(self.heads))
        self.notes_start = self.find_notes_start()
        self.pages = self.paginate()

    # Layout -----------------------------------------------------------------------------

    def find_notes_start(self) -> int | None:
        back = next(
            (h.line for h in self.headings if h.role in ("glossary", "index")), len(self.source) + 1
        )
        last_chapter = max((h.line for h in self.headings if h.line < back), default=1)
        start = book_notes.find_notes_start(self.source, last_chapter, back - 1)
        if start is None:
            self.warnings.append("notes: no endnotes section found")
        return start

    def paginate(self) -> Pages:
        starts = find_page_starts(self.source, self.heads, {h.line for h in self.headings})
        pages = build_pages(self.source, starts, self.heads)
        anchors = {self.after(head): page for head, page in self.heads.items()}
        manual = self.editorial.page_anchors
        anchors.update({n: p for n, p in manual.items() if n <= len(self.source)})
        run_names = self.editorial.page_runs
        runs = [h.line for h in self.headings if h.role in run_names or h.number in run_names]
        runs += [self.notes_start] if self.notes_start and "notes" in run_names else []
        number_pages(pages, anchors, runs)
        return pages

    def after(self, line: int) -> int:
        return next(n for n in range(line + 1, len(self.source) + 1) if not self.blank(n))

    def blank(self, no: int) -> bool:
        return is_blank(self.source[no - 1])

    def damaged(self, lines: list[int]) -> bool:
        return any(self.pages.at(n).damage for n in lines)

    # Divisions ----------------------------------------------------------------------------

    def divisions(self) -> list[Division]:
        divisions = []
        bounds = [h.line for h in self.headings] + [len(self.source) + 1]
        for heading, next_line in zip(self.headings, bounds[1:], strict=False):
            end = next_line - 1
            if self.notes_start and heading.line < self.notes_start <= end:
                end = self.notes_start - 1
            divisions.append(self.division(heading, end))
        if self.notes_start:
            self.attach_notes(divisions, bounds)
        return divisions

    def division(self, heading: Heading, end: int) -> Division:
        division = Division(
            role=heading.role,
            title="",
            lines=(heading.line, end),
            number=heading.number,
            part=self.editorial.parts.get(heading.number, ""),
            page=self.pages.at(heading.line).label,
        )
        division.blocks.append(self.heading_block(heading))
        division.title = division.blocks[0].text
        division.flags += [f for f in division.blocks[0].flags if f == TITLE_NOT_IN_SOURCE]
        body = (heading.end + 1, end)
        if heading.role == "glossary":
            division.blocks += self.glossary(*body)
        elif heading.role == "index":
            division.blocks += self.index(*body)
            division.flags.append(TRUNCATED)
        else:
            seq = NoteSequence(chapter=heading.number or heading.role)
            division.blocks += [self.block(d, seq) for d in self.body_drafts(*body)]
        return division

    def heading_block(self, heading: Heading) -> Block:
        if not heading.lines:
            return Block(
                HEADING,
                MISSING_TITLE,
                (heading.line, heading.line),
                level=1,
                number=heading.number,
                flags=[TITLE_NOT_IN_SOURCE],
            )
        lines = [
            title_line(self.source[n - 1]) if n == heading.line else self.source[n - 1]
            for n in heading.lines
        ]
        block = self.corrected(HEADING, lines, heading.lines, None)
        block.level, block.number = 1, heading.number
        block.lines = (heading.line, heading.end)
        return block

    def body_drafts(self, start: int, end: int) -> list[Draft]:
        furniture = {n for n in self.heads if start <= n <= end}
        self.counts["running_heads_removed"] += len(furniture)
        specks = {
            n
            for n in range(start, end + 1)
            if is_orphan(self.source[n - 1]) and not self.pages.at(n).damage
        }
        page_starts = {p.start for p in self.pages.pages if start <= p.start <= end}
        region = Region(self.source, start, end, furniture | specks, page_starts)
        drafts = split_blocks(region)
        table_lines = {n for d in drafts if d.kind == TABLE for n in d.lines}
        self.counts["specks_removed"] += len(specks - table_lines)
        self.counts.update(region.counts)
        return drafts

    # Blocks -------------------------------------------------------------------------------

    def block(self, draft: Draft, seq: NoteSequence | None) -> Block:
        if draft.kind == TABLE:
            text = "\n".join(self.source[n - 1].strip() for n in draft.lines)
            block = Block(TABLE, text, (draft.lines[0], draft.lines[-1]), flags=list(draft.flags))
            block.pages = [PageBreak(0, self.pages.at(draft.lines[0]).label)]
        else:
            lines = [self.source[n - 1] for n in draft.lines]
            block = self.corrected(draft.kind, lines, draft.lines, seq)
            block.level = draft.level
            block.flags = [*draft.flags, *block.flags]
        if self.damaged(draft.lines):
            block.flags.append(DAMAGED)
        block.flags = list(dict.fromkeys(block.flags))
        return block

    def corrected(
        self, kind: str, lines: list[str], numbers: list[int], seq: NoteSequence | None
    ) -> Block:
        res = correct_block(lines, self.ctx, notes=seq)
        block = Block(
            kind,
            res.text,
            (numbers[0], numbers[-1]),
            calls=list(res.calls),
            flags=list(res.flags),
            original=res.original,
            edits=list(res.edits),
        )
        block.pages = self.page_breaks(lines, numbers, res)
        return block

    def page_breaks(self, lines: list[str], numbers: list[int], res) -> list[PageBreak]:
        breaks = []
        for k, no in enumerate(numbers):
            page = self.pages.starting_at(no)
            if page is None:
                continue
            prefix = joined(lines[:k])
            offset = text_offset(len(prefix) + (1 if prefix else 0), res.edits)
            breaks.append(PageBreak(min(offset, len(res.text)), page.label))
        return breaks

    # Back matter --------------------------------------------------------------------------

    def glossary(self, start: int, end: int) -> list[Block]:
        glossary = book_back.parse_glossary(self.source, start, end)
        self.warnings += glossary.warnings
        return [self.definition(term, lines) for term, lines in glossary.pairs]

    def definition(self, term: int, lines: list[int]) -> Block:
        self.count_inner_blanks(lines)
        block = self.corrected(DEFINITION, [self.source[n - 1] for n in lines], lines, None)
        rejoin_lost_hyphens(block, [self.source[n - 1] for n in lines])
        block.term = correct_block([self.source[term - 1]], self.ctx).text
        block.lines = (term, lines[-1])
        return block

    def index(self, start: int, end: int) -> list[Block]:
        entries = book_back.parse_index(self.source, start, end)
        for entry in entries:
            self.count_inner_blanks(entry)
        blocks = [
            self.corrected(INDEX_ENTRY, [self.source[n - 1] for n in e], e, None) for e in entries
        ]
        if blocks:
            blocks[-1].flags.append(TRUNCATED)
        return blocks

    # Notes --------------------------------------------------------------------------------

    def attach_notes(self, divisions: list[Division], bounds: list[int]) -> None:
        end = next(b for b in bounds if b > self.notes_start) - 1
        section = book_notes.parse_notes(self.source, self.notes_start, end)
        self.warnings += section.warnings
        self.counts["specks_removed"] += section.specks
        chapters = {d.number: d for d in divisions if d.number}
        for group in section.groups:
            division = chapters.get(group.chapter)
            if division is None:
                self.warnings.append(f"notes: no chapter {group.chapter!r} for its notes")
                continue
            division.notes += [self.note(group.chapter, draft) for draft in group.notes]

    def count_inner_blanks(self, lines: list[int]) -> None:
        """Blank lines inside one note or back-matter entry are spurious breaks, now joined."""
        inside = range(lines[0], lines[-1] + 1)
        self.counts["spurious_blank_lines_joined"] += sum(self.blank(n) for n in inside)

    def note(self, chapter: str, draft: book_notes.NoteDraft) -> Note:
        self.count_inner_blanks(draft.lines)
        lines = [self.source[n - 1] for n in draft.lines]
        lines[0] = book_notes.strip_number(lines[0])
        res = correct_block(lines, self.ctx, notes=None)
        flags = [*draft.flags, *res.flags] + ([DAMAGED] if self.damaged(draft.lines) else [])
        flags = list(dict.fromkeys(flags))
        return Note(
            label=f"{chapter}.{draft.number}",
            number=draft.number,
            text=res.text,
            lines=(draft.lines[0], draft.lines[-1]),
            calls=list(res.calls),
            flags=flags,
            original=res.original,
            edits=list(res.edits),
        )

    # Report -------------------------------------------------------------------------------

    def report(self, doc: Document) -> dict:
        blocks = [b for d in doc.divisions for b in d.blocks]
        kinds = Counter(b.kind for b in blocks)
        headings = Counter(b.level for b in blocks if b.kind == HEADING)
        report = {
            "divisions": len(doc.divisions),
            "blocks": len(blocks),
            **{f"blocks_{kind.replace('-', '_')}": n for kind, n in sorted(kinds.items())},
            "headings_chapter": headings[1],
            "headings_section": headings[2],
            "pages": len(self.pages.pages),
            "pages_anchored": self.pages.anchored,
            "pages_numbered": sum(bool(p.label) for p in self.pages.pages),
            **{key: self.counts[key] for key in COUNTED},
            "blockquotes": kinds["blockquote"],
            "tables": kinds["table"],
            "notes": sum(len(d.notes) for d in doc.divisions),
            "notes_per_chapter": notes_per_chapter(doc.divisions),
            "note_calls": sum(len(b.calls) for b in blocks),
            "notes_coverage": [notes_coverage(d) for d in doc.divisions if d.role in BODY_ROLES],
            "damaged_blocks": sum(DAMAGED in b.flags for b in blocks),
            "damaged_pages": self.damaged_pages(),
            "warnings": self.warnings,
        }
        return report

    def damaged_pages(self) -> list[str]:
        return [
            f"p. {p.label or '?'} (lines {p.start}-{p.end}): {', '.join(p.damage)}"
            for p in self.pages.pages
            if p.damage
        ]


COUNTED = (
    "running_heads_removed",
    "specks_removed",
    "spurious_blank_lines_joined",
    "missing_breaks_recovered",
)
BODY_ROLES = ("preface", "introduction", "chapter")


def notes_per_chapter(divisions: list[Division]) -> list[str]:
    return [
        f"ch. {d.number}: {len(d.notes)} notes ({d.notes[0].number}-{d.notes[-1].number})"
        for d in divisions
        if d.notes
    ]


def notes_coverage(division: Division) -> str:
    """Calls found, calls whose note text is present, dangling calls, notes nobody calls."""
    calls = [c for b in division.blocks for c in b.calls]
    texts = {note.number for note in division.notes}
    called = {c.number for c in calls}
    with_text = sum(c.number in texts for c in calls)
    name = f"ch. {division.number}" if division.number else division.title
    return (
        f"{name}: {len(calls)} calls, {with_text} with text, "
        f"{len(calls) - with_text} not in source, {len(texts - called)} notes without calls"
    )


def title_line(line: str) -> str:
    """A chapter heading line without its number and ornament (its line end kept: a missing
    trailing space is the corrector's sign of a lost hyphen)."""
    title = chapter_heading_parts(line)[1]
    return title + line[line.index(title) + len(title) :]


def rejoin_lost_hyphens(block: Block, lines: list[str]) -> None:
    """Join words split at a line end whose hyphen the OCR lost (`Sovet|skaya`), if the
    corrector left them apart; the join is recorded as an edit."""
    from edition.ingest.document import Edit

    for k in range(len(lines) - 1, 0, -1):
        if not lines[k - 1][-1:].isalpha():
            continue
        prefix = joined(lines[:k])
        at = text_offset(len(prefix) + 1, block.edits) - 1
        if 0 < at < len(block.text) - 1 and block.text[at] == " " and block.text[at - 1].isalpha():
            block.text = block.text[:at] + block.text[at + 1 :]
            for edit in block.edits:
                if edit.start > at:
                    edit.start, edit.end = edit.start - 1, edit.end - 1
            block.edits.append(Edit(at, at, " ", "", "dehyphenation", "lost-hyphen", 0.9))
    block.edits.sort(key=lambda e: e.start)
    if block.edits and not block.original:
        block.original = joined(lines)

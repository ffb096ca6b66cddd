"""Structure of a text of unknown shape, learned from the text itself.

`parse_structured(raw, ...)` finds pages (form feeds, or lone page numbers in sequence),
running heads and page numbers (page-edge lines that recur), headings (`layout.
classify_heading`), paragraphs (blank lines, indentation or line length), footnotes at page
feet and endnote sections (`notes`), and note calls only where a matching note exists. A
text without headings becomes one division of paragraphs. OCR texts (`ocr=True`) go through
the OCR corrector block by block; other texts keep every word. The report says what was
detected and on what evidence. Pure Python, no Django.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from edition.ingest import notes as note_lib
from edition.ingest.document import (
    HEADING,
    PARAGRAPH,
    Block,
    Division,
    Document,
    Edit,
    Note,
    NoteCall,
    PageBreak,
)
from edition.ingest.layout import (
    TERMINAL,
    PageLayout,
    classify_heading,
    detect_pages,
    is_blank,
    paragraph_shape,
    split_paragraphs,
)

TITLE_CASE_SHARE = 0.3  # more "headings" than this share of blocks: the rule is misfiring
WORD = re.compile(r"[A-Za-z]+")


@dataclass
class _Item:
    """A heading or paragraph before correction: its source line indexes, in order."""

    kind: str
    lines: list[int]
    guess: object = None


@dataclass
class _Div:
    heading: _Item | None
    items: list[_Item] = field(default_factory=list)
    footnotes: list[tuple[int, note_lib.NoteEntry]] = field(default_factory=list)  # (page, note)
    endnotes: list[note_lib.NoteEntry] = field(default_factory=list)
    emptied: bool = False


def parse_structured(
    raw: str, *, title: str = "", author: str = "", ocr: bool = False, page_labels=None
) -> Document:
    """Return the text's divisions, blocks, pages and notes, with a report of the evidence."""
    return _Parser(raw, ocr=ocr, page_labels=page_labels).document(title=title, author=author)


class _Parser:
    def __init__(self, raw: str, *, ocr: bool, page_labels):
        # Line numbers stay those of `raw.split("\n")`, as the loader stores the raw text.
        self.lines = [line.rstrip("\r") for line in raw.split("\n")]
        self.text = [line.replace("\f", "") for line in self.lines]
        self.ocr = ocr
        self.layout: PageLayout = detect_pages(self.lines, page_labels)
        self.evidence: list[str] = list(self.layout.evidence)
        self.footnote_lines: dict[int, tuple[int, note_lib.NoteEntry]] = {}
        self.find_footnotes()
        self.shape = paragraph_shape([self.text[i] for i in self.body_indexes()])
        self.evidence.append(f"paragraphs by {self.shape.rule}: {self.shape.evidence}".rstrip(": "))
        self.ctx = None
        if ocr:
            from edition.ingest.ocr import BookContext

            self.ctx = BookContext.from_lines(self.text)
        self.headings: list[str] = []
        self.called: set[str] = set()
        self.section_note_lines: list[int] = []
        self.counts: Counter = Counter()

    # Layout -----------------------------------------------------------------------------

    def find_footnotes(self) -> None:
        pages = len(self.layout.starts)
        for page in range(pages):
            start = self.layout.starts[page]
            end = self.layout.starts[page + 1] if page + 1 < pages else len(self.lines)
            indexes = [
                i
                for i in range(start, end)
                if i not in self.layout.furniture and not is_blank(self.text[i])
            ]
            for entry in note_lib.page_footnotes(self.text, indexes):
                for i in entry.lines:
                    self.footnote_lines[i] = (page, entry)
        found = len({id(e) for _, e in self.footnote_lines.values()})
        if found:
            self.evidence.append(f"{found} footnotes at page feet, each called on its page")

    def body_indexes(self) -> list[int]:
        return [
            i
            for i in range(len(self.lines))
            if i not in self.layout.furniture and i not in self.footnote_lines
        ]

    def runs(self) -> list[list[int]]:
        """Runs of text lines between blank lines (page furniture and footnotes left out)."""
        runs: list[list[int]] = [[]]
        for i in self.body_indexes():
            if is_blank(self.text[i]):
                runs.append([])
            else:
                runs[-1].append(i)
        return [run for run in runs if run]

    # Items ------------------------------------------------------------------------------

    def items(self, title_case: bool) -> list[_Item]:
        items = []
        for whole in self.runs():
            for run in self.heading_splits(whole):
                guess = classify_heading(self.text[run[0]], title_case_allowed=title_case)
                if len(run) == 1 and guess is not None:
                    items.append(_Item(HEADING, run, guess))
                    continue
                items += self.paragraphs(run)
        return items

    def heading_splits(self, run: list[int]) -> list[list[int]]:
        """A run of lines cut before and after lines that are headings by their wording or
        capitals (not by title case: inside a run, a short line is a paragraph's end)."""
        pieces: list[list[int]] = [[]]
        for k, i in enumerate(run):
            guess = classify_heading(self.text[i], title_case_allowed=False)
            after_close = k == 0 or TERMINAL.search(self.text[run[k - 1]].rstrip())
            if guess is not None and after_close and k + 1 < len(run):
                pieces += [[i], []]
            else:
                pieces[-1].append(i)
        return [piece for piece in pieces if piece]

    def paragraphs(self, run: list[int]) -> list[_Item]:
        items = []
        if run:
            pairs = [(i, self.text[i]) for i in run]
            items += [
                _Item(PARAGRAPH, [i for i, _ in p]) for p in split_paragraphs(pairs, self.shape)
            ]
        return items

    def settled_items(self) -> list[_Item]:
        """Items, without the title-case rule where it would make a heading of every line."""
        items = self.items(title_case=True)
        weak = [
            it for it in items if it.kind == HEADING and it.guess.rule == "short title-case line"
        ]
        paragraphs = sum(it.kind == PARAGRAPH for it in items)
        if weak and (len(weak) > TITLE_CASE_SHARE * len(items) or paragraphs < len(weak)):
            self.evidence.append(
                f"title-case rule off: {len(weak)} short title-case lines in {len(items)} blocks"
            )
            items = self.items(title_case=False)
        return items

    def divisions(self, items: list[_Item]) -> list[_Div]:
        divs: list[_Div] = []
        for item in items:
            if self.subtitle(divs, item):
                item.guess.level = 2
            if item.kind == HEADING and item.guess.level == 1:
                divs.append(_Div(item))
                self.headings.append(self.heading_evidence(item))
                continue
            if not divs:
                divs.append(_Div(None))
            if item.kind == HEADING:
                self.headings.append(self.heading_evidence(item))
            divs[-1].items.append(item)
        for page, entry in {
            id(e): pe for pe in self.footnote_lines.values() for e in [pe[1]]
        }.values():
            div = self.div_of(divs, entry.lines[0])
            div.footnotes.append((page, entry))
        for div in divs:
            self.section_notes(div)
        if self.section_note_lines:
            self.evidence.append(
                f"{self.counts['section_notes']} notes in {len(self.section_note_lines)} blocks "
                f"each called in the text above it (first at line {self.section_note_lines[0]})"
            )
        self.endnotes(divs)
        return divs

    @staticmethod
    def subtitle(divs: list[_Div], item: _Item) -> bool:
        """A plain heading straight under a division's heading heads a section of it."""
        return (
            item.kind == HEADING
            and bool(divs)
            and divs[-1].heading is not None
            and not divs[-1].items
            and not item.guess.role
            and not item.guess.number
        )

    def heading_evidence(self, item: _Item) -> str:
        line = item.lines[0]
        return f"line {line + 1}: {self.text[line].strip()} ({item.guess.rule})"

    def section_notes(self, div: _Div) -> None:
        """Blocks of numbered notes closing a section, each called in the text above them."""
        called: set[int] = set()
        kept = []
        for item in div.items:
            entries = (
                note_lib.numbered_entries(self.text, item.lines) if item.kind == PARAGRAPH else []
            )
            if entries and all(e.number in called for e in entries):
                div.endnotes += entries
                self.section_note_lines.append(item.lines[0] + 1)
                self.counts["section_notes"] += len(entries)
                continue
            called.update(note_lib.call_numbers(" ".join(self.text[i] for i in item.lines)))
            kept.append(item)
        div.items = kept

    def rejoined(self, items: list[_Item]) -> list[_Item]:
        """A paragraph that opens in lowercase after one that stops mid-sentence continues
        it: the break between them (a blank line, a page) is not a paragraph's end."""
        out: list[_Item] = []
        joined = 0
        for item in items:
            prev = out[-1] if out else None
            if (
                prev is not None
                and prev.kind == item.kind == PARAGRAPH
                and not TERMINAL.search(self.text[prev.lines[-1]].rstrip())
                and self.text[item.lines[0]].lstrip()[:1].islower()
            ):
                prev.lines = prev.lines + item.lines
                joined += 1
                continue
            out.append(item)
        if joined:
            self.evidence.append(f"{joined} paragraphs rejoined across a break mid-sentence")
        return out

    def titled(self, items: list[_Item]) -> list[_Item]:
        """A chapter heading followed by a stand-alone title line takes it as its title."""
        out: list[_Item] = []
        for item in items:
            prev = out[-1] if out else None
            if (
                prev is not None
                and prev.kind == HEADING
                and item.kind == HEADING
                and prev.guess.role in ("chapter", "part")
                and len(prev.lines) == 1
                and not item.guess.role
                and not item.guess.number
            ):
                prev.lines = prev.lines + item.lines
                continue
            out.append(item)
        return out

    def div_of(self, divs: list[_Div], index: int) -> _Div:
        best = divs[0]
        for div in divs:
            first = (
                div.heading.lines[0] if div.heading else (div.items[0].lines[0] if div.items else 0)
            )
            if first <= index:
                best = div
        return best

    def endnotes(self, divs: list[_Div]) -> None:
        """Entries of a notes section go to the divisions that call them, group by group."""
        for div in [d for d in divs if d.heading and d.heading.guess.role == "notes"]:
            lines = [i for item in div.items for i in item.lines]
            groups = note_lib.endnote_entries(self.text, lines)
            callers = [
                d
                for d in divs[: divs.index(div)]
                if 1
                in note_lib.call_numbers(" ".join(self.text[i] for it in d.items for i in it.lines))
            ]
            if not groups or not callers:
                continue
            used = {i for group in groups for e in group for i in e.lines}
            for group, caller in zip(groups, callers, strict=False):
                caller.endnotes += group
            div.items = [it for it in div.items if not set(it.lines) <= used]
            div.emptied = not div.items
            self.evidence.append(
                f"endnotes section at line {div.heading.lines[0] + 1}: "
                f"{sum(map(len, groups))} entries in {len(groups)} groups"
            )

    # Document ---------------------------------------------------------------------------

    def document(self, *, title: str, author: str) -> Document:
        items = self.rejoined(self.titled(self.settled_items()))
        divs = self.divisions(items)
        opening = divs[0].heading if divs and divs[0].heading else None
        found = self.text[opening.lines[0]].strip() if opening and not opening.guess.role else ""
        doc_title = title or found
        doc = Document(title=doc_title, author=author)
        part = ""
        for n, div in enumerate(divs, 1):
            if div.heading and div.heading.guess.role == "part":
                part = self.text[div.heading.lines[0]].strip()
            if div.emptied:
                continue  # a notes section whose every entry went to its chapter
            division = self.division(div, n, part, doc_title)
            if division.blocks or division.notes:
                doc.divisions.append(division)
        doc.report = self.report(doc)
        return doc

    def division(self, div: _Div, n: int, part: str, doc_title: str) -> Division:
        guess = div.heading.guess if div.heading else None
        role = division_role(guess)
        first = div.heading.lines[0] if div.heading else div.items[0].lines[0] if div.items else 0
        last = max([first, *[i for it in div.items for i in it.lines]])
        division = Division(
            role=role,
            title=self.text[first].strip() if div.heading else doc_title,
            lines=(first + 1, last + 1),
            number=guess.number if guess and role == "chapter" else "",
            part=part if role == "chapter" else "",
            page=self.layout.labels[self.layout.page_of(first)] if self.layout.starts else "",
        )
        if div.heading:
            division.blocks.append(self.block(div.heading, 1, guess.number))
            division.title = division.blocks[0].text
        notes = self.notes(div, n)
        for item in div.items:
            level = item.guess.level if item.kind == HEADING else 0
            block = self.block(item, level, item.guess.number if item.guess else "")
            if item.kind == PARAGRAPH and notes:
                self.attach_calls(block, item, notes)
            division.blocks.append(block)
        called = {c.label for b in division.blocks for c in b.calls}
        division.notes = [note for note, _ in notes.values() if note.label in called] + [
            note for note, _ in notes.values() if note.label not in called
        ]
        return division

    def notes(self, div: _Div, n: int) -> dict[str, tuple[Note, int | None]]:
        """label -> (note, page index or None for endnotes)."""
        found: dict[str, tuple[Note, int | None]] = {}
        entries = [(page, e) for page, e in div.footnotes] + [(None, e) for e in div.endnotes]
        for page, entry in entries:
            label = f"{n}.{entry.number}"
            while label in found:
                label += "+"
            lines = [self.text[i] for i in entry.lines]
            lines[0] = note_lib.note_body(lines[0])
            text, original, edits = self.words(lines, note=True)
            note = Note(label, entry.number, text, (entry.lines[0] + 1, entry.lines[-1] + 1))
            note.original, note.edits = original, edits
            found[label] = (note, page)
        return found

    def attach_calls(self, block: Block, item: _Item, notes: dict) -> None:
        """Take the block's calls to notes of its scope (its pages' footnotes, or the
        division's endnotes) that are not called yet, in sequence."""
        pages = {self.layout.page_of(i) for i in item.lines} if self.layout.starts else set()
        free = {
            label: note
            for label, (note, page) in notes.items()
            if (page is None or page in pages) and label not in self.called
        }
        if not free:
            return
        numbers = {note.number for note in free.values()}
        text, taken = note_lib.take_calls(block.text, numbers, start=min(numbers) - 1)
        for offset, number, printed in taken:
            label = next(
                lb for lb, note in free.items() if note.number == number and lb not in self.called
            )
            self.called.add(label)
            block.calls.append(NoteCall(offset, number, label, printed))
            self.shift(block, offset, len(printed), printed)
        block.text = text

    def shift(self, block: Block, at: int, length: int, printed: str) -> None:
        """Offsets after a removed call move back; OCR blocks record the removal as an edit."""
        for brk in block.pages:
            if brk.offset > at:
                brk.offset -= length
        if not self.ocr:
            return
        for edit in block.edits:
            if edit.start >= at + length:
                edit.start, edit.end = edit.start - length, edit.end - length
        block.edits.append(Edit(at, at, printed, "", "note-calls", "call with its note", 0.9))
        block.edits.sort(key=lambda e: e.start)
        block.original = block.original or block.text

    def block(self, item: _Item, level: int, number: str) -> Block:
        lines = [self.text[i] for i in item.lines]
        text, original, edits = self.words(lines)
        if item.kind == HEADING and number and level > 1:
            text = text[len(number) :].lstrip(". )") or text
        block = Block(
            item.kind, text, (item.lines[0] + 1, item.lines[-1] + 1), level=level, number=number
        )
        block.original, block.edits = original, edits
        block.pages = self.page_breaks(item.lines, lines, block)
        return block

    def words(self, lines: list[str], note: bool = False) -> tuple[str, str, list]:
        """(reading text, original text or "", edits) of one block's lines."""
        if self.ocr:
            from edition.ingest.ocr import correct_block

            res = correct_block(lines, self.ctx, notes=None, kind="note" if note else "body")
            return res.text, (res.original if res.edits else ""), list(res.edits)
        return join_lines(lines), "", []

    def page_breaks(self, indexes: list[int], lines: list[str], block: Block) -> list[PageBreak]:
        if not self.layout.starts:
            return []
        breaks = []
        for k, i in enumerate(indexes):
            page = self.layout.page_of(i)
            first = k == 0 or self.layout.page_of(indexes[k - 1]) != page
            if first and (k > 0 or self.first_text_of_page(i)):
                offset = len(join_lines(lines[:k])) + (1 if k else 0)
                if self.ocr and block.edits:
                    from edition.ingest.book_pages import text_offset

                    offset = text_offset(offset, block.edits)
                breaks.append(PageBreak(min(offset, len(block.text)), self.layout.labels[page]))
        return breaks

    def first_text_of_page(self, index: int) -> bool:
        page = self.layout.page_of(index)
        start = self.layout.starts[page]
        return all(
            is_blank(self.text[i]) or i in self.layout.furniture or i in self.footnote_lines
            for i in range(start, index)
        )

    # Report -----------------------------------------------------------------------------

    def report(self, doc: Document) -> dict:
        blocks = [b for d in doc.divisions for b in d.blocks]
        kinds = Counter(b.kind for b in blocks)
        return {
            "parser": "structure learned from the text" + (" (OCR corrected)" if self.ocr else ""),
            "evidence": self.evidence,
            "pages": len(self.layout.starts),
            "pages_numbered": sum(bool(label) for label in self.layout.labels),
            "page_furniture_removed": len(self.layout.furniture),
            "divisions": len(doc.divisions),
            "blocks": len(blocks),
            "headings": self.headings or ["none detected: one division of paragraphs"],
            "paragraphs": kinds[PARAGRAPH],
            "notes": sum(len(d.notes) for d in doc.divisions),
            "note_calls": sum(len(b.calls) for b in blocks),
            "corrections": sum(len(b.edits) for b in blocks),
        }


def division_role(guess) -> str:
    """A part's own page is body text; a numbered heading opens a chapter."""
    if guess is None or guess.role == "part":
        return "body"
    return guess.role or ("chapter" if guess.number else "body")


def join_lines(lines: list[str]) -> str:
    """One line of text: whitespace collapsed; a word hyphenated across a line end is
    rejoined only as `well-known` (the hyphen kept: no word is changed)."""
    out = ""
    for line in lines:
        piece = " ".join(line.split())
        if not piece:
            continue
        if out.endswith("-") and len(out) > 1 and out[-2].isalpha() and piece[:1].isalpha():
            out += piece
        else:
            out = f"{out} {piece}" if out else piece
    return out

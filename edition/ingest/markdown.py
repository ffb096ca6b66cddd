"""Markdown sources: `#` headings, paragraphs, quotations, lists, emphasis and `[^n]` footnotes.

Parsed with markdown-it-py (CommonMark). Every word is kept; markup becomes structure
(headings, emphasis spans, note calls) instead of characters. Pure Python, no Django.
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt

from edition.ingest.document import (
    BLOCKQUOTE,
    HEADING,
    PARAGRAPH,
    TABLE,
    Block,
    Division,
    Document,
    Emphasis,
    Note,
    NoteCall,
)

DEFINITION = re.compile(r"^\[\^(?P<label>[^\]\s]+)\]:\s?(?P<text>.*)$")
CALL = re.compile(r"\[\^(?P<label>[^\]\s]+)\]")


def parse_markdown(raw: str, *, title: str = "") -> Document:
    """Headings of level 1 start divisions (level 2 when the text has a single `#` title)."""
    body, definitions = split_footnotes(raw)
    tokens = MarkdownIt("commonmark").parse(body)
    blocks = list(_blocks(tokens))
    levels = sorted({b.level for b in blocks if b.kind == HEADING})
    top = levels[0] if levels else 1
    if sum(b.kind == HEADING and b.level == top for b in blocks) == 1 and len(levels) > 1:
        top = levels[1]  # a lone top heading is the document's title
    doc_title = title or next((b.text for b in blocks if b.kind == HEADING), "")
    document = Document(title=doc_title, author="")
    for block in blocks:
        if block.kind == HEADING and block.level <= top or not document.divisions:
            role = "chapter" if block.kind == HEADING else "body"
            name = block.text if block.kind == HEADING else doc_title
            document.divisions.append(Division(role, name, block.lines))
        division = document.divisions[-1]
        division.blocks.append(block)
        division.lines = (division.lines[0], block.lines[1])
    _attach_notes(document, definitions)
    document.report = _report(document, definitions)
    return document


def split_footnotes(raw: str) -> tuple[str, dict[str, tuple[int, str]]]:
    """The text without its `[^label]: ...` definitions, and label -> (line, note text)."""
    kept, definitions, current = [], {}, None
    for n, line in enumerate(raw.split("\n"), 1):
        match = DEFINITION.match(line)
        if match:
            current = match["label"]
            definitions[current] = (n, match["text"].strip())
            kept.append("")
        elif current and line.startswith(("    ", "\t")) and line.strip():
            first, text = definitions[current]
            definitions[current] = (first, f"{text} {line.strip()}")
            kept.append("")
        else:
            current = None if line.strip() else current
            kept.append(line)
    return "\n".join(kept), definitions


def _blocks(tokens):
    kind, level, quote = PARAGRAPH, 0, 0
    for token in tokens:
        if token.type == "blockquote_open":
            quote += 1
        elif token.type == "blockquote_close":
            quote -= 1
        elif token.type == "heading_open":
            kind, level = HEADING, int(token.tag[1])
        elif token.type in ("fence", "code_block"):
            lines = (token.map[0] + 1, token.map[1])
            yield Block(TABLE, token.content.rstrip("\n"), lines)
        elif token.type == "inline":
            block_kind = BLOCKQUOTE if quote and kind == PARAGRAPH else kind
            yield _inline_block(token, block_kind, level)
            kind, level = PARAGRAPH, 0


def _inline_block(token, kind: str, level: int) -> Block:
    text, emphasis, calls, opened = "", [], [], []
    for child in token.children or []:
        if child.type in ("text", "code_inline", "html_inline"):
            piece, pos = child.content, 0
            for match in CALL.finditer(piece):
                text += piece[pos : match.start()]
                calls.append((len(text), match["label"]))
                pos = match.end()
            text += piece[pos:]
        elif child.type in ("softbreak", "hardbreak"):
            text += " "
        elif child.type in ("em_open", "strong_open"):
            opened.append(len(text))
        elif child.type in ("em_close", "strong_close") and opened:
            emphasis.append(Emphasis(opened.pop(), len(text)))
    lines = (token.map[0] + 1, token.map[1]) if token.map else (0, 0)
    block = Block(kind, text.strip(), lines, level=level)
    block.emphasis = [e for e in emphasis if e.end > e.start]
    block.calls = [NoteCall(offset, None, label, f"[^{label}]") for offset, label in sorted(calls)]
    return block


def _attach_notes(document: Document, definitions: dict[str, tuple[int, str]]) -> None:
    """Each note goes to the division of its first call; calls without a note are dropped."""
    placed = set()
    for division in document.divisions:
        for block in division.blocks:
            kept = []
            for call in block.calls:
                if call.label not in definitions:
                    continue
                call.number = _number(call.label, len(placed) + 1)
                kept.append(call)
                if call.label not in placed:
                    placed.add(call.label)
                    line, text = definitions[call.label]
                    division.notes.append(Note(call.label, call.number, text, (line, line)))
            block.calls = kept
    for label, (line, text) in definitions.items():
        if label not in placed and document.divisions:
            number = _number(label, len(placed) + 1)
            document.divisions[-1].notes.append(Note(label, number, text, (line, line)))
    for division in document.divisions:
        division.notes.sort(key=lambda note: note.number)


def _number(label: str, fallback: int) -> int:
    return int(label) if label.isdigit() else fallback


def _report(document: Document, definitions: dict) -> dict:
    blocks = [b for d in document.divisions for b in d.blocks]
    return {
        "parser": "Markdown (CommonMark)",
        "divisions": len(document.divisions),
        "blocks": len(blocks),
        "headings": [
            f"line {b.lines[0]}: {'#' * b.level} {b.text}" for b in blocks if b.kind == HEADING
        ]
        or ["none: one division of paragraphs"],
        "paragraphs": sum(b.kind == PARAGRAPH for b in blocks),
        "notes": len(definitions),
        "note_calls": sum(len(b.calls) for b in blocks),
    }

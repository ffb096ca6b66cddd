"""Whole-edition exports: Markdown with footnotes, and JSON with every passage's IRI."""

from __future__ import annotations

from django.conf import settings

from edition.models import Edition, Passage, Section

NOT_IN_SOURCE = "Note text not in the source."


def edition_passages(edition: Edition) -> tuple[list[Section], dict[int, list[Passage]]]:
    """Sections in order and their current passages, in two queries."""
    sections = edition.current_sections()
    by_section: dict[int, list[Passage]] = {s.pk: [] for s in sections}
    for passage in edition.passages.current().order_by("order"):
        by_section.setdefault(passage.section_id, []).append(passage)
    return sections, by_section


def yaml_quote(value) -> str:
    text = str(value).replace("\\", "\\\\").replace('"', '\\"')
    return f'"{text}"'


def edition_markdown(edition: Edition) -> str:
    """The reading text as Markdown: front matter, headings, paragraphs, footnotes."""
    work = edition.work
    front = [
        "---",
        f"title: {yaml_quote(work.title)}",
        f"author: {yaml_quote(work.author)}",
        f"year: {work.year if work.year else 'null'}",
        f"source: {yaml_quote(edition.source_file)}",
        f"version: {edition.version}",
        "---",
    ]
    out = ["\n".join(front)]
    sections, by_section = edition_passages(edition)
    for section in sections:
        out.extend(_section_markdown(section, by_section.get(section.pk, [])))
    return "\n\n".join(out) + "\n"


def _section_markdown(section: Section, passages: list[Passage]) -> list[str]:
    blocks = [p for p in passages if p.kind != Passage.Kind.NOTE]
    notes = {p.label: p for p in passages if p.kind == Passage.Kind.NOTE}
    out = []
    if not (blocks and blocks[0].kind == Passage.Kind.HEADING and blocks[0].level == 1):
        out.append(f"# {section.display_title}")
    calls = []
    for passage in blocks:
        out.append(_block_markdown(passage))
        calls.extend(c["label"] for c in passage.inline.get("calls", []))
    uncalled = _uncalled_notes(notes, calls)
    for note in uncalled.pop(None, []):
        out.append(f"[^{note}]: {inline_markdown(notes.pop(note))}")
    for label in calls:
        note = notes.pop(label, None)
        out.append(f"[^{label}]: {inline_markdown(note) if note else NOT_IN_SOURCE}")
        # Notes whose call the source lost follow the call before them: in sequence.
        for other in uncalled.pop(label, []):
            out.append(f"[^{other}]: {inline_markdown(notes.pop(other))}")
    return out


def _uncalled_notes(notes: dict[str, Passage], calls: list[str]) -> dict[str | None, list[str]]:
    """Each note without a call, under the last call numbered below it (None: before all)."""
    numbers = {label: _note_number(label, notes) for label in calls}
    placed: dict[str | None, list[str]] = {}
    for label in notes:
        if label in numbers:
            continue
        number = _note_number(label, notes)
        before = [
            c
            for c in calls
            if numbers[c] is not None and number is not None and numbers[c] < number
        ]
        placed.setdefault(before[-1] if before else None, []).append(label)
    return placed


def _note_number(label: str, notes: dict[str, Passage]) -> int | None:
    note = notes.get(label)
    number = note.number if note else label.rsplit(".", 1)[-1]
    return int(number) if str(number).isdigit() else None


def _block_markdown(passage: Passage) -> str:
    text = inline_markdown(passage)
    if passage.kind == Passage.Kind.HEADING:
        prefix = f"{passage.number} " if passage.number and passage.level > 1 else ""
        return f"{'#' * max(1, min(passage.level, 6))} {prefix}{text}"
    if passage.kind == Passage.Kind.BLOCKQUOTE:
        return "\n".join(f"> {line}" for line in text.split("\n"))
    if passage.kind == Passage.Kind.TABLE:
        return f"```text\n{passage.text}\n```"
    if passage.kind == Passage.Kind.DEFINITION:
        return f"{passage.term}\n: {text}"
    if passage.kind == Passage.Kind.INDEX_ENTRY:
        return f"- {text}"
    return text


def inline_markdown(passage: Passage) -> str:
    """The passage text with footnote references and emphasis in Markdown."""
    inserts: list[tuple[int, int, str]] = []
    for start, end in passage.inline.get("emphasis", []):
        inserts.append((start, 1, "*"))
        inserts.append((end, 0, "*"))
    for call in passage.inline.get("calls", []):
        inserts.append((call["offset"], 2, f"[^{call['label']}]"))
    text = passage.text
    for offset, _, mark in sorted(inserts, reverse=True):
        text = text[:offset] + mark + text[offset:]
    return text


def edition_json(edition: Edition) -> dict:
    """The edition's structure, with every passage's id, IRI and reading text."""
    work = edition.work
    sections, by_section = edition_passages(edition)
    return {
        "slug": edition.slug,
        "url": settings.SITE_URL + edition.get_absolute_url(),
        "title": work.title,
        "author": work.author,
        "year": work.year,
        "source": edition.source_file,
        "kind": edition.kind,
        "version": edition.version,
        "sections": [_section_json(s, by_section.get(s.pk, [])) for s in sections],
    }


def _section_json(section: Section, passages: list[Passage]) -> dict:
    return {
        "slug": section.slug,
        "url": settings.SITE_URL + section.get_absolute_url(),
        "role": section.role,
        "number": section.number,
        "part": section.part,
        "title": section.title,
        "page": section.page,
        "lines": [section.line_start, section.line_end],
        "passages": [passage_json(p) for p in passages],
    }


def passage_json(passage: Passage) -> dict:
    data = {
        "id": passage.anchor,
        "url": passage.get_iri(),
        "kind": passage.kind,
        "text": passage.text,
        "lines": [passage.line_start, passage.line_end],
    }
    optional = {
        "level": passage.level,
        "number": passage.number,
        "label": passage.label,
        "term": passage.term,
        "page": passage.page,
        "flags": passage.flags,
        "calls": passage.inline.get("calls"),
        "pages": passage.inline.get("pages"),
        "emphasis": passage.inline.get("emphasis"),
    }
    data.update({k: v for k, v in optional.items() if v})
    return data

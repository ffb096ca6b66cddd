"""Write a parsed `Document` into the database. The caller holds the transaction.

Re-ingestion updates rows in place: sections by slug, passages by stable anchor (see
`anchors.py`), so that everything pointing at a passage keeps pointing at it. Passages
that disappear are retired, never deleted. A re-ingest that changes the text publishes a
new edition version through `edition.versions.version_record` (each changed passage's
previous text is kept), so earlier versions still read as readers saw them; an unchanged
source writes no version. Automatic corrections of a passage are replaced
only when they changed; the old rows are kept, marked superseded.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import asdict, dataclass, field

from django.utils import timezone
from django.utils.text import slugify

from edition.anchoring import selections_follow, selections_orphan
from edition.ingest import anchors as anchor_lib
from edition.ingest.decisions import apply_decisions, apply_rewrite
from edition.ingest.document import DAMAGED, Division, Document
from edition.ingest.manifest import ManifestEntry
from edition.models import (
    Correction,
    CorrectionDecision,
    Edition,
    FlaggedRegion,
    Passage,
    RegionDecision,
    Section,
    Work,
)
from edition.search import edition_index_on_commit
from edition.versions import version_record

PASSAGE_FIELDS = [
    "section",
    "order",
    "kind",
    "text",
    "original",
    "term",
    "level",
    "number",
    "label",
    "line_start",
    "line_end",
    "page",
    "inline",
    "flags",
    "retired",
]


@dataclass
class Row:
    """One passage-to-be: a block or a note, with its section and its automatic edits."""

    division: int
    kind: str
    text: str
    original: str
    lines: tuple[int, int]
    term: str = ""
    level: int = 0
    number: str = ""
    label: str = ""
    page: str = ""
    inline: dict = field(default_factory=dict)
    flags: list = field(default_factory=list)
    edits: list = field(default_factory=list)

    @property
    def source_text(self) -> str:
        return self.original or self.text


@dataclass
class LoadResult:
    edition: Edition
    created: bool
    counts: Counter


def edition_load(*, entry: ManifestEntry, raw: str, sha256: str, document: Document) -> LoadResult:
    """Create or update the edition of `entry` from its parsed `document`."""
    counts: Counter = Counter()
    edition, created = _upsert_edition(entry, raw, sha256, document)
    sections = _upsert_sections(edition, document.divisions, counts)
    rows = _rows(document)
    _dedupe_labels(rows)
    decided = _apply_decisions(edition, rows, document)
    counts["decisions_applied"] = decided
    changed, text_changes = _upsert_passages(edition, sections, rows, counts)
    if changed and not created:
        version_record(
            edition=edition, changes=text_changes, note=f"Re-ingested from {edition.source_file}"
        )
    _finish_edition(edition, rows, document, counts)
    edition_index_on_commit(edition_id=edition.pk)
    return LoadResult(edition=edition, created=created, counts=counts)


def _upsert_edition(entry, raw, sha256, document) -> tuple[Edition, bool]:
    edition = Edition.objects.select_related("work").filter(slug=entry.slug).first()
    if edition is None:
        work = Work.objects.create(title=entry.title, author=entry.author, year=entry.year)
        edition = Edition.objects.create(
            work=work,
            slug=entry.slug,
            kind=entry.kind,
            source_file=entry.source,
            raw_text=raw,
            raw_sha256=sha256,
            ingested_at=timezone.now(),
        )
        return edition, True
    work = edition.work
    work.title, work.author, work.year = entry.title, entry.author, entry.year
    work.save(update_fields=["title", "author", "year"])
    edition.kind, edition.source_file = entry.kind, entry.source
    edition.raw_text, edition.raw_sha256 = raw, sha256
    edition.save(update_fields=["kind", "source_file", "raw_text", "raw_sha256"])
    return edition, False


def section_slug(division: Division, taken: set[str]) -> str:
    if division.role == "chapter" and division.number:
        base = f"chapter-{slugify(division.number)}"
    else:
        base = slugify(division.title)[:60] or division.role
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    taken.add(slug)
    return slug


def _upsert_sections(edition, divisions, counts) -> list[Section]:
    existing = {s.slug: s for s in edition.sections.all()}
    taken: set[str] = set()
    sections = []
    for order, division in enumerate(divisions):
        values = dict(
            order=order,
            role=division.role,
            number=division.number,
            part=division.part,
            title=division.title,
            line_start=division.lines[0],
            line_end=division.lines[1],
            page=division.page,
            flags=division.flags,
        )
        slug = section_slug(division, taken)
        section = existing.pop(slug, None)
        if section is None:
            sections.append(Section.objects.create(edition=edition, slug=slug, **values))
            counts["sections_created"] += 1
            continue
        for name, value in values.items():
            setattr(section, name, value)
        section.save(update_fields=list(values))
        sections.append(section)
    _park_old_sections(existing.values(), len(divisions))
    counts["sections"] = len(sections)
    return sections


def _park_old_sections(old_sections, after: int) -> None:
    """Sections gone from the source keep their rows (retired passages point at them)."""
    for n, section in enumerate(old_sections):
        section.order = after + 1 + n
        section.flags = sorted(set(section.flags) | {"retired"})
        section.save(update_fields=["order", "flags"])


def _rows(document: Document) -> list[Row]:
    rows: list[Row] = []
    page = ""
    for index, division in enumerate(document.divisions):
        page = division.page or page
        for block in division.blocks:
            start_page = _start_page(block.pages, page)
            page = block.pages[-1].page if block.pages and block.pages[-1].page else page
            rows.append(
                Row(
                    division=index,
                    kind=block.kind,
                    text=block.text,
                    original=block.original,
                    lines=block.lines,
                    term=block.term,
                    level=block.level,
                    number=block.number,
                    page=start_page,
                    inline=_inline(block),
                    flags=list(block.flags),
                    edits=list(block.edits),
                )
            )
        for note in division.notes:
            rows.append(
                Row(
                    division=index,
                    kind=Passage.Kind.NOTE,
                    text=note.text,
                    original=note.original,
                    lines=note.lines,
                    number=str(note.number),
                    label=note.label,
                    inline=_inline(note),
                    flags=list(note.flags),
                    edits=list(note.edits),
                )
            )
    return rows


def _start_page(pages, page: str) -> str:
    if pages and pages[0].offset == 0 and pages[0].page:
        return pages[0].page
    return page


def _inline(item) -> dict:
    inline = {}
    if item.calls:
        inline["calls"] = [asdict(c) for c in item.calls]
    if getattr(item, "pages", None):
        inline["pages"] = [asdict(p) for p in item.pages]
    if item.emphasis:
        inline["emphasis"] = [[e.start, e.end] for e in item.emphasis]
    return inline


def _dedupe_labels(rows: list[Row]) -> None:
    """Make every call label unique in the edition (unreadable calls share "?" labels)."""
    seen: set[str] = set()
    for row in rows:
        for n, call in enumerate(row.inline.get("calls", [])):
            label = call["label"]
            if label in seen or label.endswith("?"):
                stem = label.rstrip("?").rstrip(".")
                label = f"{stem}.u{n}-{len(seen)}" if stem else f"u{n}-{len(seen)}"
                call["label"] = label
            seen.add(label)


def _apply_decisions(edition, rows: list[Row], document) -> int:
    """Re-apply editors' decisions (latest per correction) to the fresh parse."""
    keys = [_row_key(row) for row in rows]
    anchors = anchor_lib.assign_anchors(keys)
    latest = {}
    for d in CorrectionDecision.objects.filter(edition=edition).order_by("created", "pk"):
        latest[(d.anchor, d.original, d.replacement, d.occurrence)] = d
    by_anchor = defaultdict(list)
    for (anchor, *_), decision in latest.items():
        by_anchor[anchor].append(decision)
    applied = 0
    for row, anchor in zip(rows, anchors, strict=True):
        if anchor in by_anchor:
            applied += apply_decisions(row, by_anchor[anchor])
    return applied + _apply_rewrites(edition, rows)


def _apply_rewrites(edition, rows: list[Row]) -> int:
    """Editors' rewrites of flagged regions: the latest decision per region counts."""
    latest = {}
    for d in RegionDecision.objects.filter(edition=edition).order_by("created", "pk"):
        latest[(d.line_start, d.line_end)] = d
    applied = 0
    for row in rows:
        decision = latest.get(tuple(row.lines))
        if decision is not None and decision.decision == RegionDecision.Decision.REWRITTEN:
            apply_rewrite(row, decision.text)
            applied += 1
    return applied


def _row_key(row: Row) -> str:
    return anchor_lib.anchor_key(row.kind, row.source_text, row.label)


def _upsert_passages(edition, sections, rows, counts) -> tuple[bool, list]:
    """Whether the text changed, and (passage, old text, old inline) for each passage whose
    text did (the passage holds its new values)."""
    anchors = anchor_lib.assign_anchors([_row_key(row) for row in rows])
    existing = {p.anchor: p for p in Passage.objects.filter(edition=edition)}
    moved = anchor_lib.match_moved(
        {a: (r.kind, r.source_text) for a, r in zip(anchors, rows, strict=True)},
        {a: (p.kind, p.original or p.text) for a, p in existing.items() if not p.retired},
    )
    anchors = [moved.get(a, a) for a in anchors]
    counts["passages_moved"] = len(moved)
    changed = False
    to_create, to_update, keep, text_changes = [], [], set(), []
    for order, (anchor, row) in enumerate(zip(anchors, rows, strict=True)):
        values = _values(row, sections, order)
        passage = existing.get(anchor)
        keep.add(anchor)
        if passage is None:
            to_create.append(Passage(edition=edition, anchor=anchor, **values))
            changed = True
            continue
        if passage.text != row.text:
            changed = True
            text_changes.append((passage, passage.text, passage.inline))
        if _differs(passage, values):
            for name, value in values.items():
                setattr(passage, name, value)
            to_update.append(passage)
        else:
            counts["passages_unchanged"] += 1
    Passage.objects.bulk_create(to_create, batch_size=500)
    Passage.objects.bulk_update(to_update, PASSAGE_FIELDS, batch_size=500)
    # The same engine as a published version: the spans move through the text's diff.
    selections_follow(changes=[(p, old, None) for p, old, _ in text_changes])
    counts["passages_created"] += len(to_create)
    counts["passages_updated"] += len(to_update)
    retired = [p for a, p in existing.items() if a not in keep and not p.retired]
    for passage in retired:
        passage.retired = True
    Passage.objects.bulk_update(retired, ["retired"], batch_size=500)
    selections_orphan(passages=retired)
    counts["passages_retired"] += len(retired)
    changed = changed or bool(retired)
    _store_corrections(edition, dict(zip(anchors, rows, strict=True)), counts)
    _store_flags(edition, dict(zip(anchors, rows, strict=True)), counts)
    return changed, text_changes


def _values(row: Row, sections, order: int) -> dict:
    return dict(
        section=sections[row.division],
        order=order,
        kind=row.kind,
        text=row.text,
        original=row.original if row.original != row.text else "",
        term=row.term,
        level=row.level,
        number=row.number,
        label=row.label,
        line_start=row.lines[0],
        line_end=row.lines[1],
        page=row.page,
        inline=row.inline,
        flags=row.flags,
        retired=False,
    )


def _differs(passage: Passage, values: dict) -> bool:
    for name, value in values.items():
        current = passage.section_id if name == "section" else getattr(passage, name)
        if name == "section":
            value = value.pk
        if current != value:
            return True
    return False


def _edit_tuple(e) -> tuple:
    return (
        e.start,
        e.end,
        e.original,
        e.replacement,
        e.stage,
        e.rule,
        round(e.confidence, 4),
        getattr(e, "decision", ""),
    )


def _store_corrections(edition, rows_by_anchor: dict, counts) -> None:
    passages = {p.anchor: p for p in Passage.objects.filter(edition=edition, retired=False)}
    current = defaultdict(list)
    for c in Correction.objects.current().filter(passage__edition=edition).order_by("pk"):
        current[c.passage_id].append(c)
    stale, fresh = [], []
    for anchor, row in rows_by_anchor.items():
        passage = passages[anchor]
        old = current.get(passage.pk, [])
        old_tuples = [
            (
                c.start,
                c.end,
                c.original,
                c.replacement,
                c.stage,
                c.rule,
                round(c.confidence, 4),
                c.decision,
            )
            for c in old
        ]
        if old_tuples == [_edit_tuple(e) for e in row.edits]:
            continue
        stale.extend(c.pk for c in old)
        fresh.extend(_correction(passage, e) for e in row.edits)
    Correction.objects.filter(pk__in=stale).update(superseded=True)
    Correction.objects.bulk_create(fresh, batch_size=1000)
    counts["corrections"] = sum(len(r.edits) for r in rows_by_anchor.values())
    counts["corrections_written"] += len(fresh)


def _correction(passage: Passage, e) -> Correction:
    return Correction(
        passage=passage,
        start=e.start,
        end=e.end,
        original=e.original,
        replacement=e.replacement,
        stage=e.stage,
        rule=e.rule,
        confidence=e.confidence,
        decision=getattr(e, "decision", ""),
    )


def _store_flags(edition, rows_by_anchor: dict, counts) -> None:
    existing = set(
        FlaggedRegion.objects.filter(edition=edition).values_list("line_start", "line_end")
    )
    passages = {p.anchor: p for p in Passage.objects.filter(edition=edition, retired=False)}
    new = []
    for anchor, row in rows_by_anchor.items():
        if DAMAGED in row.flags and row.lines not in existing:
            new.append(
                FlaggedRegion(
                    edition=edition,
                    passage=passages[anchor],
                    line_start=row.lines[0],
                    line_end=row.lines[1],
                    reason="damaged scan: shown as printed, needs review",
                )
            )
            existing.add(row.lines)
    FlaggedRegion.objects.bulk_create(new)
    counts["flagged_regions"] = FlaggedRegion.objects.filter(edition=edition).count()


def _finish_edition(edition, rows, document, counts) -> None:
    counts["passages"] = len(rows)
    counts["notes"] = sum(1 for r in rows if r.kind == Passage.Kind.NOTE)
    counts["note_calls"] = sum(len(r.inline.get("calls", [])) for r in rows)
    edition.word_count = sum(len(r.text.split()) for r in rows)
    edition.report = {
        "parser": document.report,
        "warnings": document.warnings,
        "load": {k: v for k, v in sorted(counts.items())},
    }
    edition.ingested_at = timezone.now()
    edition.save(update_fields=["version", "word_count", "report", "ingested_at"])
    counts["version"] = edition.version

"""Edition workflows: ingesting texts, editors' decisions on corrections, and who edits."""

from __future__ import annotations

import functools
import hashlib
import json
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from accounts.models import User
from edition.ingest.decisions import clamp_inline, occurrences, shift_inline
from edition.ingest.manifest import ManifestEntry, ManifestError, read_manifest
from edition.ingest.source import SourceError, decode_source, read_source
from edition.loading import edition_load
from edition.models import (
    Correction,
    CorrectionDecision,
    Edition,
    EditionRole,
    FlaggedRegion,
    Passage,
    RegionDecision,
)
from edition.suggestions import suggestions_reapply
from edition.versions import Edit, PassageChange, version_publish

Progress = Callable[[str, str], None]


@dataclass(frozen=True)
class Draft:
    """Where an uploaded file goes: a new edition `slug`, a draft of `uploader`, for the
    group `audience_id` (None: the public library once published)."""

    slug: str
    uploader_id: int
    audience_id: int | None = None


class IngestError(Exception):
    """A text could not be ingested; nothing of it was written."""


@dataclass
class IngestOutcome:
    slug: str
    created: bool
    seconds: float
    counts: dict = field(default_factory=dict)
    report: dict = field(default_factory=dict)
    warnings: list = field(default_factory=list)


def texts_dir() -> Path:
    return Path(settings.FIXTURE_DIRS[0]) / "texts"


def manifest_select(*, manifest: Path, slugs: list[str]) -> list[ManifestEntry]:
    """The manifest's entries, or the named ones; IngestError for unknown names."""
    try:
        entries = read_manifest(manifest)
    except ManifestError as exc:
        raise IngestError(str(exc))
    if not slugs:
        return entries
    by_name = {e.slug: e for e in entries} | {e.source: e for e in entries}
    unknown = [s for s in slugs if s not in by_name]
    if unknown:
        raise IngestError(
            f"not in the manifest: {', '.join(unknown)} "
            f"(known: {', '.join(e.slug for e in entries)})"
        )
    return [by_name[s] for s in slugs]


def source_read(entry: ManifestEntry, directory: Path) -> tuple[str, str]:
    """Return (text, sha256) of the entry's source file; IngestError when unusable."""
    path = directory / entry.source
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise IngestError(f"{entry.slug}: source file {path} not found")
    sha = hashlib.sha256(data).hexdigest()
    if entry.sha256 and entry.sha256 != sha:
        raise IngestError(
            f"{entry.slug}: {entry.source} does not match the manifest's "
            f"sha256 (source texts are immutable; update the manifest only "
            f"for a new source)"
        )
    try:
        return decode_source(data, name=entry.source, max_bytes=settings.INGEST_MAX_BYTES), sha
    except SourceError as exc:
        raise IngestError(f"{entry.slug}: {exc}")


def edition_ingest(
    *,
    entry: ManifestEntry,
    directory: Path,
    progress: Progress | None = None,
    force: bool = False,
) -> IngestOutcome:
    """Parse, correct and store one text, all or nothing. Safe to run again: an unchanged
    source (same bytes, settings and parser code) writes nothing unless `force`."""
    # Imported here: the parsers and the OCR lexicon stay out of web processes.
    from edition.ingest.parse import parse

    say = progress or (lambda step, detail: None)
    started = time.perf_counter()
    say("read", entry.source)
    raw, sha = source_read(entry, directory)
    unchanged = None if force else _unchanged(Edition.objects.filter(slug=entry.slug), entry, sha)
    if unchanged is not None:
        return unchanged
    say("parse", entry.kind)
    try:
        document = parse(
            raw,
            kind=entry.kind,
            title=entry.title,
            author=entry.author,
            editorial=entry.editorial,
        )
    except ValueError as exc:
        raise IngestError(f"{entry.slug}: {exc}")
    return _store(entry, raw, sha, document, say, started)


def edition_ingest_file(
    *,
    data: bytes,
    name: str,
    kind: str = "auto",
    title: str = "",
    author: str = "",
    year: int | None = None,
    progress: Progress | None = None,
    draft: Draft | None = None,
) -> IngestOutcome:
    """Make or update the edition of one uploaded file (`name` is its file name), all or
    nothing. `kind` is auto, ocr, born-digital or clean; auto decides from the text and
    the report says why. The slug comes from the title (given, or found in the text).
    The same file again changes nothing; a changed one publishes a new version.

    With `draft`, the edition is the draft of `draft.slug` (never another edition),
    written as a draft of its uploader for its audience in the same transaction."""
    from edition.ingest.parse import parse_source

    say = progress or (lambda step, detail: None)
    started = time.perf_counter()
    say("read", name)
    same_file = Edition.objects.filter(source_file=Path(name).name)
    if kind != "auto":
        same_file = same_file.filter(kind={"ocr": "ocr-book"}.get(kind, kind))
    if title:
        same_file = same_file.filter(work__title=title)
    if draft is not None:
        same_file = Edition.objects.filter(slug=draft.slug)
    sha = hashlib.sha256(data).hexdigest()
    if (unchanged := _unchanged(same_file, None, sha)) is not None:
        return unchanged
    try:
        source = read_source(data, name=name, max_bytes=settings.INGEST_MAX_BYTES)
        say("parse", kind)
        document, chosen = parse_source(source, kind=kind, title=title, author=author)
    except (SourceError, ValueError) as exc:
        raise IngestError(str(exc))
    title = title or document.title or Path(name).stem.replace("_", " ").strip()
    for division in document.divisions:
        division.title = division.title or title
    slug = slugify(title)[:80].strip("-") or slugify(Path(name).stem)[:80] or "text"
    if draft is not None:
        slug = draft.slug
    entry = ManifestEntry(
        slug=slug,
        title=title,
        author=author or document.author,
        year=year,
        source=Path(name).name,
        kind=chosen,
    )
    return _store(entry, source.text, sha, document, say, started, draft)


def _store(entry, raw, sha, document, say, started, draft=None) -> IngestOutcome:
    passages = sum(
        sum(b.kind != "heading" for b in d.blocks) + len(d.notes) for d in document.divisions
    )
    if not passages:
        raise IngestError(
            f"{entry.slug}: no passage of text found in {entry.source} "
            f"({len(document.divisions)} divisions, no paragraphs)"
        )
    say("write", f"{sum(len(d.blocks) + len(d.notes) for d in document.divisions)} passages")
    document.report["source_key"] = _source_key(entry, sha)
    with transaction.atomic():
        result = edition_load(entry=entry, raw=raw, sha256=sha, document=document)
        if draft is not None and result.created:
            _draft_mark(result.edition, draft)
        warnings = [] if result.created else _suggestions_reapply(result)
    return IngestOutcome(
        slug=entry.slug,
        created=result.created,
        seconds=time.perf_counter() - started,
        counts=dict(result.counts),
        report=document.report,
        warnings=[*document.warnings, *warnings],
    )


def _draft_mark(edition: Edition, draft: Draft) -> None:
    edition.status = Edition.Status.DRAFT
    edition.uploaded_by_id = draft.uploader_id
    edition.audience_id = draft.audience_id
    edition.save(update_fields=["status", "uploaded_by", "audience"])


def _source_key(entry: ManifestEntry, sha: str) -> str:
    """What an edition was made from: the source's bytes, every setting that shapes how
    they are read, and the parsers' code. The same key again means nothing can come out
    differently."""
    settings_json = json.dumps(
        [
            sha,
            entry.kind,
            entry.title,
            entry.author,
            entry.year,
            asdict(entry.editorial),
            _parser_fingerprint(),
        ],
        sort_keys=True,
        default=str,
    )
    return hashlib.sha256(settings_json.encode("utf-8")).hexdigest()


@functools.cache
def _parser_fingerprint() -> str:
    """A hash of the parsers' and corrector's code: a new release reads sources again."""
    package = Path(__file__).resolve().parent / "ingest"
    digest = hashlib.sha256()
    for path in sorted(package.rglob("*.py")):
        digest.update(path.relative_to(package).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def _unchanged(editions, entry: ManifestEntry | None, sha: str) -> IngestOutcome | None:
    """The outcome of ingesting an unchanged source, recognised before parsing: its
    edition exists with the same source hash (and, from a manifest, the same settings).
    Writes nothing; None when the source must be read."""
    edition = editions.filter(raw_sha256=sha).first()
    if edition is None:
        return None
    stored = edition.report.get("parser", {}).get("source_key")
    if entry is not None and stored != _source_key(entry, sha):
        return None
    return IngestOutcome(
        slug=edition.slug,
        created=False,
        seconds=0.0,
        counts={"unchanged": 1},
        report=edition.report,
        warnings=[],
    )


def _suggestions_reapply(result) -> list[str]:
    """Readers' accepted corrections outlive a new source: put back the ones it undid."""
    version, warnings = suggestions_reapply(edition=result.edition)
    if version is not None:
        result.counts["suggestions_reapplied"] += 1
    return warnings


@transaction.atomic
def correction_decide(
    *, correction: Correction, editor: User, decision: str, rewrite: str = "", note: str = ""
) -> CorrectionDecision:
    """Record an editor's decision on an automatic correction and apply it to the text.

    The decision is stored against the passage's stable anchor so that re-ingesting the
    text applies it again.
    """
    if decision not in {"accepted", "reverted", "rewritten"}:
        raise ValueError(f"unknown decision {decision!r}")
    if decision == "rewritten" and not rewrite.strip():
        raise ValueError("a rewrite needs the replacement text")
    passage = correction.passage
    siblings = list(passage.corrections.current().order_by("start"))
    index = next(i for i, c in enumerate(siblings) if c.pk == correction.pk)
    record = CorrectionDecision.objects.create(
        edition=passage.edition,
        anchor=passage.anchor,
        original=correction.original,
        replacement=_auto_replacement(correction),
        occurrence=occurrences(siblings)[index],
        decision=decision,
        rewrite=rewrite,
        note=note,
        editor=editor,
    )
    correction_apply(correction=correction, decision=record)
    return record


def _auto_replacement(correction: Correction) -> str:
    """The automatic replacement, also when an earlier decision changed the row."""
    if not correction.decision:
        return correction.replacement
    first = (
        CorrectionDecision.objects.filter(
            anchor=correction.passage.anchor, original=correction.original
        )
        .order_by("created", "pk")
        .first()
    )
    return first.replacement if first else correction.replacement


def correction_apply(*, correction: Correction, decision: CorrectionDecision) -> None:
    """Change the passage's reading text as `decision` says, shifting later offsets.

    A change of text is published as a new edition version (see edition.versions).
    """
    passage = correction.passage
    new = {"reverted": correction.original, "rewritten": decision.rewrite}.get(
        decision.decision, correction.replacement
    )
    text_changes = new != correction.replacement
    delta = len(new) - (correction.end - correction.start)
    if text_changes:
        version_publish(
            edition=passage.edition,
            user=decision.editor,
            changes=[
                PassageChange(
                    passage=passage,
                    text=passage.text[: correction.start] + new + passage.text[correction.end :],
                    inline=_shifted_inline(passage.inline, correction.end, delta),
                    edits=[Edit(correction.start, correction.end, new)],
                )
            ],
            note=f"OCR correction {decision.decision}: “{correction.replacement}” → “{new}”",
        )
    later = (
        passage.corrections.current().filter(start__gte=correction.end).exclude(pk=correction.pk)
    )
    for other in later:
        other.start, other.end = other.start + delta, other.end + delta
        other.save(update_fields=["start", "end"])
    correction.end = correction.start + len(new)
    correction.replacement = new
    correction.decision = decision.decision
    correction.save(update_fields=["end", "replacement", "decision"])


def _shifted_inline(inline: dict, at: int, delta: int) -> dict:
    inline = {
        k: [dict(item) for item in v] if k in ("calls", "pages") else v for k, v in inline.items()
    }
    inline.setdefault("calls", [])
    inline.setdefault("pages", [])
    shift_inline(inline, at, delta)
    return {k: v for k, v in inline.items() if v}


@transaction.atomic
def region_decide(
    *, region: FlaggedRegion, editor: User, decision: str, text: str = "", note: str = ""
) -> RegionDecision:
    """Record an editor's decision on a flagged region: accept it as shown, or rewrite it.

    A rewrite replaces the passage's reading text (the OCR stays in `original`) and is
    re-applied by every later ingest.
    """
    if decision not in RegionDecision.Decision.values:
        raise ValueError(f"unknown decision {decision!r}")
    if decision == RegionDecision.Decision.REWRITTEN and not text.strip():
        raise ValueError("a rewrite needs the new text")
    record = RegionDecision.objects.create(
        edition=region.edition,
        line_start=region.line_start,
        line_end=region.line_end,
        decision=decision,
        text=text.strip(),
        note=note,
        editor=editor,
    )
    if decision == RegionDecision.Decision.REWRITTEN and region.passage:
        passage_rewrite(passage=region.passage, text=record.text, editor=editor)
    region.resolved_by, region.resolved_at = editor, timezone.now()
    region.save(update_fields=["resolved_by", "resolved_at"])
    return record


def passage_rewrite(*, passage: Passage, text: str, editor: User | None = None) -> None:
    """Replace a passage's reading text with an editor's, as a new edition version; the
    OCR reading is kept."""
    original = passage.original or passage.text
    passage.corrections.current().update(superseded=True)
    Correction.objects.create(
        passage=passage,
        start=0,
        end=len(text),
        original=original,
        replacement=text,
        stage="editor",
        rule="passage rewrite",
        confidence=1.0,
        decision=Correction.Decision.REWRITTEN,
    )
    passage.original = original
    passage.save(update_fields=["original"])
    version_publish(
        edition=passage.edition,
        user=editor,
        note="Passage rewritten by an editor",
        changes=[
            PassageChange(
                passage=passage, text=text, inline=clamp_inline(passage.inline, len(text))
            )
        ],
    )


# Editors ------------------------------------------------------------------------------------


class EditorError(ValueError):
    """The editor role cannot be granted as asked; the message says why."""


@transaction.atomic
def edition_role_grant(*, edition: Edition, username: str, granted_by: User) -> EditionRole:
    """Make the user `username` an editor of `edition`, recording who granted it and when.
    Raises EditorError for an unknown user or one who is an editor already."""
    user = User.objects.filter(username__iexact=username.strip(), is_active=True).first()
    if user is None:
        raise EditorError(f"No active user is called “{username.strip()}”.")
    if EditionRole.objects.filter(edition=edition, user=user).exists():
        raise EditorError(f"{user.username} is an editor of this edition already.")
    return EditionRole.objects.create(
        edition=edition, user=user, granted_by=granted_by, role=EditionRole.Role.EDITOR
    )


def edition_role_revoke(*, role: EditionRole) -> None:
    """Take the editor role back (site staff stay editors of every edition)."""
    role.delete()

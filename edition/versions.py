"""Edition versions: publishing changed passage texts as a new version, reading the text
of any earlier version, word-level diffs, and annotations that follow the text.

Offsets count characters of `Passage.text`; an `Edit` replaces `old[start:end]` with
`text`. A change's edits are sorted, do not overlap, and are given in old-text offsets.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from rapidfuzz import fuzz

from accounts.models import User
from annotations.models import Annotation
from annotations.selectors import CONTEXT, piece_at
from annotations.services import selection_columns
from edition.models import Edition, EditionVersion, Passage, PassageVersion

# A quote whose boundaries fell inside an edit must still look like the corrected words.
CHANGED_MIN_SCORE = 60
SEARCH_MIN_SCORE = 85
SEARCH_WINDOW = 200  # characters either side of the edited place searched for the quote
FUZZY_MIN_LENGTH = 5

_RANK = {"ok": 0, "moved": 1, "changed": 2, "orphaned": 3}


class VersionError(ValueError):
    """A version cannot be published as asked; the message says why."""


@dataclass(frozen=True)
class Edit:
    start: int
    end: int
    text: str

    @property
    def delta(self) -> int:
        return len(self.text) - (self.end - self.start)


@dataclass
class PassageChange:
    """A passage's new reading text. Without `edits`, they are found by diffing."""

    passage: Passage
    text: str
    edits: list[Edit] | None = None
    inline: dict | None = None


# Edits and offsets ------------------------------------------------------------------------


def edits_apply(text: str, edits: list[Edit]) -> str:
    for edit in sorted(edits, key=lambda e: e.start, reverse=True):
        text = text[: edit.start] + edit.text + text[edit.end :]
    return text


def edits_check(text: str, edits: list[Edit]) -> list[Edit]:
    """The edits sorted; VersionError when one leaves the text or two overlap."""
    edits = sorted(edits, key=lambda e: (e.start, e.end))
    for i, edit in enumerate(edits):
        if not 0 <= edit.start <= edit.end <= len(text):
            raise VersionError(f"an edit ({edit.start}..{edit.end}) is outside the text")
        if i and edit.start < edits[i - 1].end:
            raise VersionError("two edits of one passage overlap")
    return edits


def edits_diff(old: str, new: str) -> list[Edit]:
    """An edit script from `old` to `new`: common ends trimmed, the middle diffed."""
    head = 0
    while head < min(len(old), len(new)) and old[head] == new[head]:
        head += 1
    tail = 0
    while tail < min(len(old), len(new)) - head and old[-1 - tail] == new[-1 - tail]:
        tail += 1
    a, b = old[head : len(old) - tail], new[head : len(new) - tail]
    if not a or not b:
        return [Edit(head, head + len(a), b)] if a or b else []
    opcodes = SequenceMatcher(None, a, b, autojunk=False).get_opcodes()
    return [
        Edit(head + i1, head + i2, b[j1:j2]) for tag, i1, i2, j1, j2 in opcodes if tag != "equal"
    ]


def position_map(pos: int, edits: list[Edit], *, is_end: bool) -> tuple[int, bool]:
    """Where `pos` of the old text is in the new one, and whether it was clean (not
    strictly inside an edit). An insertion at a span's start moves the start after it;
    one at its end stays outside the span."""
    shift = 0
    for edit in edits:
        before = edit.end < pos or (edit.end == pos and (not is_end or edit.start < pos))
        if before:
            shift += edit.delta
        elif edit.start < pos < edit.end:
            at = edit.start + shift
            return (at + len(edit.text) if is_end else at), False
        else:
            break
    return pos + shift, True


def _overlaps(edits: list[Edit], start: int, end: int) -> bool:
    return any(
        e.start < end and e.end > start if e.start < e.end else start < e.start < end for e in edits
    )


def inline_through(inline: dict, edits: list[Edit], length: int) -> dict:
    """Inline offsets (note calls, page markers, emphasis) moved through `edits`."""
    result = {}
    for key in ("calls", "pages"):
        items = [
            dict(item, offset=min(position_map(item["offset"], edits, is_end=False)[0], length))
            for item in inline.get(key, [])
        ]
        if items:
            result[key] = items
    emphasis = []
    for start, end in inline.get("emphasis", []):
        s = position_map(start, edits, is_end=False)[0]
        e = position_map(end, edits, is_end=True)[0]
        if s < e:
            emphasis.append([s, e])
    if emphasis:
        result["emphasis"] = emphasis
    return {
        **{
            k: v
            for k, v in inline.items()
            if k not in result and k not in ("calls", "pages", "emphasis")
        },
        **result,
    }


# Annotations follow the text --------------------------------------------------------------


def piece_follow(piece: dict, old: str, new: str, edits: list[Edit]) -> tuple[dict, str]:
    """Move a stored selector piece of a passage through `edits` (old -> new text).

    Returns (piece, state): "ok" (same place), "moved" (same words, shifted), "changed"
    (the edit touched its words: it now holds the corrected words) or "orphaned" (the old
    piece). Only when an edit overlaps the span is the quote searched again, near the
    edit: exactly (best prefix/suffix fit), then fuzzily.
    """
    start, end, exact = piece["start"], piece["end"], piece["exact"]
    new_start, clean_start = position_map(start, edits, is_end=False)
    new_end, clean_end = position_map(end, edits, is_end=True)
    passage = _Text(piece["passage"], piece["passage_id"], new)
    if not _overlaps(edits, start, end):
        state = "ok" if new_start == start else "moved"
        return piece_at(passage, new_start, new_end), state
    found = new[new_start:new_end]
    if new_start < new_end and (
        (clean_start and clean_end) or fuzz.ratio(found, exact) >= CHANGED_MIN_SCORE
    ):
        return piece_at(passage, new_start, new_end), "changed"
    return _search(piece, passage, new_start, new_end)


def _search(piece: dict, passage: _Text, near_start: int, near_end: int) -> tuple[dict, str]:
    new, exact = passage.text, piece["exact"]
    low, high = max(0, near_start - SEARCH_WINDOW), min(len(new), near_end + SEARCH_WINDOW)
    window = new[low:high]
    hits = [m.start() + low for m in re.finditer(re.escape(exact), window)] if exact else []
    if hits:
        best = max(
            hits, key=lambda s: (_context_fit(new, s, s + len(exact), piece), -abs(s - near_start))
        )
        return piece_at(passage, best, best + len(exact)), "moved"
    if len(exact) >= FUZZY_MIN_LENGTH:
        match = fuzz.partial_ratio_alignment(exact, window, score_cutoff=SEARCH_MIN_SCORE)
        if match is not None and match.dest_end > match.dest_start:
            return piece_at(passage, low + match.dest_start, low + match.dest_end), "changed"
    return piece, "orphaned"


def _context_fit(text: str, start: int, end: int, piece: dict) -> int:
    before, after = text[max(0, start - CONTEXT) : start], text[end : end + CONTEXT]
    prefix, suffix = piece.get("prefix", ""), piece.get("suffix", "")
    score = 0
    while score < min(len(before), len(prefix)) and before[-1 - score] == prefix[-1 - score]:
        score += 1
    n = 0
    while n < min(len(after), len(suffix)) and after[n] == suffix[n]:
        n += 1
    return score + n


@dataclass
class _Text:
    anchor: str
    pk: int
    text: str


def _touching(passages: list[Passage]):
    ids = [p.pk for p in passages]
    sections = {p.section_id for p in passages}
    spans = Q(end_passage__isnull=False, passage__section_id__in=sections)
    return Annotation.objects.filter(
        Q(passage_id__in=ids) | Q(end_passage_id__in=ids) | spans,
        root__isnull=True,
        selector_start__isnull=False,
    ).exclude(anchor_state=Annotation.AnchorState.ORPHANED)


def annotations_follow(*, changes: list[tuple[Passage, str, list[Edit]]]) -> dict[str, int]:
    """Move the annotations on the changed passages through their edits, in one read and
    batched writes. `changes` holds (passage with its new text, old text, edits).

    Nothing is deleted; an annotation's `edition_version` (the version it was made on) is
    kept. Returns counts of pieces by resulting state.
    """
    by_id = {passage.pk: (passage, old, edits) for passage, old, edits in changes}
    counts = {"ok": 0, "moved": 0, "changed": 0, "orphaned": 0}
    changed = []
    for annotation in _touching([p for p, _, _ in changes]).select_for_update(of=("self",)):
        pieces, state, touched = list(annotation.selectors), annotation.anchor_state, False
        for i, piece in enumerate(pieces):
            if piece["passage_id"] not in by_id:
                continue
            passage, old, edits = by_id[piece["passage_id"]]
            pieces[i], piece_state = piece_follow(piece, old, passage.text, edits)
            counts[piece_state] += 1
            touched = touched or pieces[i] != piece or piece_state == "orphaned"
            state = max(state, piece_state, key=lambda s: _RANK[s])
        if not touched:
            continue
        annotation.selectors = pieces
        for name, value in selection_columns(pieces).items():
            setattr(annotation, name, value)
        annotation.anchor_state = state
        changed.append(annotation)
    # One UPDATE per moved annotation: cheaper than bulk_update's CASE expressions, which
    # grow with the batch (see bench/bench_versions.py).
    for annotation in changed:
        annotation.save(
            update_fields=[
                "selectors",
                "selector_exact",
                "selector_prefix",
                "selector_suffix",
                "selector_start",
                "selector_end",
                "anchor_state",
                "modified",
            ]
        )
    return counts


# Publishing -------------------------------------------------------------------------------


def _baseline(edition: Edition) -> EditionVersion:
    """The row of the edition's current version; version rows are created lazily."""
    version, _ = EditionVersion.objects.get_or_create(
        edition=edition,
        number=edition.version,
        defaults={
            "created": edition.ingested_at,
            "note": "As ingested" if edition.version == 1 else "Re-ingested",
        },
    )
    return version


@transaction.atomic
def version_publish(
    *, edition: Edition, changes: list[PassageChange], user: User | None = None, note: str = ""
) -> EditionVersion:
    """Publish the changed passage texts as the edition's next version.

    Writes a `PassageVersion` for each changed passage (and, the first time a passage
    changes, one for its previous text), saves the new texts, moves the annotations on
    them through the edits, and bumps `Edition.version`. The raw source is never touched.
    Raises VersionError when nothing would change or the edits do not fit.
    """
    edition = Edition.objects.select_for_update().get(pk=edition.pk)
    prepared = [_prepare(change) for change in changes]
    prepared = [p for p in prepared if p[0].text != p[1]]
    if not prepared:
        raise VersionError("the version would change nothing")
    moved = [(passage, passage.text, edits) for passage, _, edits, _ in prepared]
    olds, now = [], timezone.now()
    for passage, new_text, _, inline in prepared:
        olds.append((passage, passage.text, passage.inline))
        passage.text, passage.inline, passage.modified = new_text, inline, now
    version = version_record(edition=edition, changes=olds, user=user, note=note)
    Passage.objects.bulk_update(
        [p for p, _, _ in olds], ["text", "inline", "modified"], batch_size=500
    )
    annotations_follow(changes=moved)
    edition.save(update_fields=["version"])
    return version


def version_record(
    *,
    edition: Edition,
    changes: list[tuple[Passage, str, dict]],
    user: User | None = None,
    note: str = "",
) -> EditionVersion:
    """Write the edition's next version for passages whose new text is already set on
    them (saved or not): `changes` holds (passage, old text, old inline).

    Snapshots each passage's previous text the first time it changes (as of the version
    before) and its new text, and sets `edition.version`; the caller saves the edition.
    `changes` may be empty (a version that only added or retired passages).
    """
    base = _baseline(edition)
    version = EditionVersion.objects.create(
        edition=edition,
        number=edition.version + 1,
        created_by=user,
        created=timezone.now(),
        note=note,
    )
    snapped = set(
        PassageVersion.objects.filter(passage__in=[p for p, _, _ in changes]).values_list(
            "passage_id", flat=True
        )
    )
    rows = []
    for passage, old_text, old_inline in changes:
        if passage.pk not in snapped:
            rows.append(
                PassageVersion(
                    passage=passage,
                    version=base,
                    number=base.number,
                    text=old_text,
                    inline=old_inline,
                )
            )
        rows.append(
            PassageVersion(
                passage=passage,
                version=version,
                number=version.number,
                text=passage.text,
                inline=passage.inline,
            )
        )
    PassageVersion.objects.bulk_create(rows, batch_size=500)
    edition.version = version.number
    return version


def _prepare(change: PassageChange) -> tuple[Passage, str, list[Edit], dict]:
    """(passage, new text, edits, new inline); `passage.text` is still the old text."""
    passage, old = change.passage, change.passage.text
    if change.edits is not None:
        edits = edits_check(old, change.edits)
        if edits_apply(old, edits) != change.text:
            raise VersionError(f"{passage.anchor}: the edits do not give the new text")
    else:
        edits = edits_diff(old, change.text)
    inline = (
        change.inline
        if change.inline is not None
        else inline_through(passage.inline, edits, len(change.text))
    )
    return passage, change.text, edits, inline


# Reading earlier versions -----------------------------------------------------------------


def edition_versions(edition: Edition) -> list[EditionVersion]:
    """The edition's versions, oldest first (version 1 shown even without a row)."""
    rows = list(edition.versions.select_related("created_by").order_by("number"))
    if not rows or rows[0].number != 1:
        rows.insert(
            0,
            EditionVersion(
                edition=edition, number=1, created=edition.ingested_at, note="As ingested"
            ),
        )
    return rows


def passages_at_version(passages: list[Passage], number: int) -> None:
    """Set each passage's `text` and `inline` (in memory) to those of version `number`."""
    snapshots: dict[int, list[PassageVersion]] = {}
    for pv in (
        PassageVersion.objects.filter(passage__in=passages, number__lte=number)
        .order_by("passage_id", "number")
        .only("passage_id", "number", "text", "inline")
    ):
        snapshots.setdefault(pv.passage_id, []).append(pv)
    later = set() if len(snapshots) == len(passages) else _first_snapshots(passages, number)
    for passage in passages:
        found = snapshots.get(passage.pk) or later.get(passage.pk)
        if found:
            snapshot = found[-1] if passage.pk in snapshots else found[0]
            passage.text, passage.inline = snapshot.text, snapshot.inline


def _first_snapshots(passages: list[Passage], number: int) -> dict:
    """For passages with no snapshot up to `number`: their first one (unchanged until it)."""
    first = {}
    for pv in (
        PassageVersion.objects.filter(passage__in=passages, number__gt=number)
        .order_by("passage_id", "number")
        .only("passage_id", "number", "text", "inline")
    ):
        first.setdefault(pv.passage_id, [pv])
    return first


def passage_text_at(passage: Passage, number: int) -> str:
    copy = Passage(pk=passage.pk, text=passage.text, inline=passage.inline)
    passages_at_version([copy], number)
    return copy.text


# Word-level diffs -------------------------------------------------------------------------

_TOKEN = re.compile(r"\w+|\s+|[^\w\s]")


def word_diff(old: str, new: str) -> list[tuple[str, str]]:
    """The change from `old` to `new` as ("=" | "-" | "+", text) runs of whole words."""
    a, b = _TOKEN.findall(old), _TOKEN.findall(new)
    ops = []
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            ops.append(("=", "".join(a[i1:i2])))
            continue
        if i2 > i1:
            ops.append(("-", "".join(a[i1:i2])))
        if j2 > j1:
            ops.append(("+", "".join(b[j1:j2])))
    return ops


def diff_excerpt(ops: list[tuple[str, str]], *, words: int = 6) -> list[tuple[str, str]]:
    """`ops` with long unchanged runs cut to a few words around the changes."""
    keep, out = words * 2, []  # a word and the space after it
    for i, (op, text) in enumerate(ops):
        tokens = _TOKEN.findall(text)
        if op != "=" or len(tokens) <= keep:
            out.append((op, text))
        elif i == 0:
            out.append((op, "…" + "".join(tokens[-keep:])))
        elif i == len(ops) - 1:
            out.append((op, "".join(tokens[:keep]) + "…"))
        elif len(tokens) > 2 * keep:
            out.append((op, "".join(tokens[:keep]) + " … " + "".join(tokens[-keep:])))
        else:
            out.append((op, text))
    return out


def diff_html(ops: list[tuple[str, str]]) -> SafeString:
    tags = {"-": ("<del>", "</del>"), "+": ("<ins>", "</ins>"), "=": ("", "")}
    return mark_safe("".join(f"{tags[op][0]}{escape(text)}{tags[op][1]}" for op, text in ops))

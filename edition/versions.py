"""Edition versions: publishing changed passage texts as a new version, reading the text
of any earlier version, word-level diffs; the selections on changed passages follow the text.

Offsets count characters of `Passage.text`; an `Edit` replaces `old[start:end]` with
`text`. A change's edits are sorted, do not overlap, and are given in old-text offsets.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher

from django.db import transaction
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from accounts.models import User
from edition.anchoring import inline_through, selections_follow
from edition.edits import Edit, VersionError, edits_apply, edits_check, edits_diff
from edition.models import Edition, EditionVersion, Passage, PassageVersion
from edition.search import passages_index_on_commit

__all__ = ["Edit", "PassageChange", "VersionError", "version_publish", "version_record"]


@dataclass
class PassageChange:
    """A passage's new reading text. Without `edits`, they are found by diffing."""

    passage: Passage
    text: str
    edits: list[Edit] | None = None
    inline: dict | None = None


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
    changes, one for its previous text), saves the new texts, moves the selections on
    them through the edits (`edition.anchoring`), and bumps `Edition.version`. The raw
    source is never touched.
    Raises VersionError when nothing would change or the edits do not fit.
    """
    edition = Edition.objects.select_for_update().get(pk=edition.pk)
    _check_current(changes)
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
    selections_follow(changes=moved)
    edition.save(update_fields=["version"])
    passages_index_on_commit(ids=[p.pk for p, _, _ in olds])
    return version


def _check_current(changes: list[PassageChange]) -> None:
    """Under the edition's lock: the passages' texts must still be those the changes were
    computed on (else another version was published meanwhile; VersionError)."""
    ids = [change.passage.pk for change in changes]
    stored = dict(Passage.objects.filter(pk__in=ids).values_list("pk", "text"))
    for change in changes:
        if stored.get(change.passage.pk) != change.passage.text:
            raise VersionError(
                f"{change.passage.anchor}: the text changed meanwhile; reload and try again"
            )


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

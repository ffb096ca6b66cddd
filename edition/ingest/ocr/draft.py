"""A text being corrected, with the edits that lead back to its OCR original.

Every stage proposes `Change`s in the coordinates of the current text; `Draft.apply`
splices them in and keeps the edit list consistent: edits stay sorted and disjoint,
`text[e.start:e.end] == e.replacement`, and splicing every `e.original` back rebuilds
the original. A change that touches an earlier edit is merged with it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from edition.ingest.document import Edit


@dataclass(frozen=True)
class Change:
    start: int
    end: int
    replacement: str
    stage: str
    rule: str
    confidence: float = 0.95


@dataclass
class Draft:
    text: str
    edits: list[Edit] = field(default_factory=list)

    def apply(self, changes: list[Change]) -> None:
        changes = sorted(
            (c for c in changes if self.text[c.start : c.end] != c.replacement),
            key=lambda c: (c.start, c.end),
        )
        if not changes:
            return
        items = [(e.start, e.end, e) for e in self.edits] + [(c.start, c.end, c) for c in changes]
        items.sort(key=lambda item: (item[0], item[1], isinstance(item[2], Change)))
        parts, edits, delta, pos = [], [], 0, 0
        for start, end, members in _clusters(items):
            if not any(isinstance(m, Change) for m in members):  # untouched: shift only
                edits += [_shifted(e, delta) for e in members]
                continue
            parts.append(self.text[pos:start])
            new_start = start + delta
            segment, original = self._splice(start, end, members)
            parts.append(segment)
            delta += len(segment) - (end - start)
            pos = end
            edit = _merged_edit(new_start, segment, original, members)
            if edit is not None:
                edits.append(edit)
        parts.append(self.text[pos:])
        self.text = "".join(parts)
        self.edits = edits

    def _splice(self, start: int, end: int, members: list) -> tuple[str, str]:
        """The new text of [start, end) and the OCR original it stands for."""
        new, old, pos_new, pos_old = [], [], start, start
        for member in sorted(members, key=lambda m: (m.start, m.end)):
            if isinstance(member, Change):
                new.append(self.text[pos_new : member.start] + member.replacement)
                pos_new = member.end
            else:
                old.append(self.text[pos_old : member.start] + member.original)
                pos_old = member.end
        new.append(self.text[pos_new:end])
        old.append(self.text[pos_old:end])
        return "".join(new), "".join(old)


def _overlaps(a0: int, a1: int, b0: int, b1: int) -> bool:
    if a0 == a1 or b0 == b1:
        return a0 <= b1 and b0 <= a1
    return a0 < b1 and b0 < a1


def _clusters(items):
    """Group intervals that overlap (empty ones touching count) into clusters."""
    cluster, c0, c1 = [], None, None
    for start, end, obj in items:
        if cluster and _overlaps(c0, c1, start, end):
            cluster.append(obj)
            c1 = max(c1, end)
            continue
        if cluster:
            yield c0, c1, cluster
        cluster, c0, c1 = [obj], start, end
    if cluster:
        yield c0, c1, cluster


def _shifted(edit: Edit, delta: int) -> Edit:
    return Edit(
        edit.start + delta,
        edit.end + delta,
        edit.original,
        edit.replacement,
        edit.stage,
        edit.rule,
        edit.confidence,
    )


def _merged_edit(start: int, segment: str, original: str, members: list) -> Edit | None:
    if segment == original:
        return None
    changes = [m for m in members if isinstance(m, Change)]
    old = [m for m in members if not isinstance(m, Change)]
    rules = [m.rule for m in old] + [c.rule for c in changes]
    confidence = min(m.confidence for m in members)
    return Edit(
        start,
        start + len(segment),
        original,
        segment,
        changes[-1].stage,
        "+".join(dict.fromkeys(rules)),
        confidence,
    )

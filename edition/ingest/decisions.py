"""Re-apply editors' decisions on automatic corrections to a freshly parsed passage.

No Django imports: a decision is anything with `original`, `replacement`, `occurrence`,
`decision` and `rewrite` attributes; a row has `text`, `edits` and `inline`.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from edition.ingest.document import Edit


@dataclass
class DecidedEdit(Edit):
    """An automatic edit with the editor's decision on it."""

    decision: str = ""


def occurrences(edits: list[Edit]) -> list[int]:
    """For each edit, how many earlier edits of the row make the same change."""
    seen: dict[tuple[str, str], int] = {}
    result = []
    for edit in edits:
        key = (edit.original, edit.replacement)
        result.append(seen.get(key, 0))
        seen[key] = result[-1] + 1
    return result


def apply_decisions(row, decisions) -> int:
    """Apply `decisions` to `row` in place; return how many matched an edit."""
    wanted = {(d.original, d.replacement, d.occurrence): d for d in decisions}
    edits = list(row.edits)
    keys = [(e.original, e.replacement, n) for e, n in zip(edits, occurrences(edits), strict=True)]
    applied = 0
    for index in range(len(edits) - 1, -1, -1):
        decision = wanted.get(keys[index])
        if decision is None:
            continue
        edits[index] = _decide(row, edits, index, decision)
        applied += 1
    row.edits = edits
    return applied


def _decide(row, edits, index, decision) -> DecidedEdit:
    edit = edits[index]
    new = {"reverted": edit.original, "rewritten": decision.rewrite}.get(decision.decision)
    if new is None:  # accepted
        return DecidedEdit(**vars(edit) | {"decision": decision.decision, "confidence": 1.0})
    delta = len(new) - (edit.end - edit.start)
    row.text = row.text[: edit.start] + new + row.text[edit.end :]
    for later in range(index + 1, len(edits)):
        edits[later] = replace(
            edits[later], start=edits[later].start + delta, end=edits[later].end + delta
        )
    shift_inline(row.inline, edit.end, delta)
    fields = vars(edit) | {
        "end": edit.start + len(new),
        "replacement": new,
        "decision": decision.decision,
        "confidence": 1.0,
    }
    return DecidedEdit(**fields)


def shift_inline(inline: dict, at: int, delta: int) -> None:
    for item in inline.get("calls", []) + inline.get("pages", []):
        if item["offset"] >= at:
            item["offset"] += delta
    inline["emphasis"] = [
        [s + delta * (s >= at), e + delta * (e >= at)] for s, e in inline.get("emphasis", [])
    ]
    if not inline["emphasis"]:
        del inline["emphasis"]


def clamp_inline(inline: dict, length: int) -> dict:
    """Inline structure for a text rewritten whole: points kept within it, emphasis dropped."""
    result = {}
    for key in ("calls", "pages"):
        items = [dict(item, offset=min(item["offset"], length)) for item in inline.get(key, [])]
        if items:
            result[key] = items
    return result


def apply_rewrite(row, text: str) -> None:
    """Replace `row`'s reading text with an editor's rewrite of the whole passage."""
    original = row.original or row.text
    row.text, row.original = text, original
    row.edits = [
        DecidedEdit(
            start=0,
            end=len(text),
            original=original,
            replacement=text,
            stage="editor",
            rule="passage rewrite",
            confidence=1.0,
            decision="rewritten",
        )
    ]
    row.inline = clamp_inline(row.inline, len(text))

"""Edits of a passage's reading text. Pure functions, no Django.

An `Edit` replaces `old[start:end]` with `text`. A change's edits are sorted, do not
overlap, and are given in old-text offsets. Moving offsets through edits is the
anchoring engine's job (`edition.anchoring`).
"""

from __future__ import annotations

from dataclasses import dataclass
from difflib import SequenceMatcher


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

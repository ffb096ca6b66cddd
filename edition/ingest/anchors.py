"""Stable passage ids. No Django imports.

An id is a short hash of the passage's kind and its first words *as the source prints
them* (the OCR original where there is one), so that improving the corrector does not
change it. Re-ingesting an edited source keeps ids through `match_moved`, which pairs
passages whose id changed with the most similar old passage of the same kind.
"""

from __future__ import annotations

import hashlib
import re

from rapidfuzz import fuzz

_WORD = re.compile(r"\w+")
KEY_WORDS = 12
MATCH_CUTOFF = 85.0


def anchor_key(kind: str, source_text: str, label: str = "") -> str:
    words = _WORD.findall(source_text.lower())[:KEY_WORDS]
    return f"{kind}|{label}|{' '.join(words)}"


def anchor_for(key: str) -> str:
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:10]


def assign_anchors(keys: list[str]) -> list[str]:
    """One id per key, in order; repeated keys get -2, -3, ... by occurrence."""
    seen: dict[str, int] = {}
    anchors = []
    for key in keys:
        seen[key] = seen.get(key, 0) + 1
        base = anchor_for(key)
        anchors.append(base if seen[key] == 1 else f"{base}-{seen[key]}")
    return anchors


def match_moved(new: dict[str, tuple[str, str]], old: dict[str, tuple[str, str]]) -> dict:
    """Map new ids that are not in `old` to the old id of the same passage, where one fits.

    `new` and `old` map id -> (kind, text). A new passage takes the unclaimed old id of the
    same kind whose text is most similar, if the similarity reaches MATCH_CUTOFF.
    """
    unclaimed = {a: v for a, v in old.items() if a not in new}
    mapping: dict[str, str] = {}
    for anchor, (kind, text) in new.items():
        if anchor in old or not unclaimed:
            continue
        best, score = _best_match(kind, text, unclaimed)
        if best is not None and score >= MATCH_CUTOFF:
            mapping[anchor] = best
            del unclaimed[best]
    return mapping


def _best_match(kind: str, text: str, candidates: dict[str, tuple[str, str]]):
    best, best_score = None, 0.0
    for anchor, (old_kind, old_text) in candidates.items():
        if old_kind != kind:
            continue
        score = fuzz.ratio(text, old_text, score_cutoff=best_score)
        if score > best_score:
            best, best_score = anchor, score
    return best, best_score

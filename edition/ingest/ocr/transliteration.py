"""Transliterated Russian: soft signs detached from their word, zeros read for O.

`El 'kind` -> `El'kind` and `Gor' kii` -> `Gor'kii` only when the book prints the joined
form or the pieces look Russian; `'0 poryadke` -> `'O poryadke` (a zero for the capital O)
and `del 0 progulakh` -> `del o progulakh` (the preposition o).
"""

from __future__ import annotations

import re

from edition.ingest.ocr.draft import Change
from edition.ingest.ocr.lexicon import Lexicon

STAGE = "transliteration"
SOFT_SIGN = re.compile(r"\b([A-Za-z]{2,})( '|' )([a-z]{2,})\b")
RUSSIAN_ENDING = re.compile(r"(?:nykh|nyi|naya|noe|nogo|nenii|nii|kii|skii|ev|eva|ya|yu|e|i|ia)$")
RUSSIAN_O = re.compile(r"(?<=')0(?= [a-z])")
RUSSIAN_PREPOSITION = re.compile(r"(?<=[a-z] )0(?= [a-z])")


def soft_signs(text: str, lex: Lexicon) -> list[Change]:
    found = []
    for m in SOFT_SIGN.finditer(text):
        left, gap, right = m.groups()
        joined = f"{left}'{right}"
        # `Tekuchest' rabochei` is two words; only a sign cut from its word is guessed at.
        if lex.book(joined) >= 2 or (gap == " '" and _russian(left, right, lex)):
            found.append(Change(m.start(), m.end(), joined, STAGE, "soft-sign", 0.85))
    return found


def _russian(left: str, right: str, lex: Lexicon) -> bool:
    if left[0].isupper() and len(left) <= 3 and lex.zipf(left) < 5.0:
        return True  # a name's first syllable: `El 'kind`, `Al 'bitskii`
    if lex.zipf(left.lower()) >= 3.0 or lex.zipf(right.lower()) >= 3.0:
        return False
    return left[-1] in "ltnrdszvm" and bool(RUSSIAN_ENDING.search(right))


def zeros(text: str, lex: Lexicon) -> list[Change]:
    found = [
        Change(m.start(), m.end(), "O", STAGE, "russian-capital-o", 0.9)
        for m in RUSSIAN_O.finditer(text)
    ]
    found += [
        Change(m.start(), m.end(), "o", STAGE, "russian-preposition-o", 0.85)
        for m in RUSSIAN_PREPOSITION.finditer(text)
    ]
    return found


RULES = (soft_signs, zeros)

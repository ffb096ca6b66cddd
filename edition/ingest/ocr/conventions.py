"""What a text's OCR looks like, measured on all its lines before any block is corrected.

Each stage of the corrector repairs one class of damage. A class is repaired only where
the text shows it, on thresholds of the text's own counts, never on which file it is:

- `lost_hyphens`: most lines keep a trailing space, so a line ending in a letter without
  one is a hyphen the OCR dropped. In ordinary OCR no line has a trailing space and a
  line end is a word boundary.
- `spaced_punctuation`: the OCR detaches punctuation (`workers , managers`) often enough
  that a space before a comma is damage, not the text's typography.
- `split_digits`: numbers broken at the narrow `1` glyph (`1 928`).
- `split_words`: words broken by spurious spaces (`polit ical`): adjacent fragments that
  the text, or English, knows closed.
- `soft_signs`: transliterated Russian with soft signs (`Gor'kii`, `ugol'`), so a
  detached apostrophe may belong to the word before it.
- `letter_confusions`: how often a word the text prints rarely sits one OCR confusion
  away from a word it prints often (`tho`/`the`); see `substitutions`.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

LOST_HYPHEN_SPACED = 0.5  # share of lines ending in whitespace
SPACED_PUNCTUATION = 0.15  # share of commas and semicolons with a space before them
SPLIT_DIGITS = 0.05  # share of four-digit years printed split
SPLIT_DIGITS_MIN = 3
SPLIT_WORDS = 0.005  # fragment pairs per word
SPLIT_WORDS_MIN = 5
SOFT_SIGNS = 0.0005  # soft-sign words per word
SOFT_SIGNS_MIN = 5

WORD = re.compile(r"[A-Za-z]+")
SPACED_MARK = re.compile(r"(?<=\w) +[,;]")
MARK = re.compile(r"[,;]")
YEAR = re.compile(r"(?<!\d)1[6-9]\d\d(?!\d)")
SPLIT_YEAR = re.compile(r"(?<![\d])1 [6-9] ?\d ?\d(?!\d)|(?<![\d])1[6-9] \d\d(?!\d)")
# An apostrophe inside or at the end of a word that no English contraction explains.
SOFT_SIGN = re.compile(r"(?<![\w'])[A-Za-z]*[bcdfghklmnprstvz]'(?:[a-z]{2,})?(?![\w'])")
CONTRACTION_TAIL = re.compile(r"'(?:s|t|ll|re|ve|d|m)?$|^(?:o|d|l)'", re.I)


@dataclass
class Conventions:
    lost_hyphens: bool = False
    spaced_punctuation: bool = False
    split_digits: bool = False
    split_words: bool = False
    soft_signs: bool = False
    evidence: dict[str, str] = field(default_factory=dict)

    @classmethod
    def all_on(cls) -> Conventions:
        """Every stage, for a caller that knows its text has every damage class."""
        return cls(True, True, True, True, True, {"all": "requested"})

    def lines(self) -> list[str]:
        """One report line per convention: detected or not, and on what counts."""
        names = ("lost_hyphens", "spaced_punctuation", "split_digits", "split_words", "soft_signs")
        return [
            f"{name}: {'yes' if getattr(self, name) else 'no'} ({self.evidence.get(name, '')})"
            for name in names
        ]


def detect(lines: list[str], known) -> Conventions:
    """Measure `lines`; `known(word)` says whether a lowercase word is common English."""
    conv = Conventions()
    body = [line for line in lines if line.strip()]
    text = " ".join(line.strip() for line in body)
    words = WORD.findall(text)
    n_words = max(1, len(words))

    spaced = sum(1 for line in body if line[-1:].isspace())
    conv.lost_hyphens = bool(body) and spaced / len(body) >= LOST_HYPHEN_SPACED
    conv.evidence["lost_hyphens"] = f"{spaced} of {len(body)} lines end in a space"

    marks, detached = len(MARK.findall(text)), len(SPACED_MARK.findall(text))
    conv.spaced_punctuation = marks > 0 and detached / marks >= SPACED_PUNCTUATION
    conv.evidence["spaced_punctuation"] = f"{detached} of {marks} commas/semicolons spaced"

    years, split = len(YEAR.findall(text)), len(SPLIT_YEAR.findall(text))
    conv.split_digits = split >= SPLIT_DIGITS_MIN and split / max(1, years + split) >= SPLIT_DIGITS
    conv.evidence["split_digits"] = f"{split} split of {years + split} years"

    pairs = _fragment_pairs(words, known)
    conv.split_words = pairs >= SPLIT_WORDS_MIN and pairs / n_words >= SPLIT_WORDS
    conv.evidence["split_words"] = f"{pairs} fragment pairs in {n_words} words"

    signs = Counter(
        m.group()
        for m in SOFT_SIGN.finditer(text)
        if not CONTRACTION_TAIL.search(m.group()) and len(m.group()) > 3
    )
    total_signs = sum(signs.values())
    conv.soft_signs = len(signs) >= SOFT_SIGNS_MIN and total_signs / n_words >= SOFT_SIGNS
    conv.evidence["soft_signs"] = f"{total_signs} soft-sign words ({len(signs)} forms)"
    return conv


def _fragment_pairs(words: list[str], known) -> int:
    """Adjacent lowercase tokens, at least one no word, whose closed form is a word."""
    found = 0
    for left, right in zip(words, words[1:], strict=False):
        if not right.islower() or len(left) + len(right) < 5:
            continue
        low = left.lower()
        if (known(low) and known(right)) or not known(low + right):
            continue
        found += 1
    return found

"""What the book itself prints, and how likely a word is: the evidence every stage uses.

The book's own vocabulary is the strongest evidence (its names, its Russian, its
spellings); wordfreq's English frequencies fill in the rest. Counts come from the OCR
itself, so they include some damage: the rules that use them ask for more than one
sighting and never trust single letters.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import cache

from wordfreq import get_frequency_dict

WORD = re.compile(r"[A-Za-z]+(?:'[A-Za-z]+)*'?")
COMPOUND = re.compile(r"(?<![\w-])[A-Za-z]+(?:-[A-Za-z]+)+(?![\w-])")
SLASHED = re.compile(r"(?<![\w/])[A-Za-z]+/[A-Za-z]+(?![\w/])")
SEGMENT_BREAK = re.compile(r"[.,;:!?()\"\[\]]|\s-\s|\d")
SPACES = re.compile(r"\s+")
ODD_CAPITALS = re.compile(r"[a-z][A-Z]")

# Real one-letter words: English `a`, `I`; Russian `i` (and), `v` (in), `s` (with), `k`, `o`.
ONE_LETTER_ZIPF = {"a": 7.3, "A": 6.0, "I": 6.0}
STRAY_LETTER_ZIPF = 2.5
UNKNOWN_COST = 9.5
BOOK_WEIGHT = 0.5


@dataclass
class Lexicon:
    """Word counts of the book as printed, with bigram and compound counts."""

    counts: Counter = field(default_factory=Counter)  # exact spelling
    lower: Counter = field(default_factory=Counter)
    grams: Counter = field(default_factory=Counter)  # "a b" and "a b c", lowercased
    compounds: Counter = field(default_factory=Counter)  # hyphenated forms, lowercased
    slashed: Counter = field(default_factory=Counter)  # `and/or`, lowercased
    total: int = 1
    _cost: dict = field(default_factory=dict, repr=False)
    memo: dict = field(default_factory=dict, repr=False)  # stages cache per-word answers here

    @classmethod
    def from_lines(cls, lines: list[str], *, lost_hyphens: bool = True) -> Lexicon:
        lex = cls()
        text = SPACES.sub(" ", " ".join(_intact(lines, lost_hyphens)))
        for segment in SEGMENT_BREAK.split(text):
            words = WORD.findall(segment)
            lex.counts.update(words)
            low = [w.lower() for w in words]
            lex.grams.update(" ".join(p) for p in zip(low, low[1:], strict=False))
            lex.grams.update(" ".join(p) for p in zip(low, low[1:], low[2:], strict=False))
        lex.slashed.update(m.group().lower() for m in SLASHED.finditer(text))
        for m in COMPOUND.finditer(text):
            parts = m.group().lower().split("-")
            lex.compounds[m.group().lower()] += 1
            if len(parts) > 2:  # `time-and-motion` also prints `and-motion` hyphenated
                lex.compounds.update(f"{a}-{b}" for a, b in zip(parts, parts[1:], strict=False))
        for word, n in lex.counts.items():
            if not ODD_CAPITALS.search(word):  # `popUlation` is damage, not `population`
                lex.lower[word.lower()] += n
        lex.total = max(1, sum(lex.counts.values()))
        return lex

    def book(self, word: str) -> int:
        """How often the book prints `word` (case-insensitively unless it is capitalised)."""
        if word[:1].isupper() and not word.isupper():
            return self.counts.get(word, 0) + self.counts.get(word.upper(), 0)
        return self.lower.get(word.lower(), 0)

    def zipf(self, word: str) -> float:
        if len(word) == 1:
            return ONE_LETTER_ZIPF.get(word, STRAY_LETTER_ZIPF)
        frequency = english().get(word.lower())
        return math.log10(frequency) + 9 if frequency else 0.0

    def known(self, word: str, *, book_min: int = 2, zipf_min: float = 3.0) -> bool:
        """Attested: printed intact in the book, or a common English word."""
        if len(word) == 1:
            return word in ONE_LETTER_ZIPF
        return self.book(word) >= book_min or self.zipf(word) >= zipf_min

    def cost(self, word: str) -> float:
        """-log10 probability of `word`, mixing the book's counts with English usage."""
        cached = self._cost.get(word)
        if cached is None:
            cached = self._cost[word] = self._compute_cost(word)
        return cached

    def _compute_cost(self, word: str) -> float:
        p_en = 10 ** (self.zipf(word) - 9) if self.zipf(word) > 0 else 0.0
        n = self.book(word) if len(word) > 1 else 0
        p = (1 - BOOK_WEIGHT) * p_en + BOOK_WEIGHT * n / self.total
        return -math.log10(p) if p > 0 else UNKNOWN_COST + 0.1 * len(word)

    def apart(self, *words: str) -> int:
        """How often the book prints these words next to each other, separated."""
        return self.grams.get(" ".join(w.lower() for w in words), 0)

    def hyphenated(self, left: str, right: str) -> int:
        return self.compounds.get(f"{left}-{right}".lower(), 0)


@cache
def english() -> dict[str, float]:
    """wordfreq's English word frequencies, loaded once (a dict lookup is 50x faster)."""
    return get_frequency_dict("en")


def _intact(lines: list[str], lost_hyphens: bool = True):
    """The lines with each line-end fragment of a hyphenated word left out.

    Where the text marks lost hyphens by a missing trailing space, a line ending in a
    letter is such a fragment; elsewhere only a printed `word-` at the end is.
    """
    carry = False
    for line in lines:
        body = line
        if carry:
            body = body.lstrip().partition(" ")[2]
        if lost_hyphens:
            carry = bool(line) and line[-1].isalpha()
        else:
            end = line.rstrip()
            carry = len(end) > 1 and end[-1] == "-" and end[-2].isalpha()
        if carry:
            body = body.rpartition(" ")[0]
        yield body

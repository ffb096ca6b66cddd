"""Which kind of source a text is, decided from the text itself, with the reason.

`ocr-book` when the text shows OCR damage (unknown words, letters and digits mixed inside
words, spaced punctuation, split numbers) above the rate of edited prose; `clean` when
every paragraph is one unwrapped line; `born-digital` otherwise. Pure Python, no Django.
"""

from __future__ import annotations

import re
import statistics

WORD = re.compile(r"[A-Za-z][A-Za-z'’]*")
MIXED = re.compile(r"\b(?=\w*[A-Za-z])(?=\w*\d)\w{2,}\b")
SPACED = re.compile(r"\w [,;:.](?=\s)")
SPLIT_NUMBER = re.compile(r"\b1 [6-9]\d\d\b|\b1[6-9] \d\d\b")
OCR_UNKNOWN_SHARE = 0.03  # share of words no dictionary knows
OCR_MARKS_PER_1000 = 4.0  # mixed words, spaced punctuation and split numbers per 1,000 words
SAMPLE_WORDS = 20_000
UNWRAPPED = 200  # median paragraph-line length of a one-paragraph-per-line text


def decide_kind(text: str) -> tuple[str, str]:
    """(kind, reason)."""
    words = WORD.findall(text)[:SAMPLE_WORDS]
    if not words:
        return "born-digital", "no words to judge by"
    unknown = _unknown_share(words)
    marks = len(MIXED.findall(text)) + len(SPACED.findall(text)) + len(SPLIT_NUMBER.findall(text))
    per_1000 = 1000 * marks / max(len(WORD.findall(text)), 1)
    numbers = f"{unknown:.1%} unknown words, {per_1000:.1f} OCR marks per 1,000 words"
    if unknown >= OCR_UNKNOWN_SHARE or per_1000 >= OCR_MARKS_PER_1000:
        return "ocr-book", f"OCR damage: {numbers}"
    lines = [line for line in text.split("\n") if line.strip()]
    if lines and statistics.median(len(line) for line in lines) > UNWRAPPED:
        return "clean", f"one unwrapped line per paragraph; {numbers}"
    return "born-digital", f"edited text: {numbers}"


def _unknown_share(words: list[str]) -> float:
    from wordfreq import zipf_frequency

    lower = [w.lower().strip("'’") for w in words if w[0].islower() and len(w) > 2]
    if not lower:
        return 0.0
    cache: dict[str, bool] = {}
    unknown = 0
    for word in lower:
        if word not in cache:
            cache[word] = zipf_frequency(word, "en") == 0
        unknown += cache[word]
    return unknown / len(lower)

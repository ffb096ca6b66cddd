"""Line joins: where a source line ends without its trailing space, the OCR lost a hyphen.

A line that ends in a letter with no trailing space is a hyphenation site (seeds report
E6). The word is rejoined closed (`circum|stances`) unless the book prints the compound
hyphenated more often than closed (`co-operation`, `five-year`), the right piece is
capitalised (`Orekhovo-Zuevo`), or the pieces are two real words whose closed form is
unknown (`seven-hour`). A function word on either side means the OCR lost a space, not a
hyphen (`the|whole`, `work|for ce`). A line ending in a letter-hyphen keeps
its hyphen (`mid-` + `1931`); a spaced ` -` is a dash and needs nothing.
"""

from __future__ import annotations

import re

from edition.ingest.ocr.draft import Change
from edition.ingest.ocr.lexicon import Lexicon

STAGE = "dehyphenation"
SPACES = re.compile(r"\s+")
TAIL = re.compile(r"([A-Za-z]+)$")
HEAD = re.compile(r"^([A-Za-z]+)")
# Prefixes printed with a hyphen before a word (anti-truancy, non-union): never a lost one.
HARD_PREFIXES = {"anti", "non", "semi", "self", "ultra", "post", "pseudo", "quasi", "neo", "ex"}
# A lost line-end space, not a hyphen, when either piece is one of these (`the|whole`).
FUNCTION_WORDS = {
    "and",
    "or",
    "to",
    "the",
    "of",
    "in",
    "a",
    "an",
    "nor",
    "but",
    "for",
    "by",
    "with",
}


def join_lines(lines: list[str]) -> tuple[str, list[tuple[int, str]]]:
    """The block's original text, and each line boundary as (offset of the space, raw line)."""
    pieces, boundaries, pos, previous = [], [], 0, ""
    for line in lines:
        piece = SPACES.sub(" ", line).strip()
        if not piece:
            continue
        if pieces:
            boundaries.append((pos, previous))
            pos += 1
        pieces.append(piece)
        pos += len(piece)
        previous = line
    return " ".join(pieces), boundaries


def changes(
    text: str, boundaries: list[tuple[int, str]], lex: Lexicon, *, lost_hyphens: bool = True
) -> list[Change]:
    """Rejoin words at line ends. Without the `lost_hyphens` convention (see `conventions`)
    only a printed line-end hyphen is a hyphenation site; other line ends are spaces."""
    found = []
    for offset, raw in boundaries:
        if not lost_hyphens:
            raw = raw.rstrip()
            if not (len(raw) > 1 and raw[-1] == "-" and raw[-2].isalpha()):
                continue
        change = _boundary_change(text, offset, raw, lex)
        if change is not None:
            found.append(change)
    return found


def _boundary_change(text: str, offset: int, raw: str, lex: Lexicon) -> Change | None:
    if not raw or raw[-1].isspace():
        return None
    if raw[-1] == "-" and len(raw) > 1 and raw[-2].isalpha():
        return _kept_hyphen(text, offset, lex)
    if not raw[-1].isalpha():
        return None
    left, right = TAIL.search(text[:offset]), HEAD.match(text[offset + 1 :])
    if left is None or right is None:
        return None
    joint = choose_joint(left.group(1), right.group(1), lex)
    if joint == " ":
        return None
    rule = "kept-compound" if joint == "-" else "rejoined"
    confidence = 0.9 if joint == "" else 0.8
    return Change(offset, offset + 1, joint, STAGE, rule, confidence)


def _kept_hyphen(text: str, offset: int, lex: Lexicon) -> Change:
    left, right = TAIL.search(text[: offset - 1]), HEAD.match(text[offset + 1 :])
    if left and right and choose_joint(left.group(1), right.group(1), lex) == "":
        return Change(offset - 1, offset + 1, "", STAGE, "soft-hyphen", 0.85)
    return Change(offset, offset + 1, "", STAGE, "printed-hyphen", 0.9)


def choose_joint(left: str, right: str, lex: Lexicon) -> str:
    """How to rejoin `left` and `right` across a lost hyphen: "", "-" or " "."""
    closed = left + right
    hyphenated = lex.hyphenated(left, right)
    if hyphenated and hyphenated >= lex.book(closed):
        return "-"
    if lex.book(closed) or lex.known(closed):
        return ""
    if left.lower() in HARD_PREFIXES or right[0].isupper():  # `anti-Bolshevism`, `Orekhovo-Zuevo`
        return "-"
    if right.lower() in FUNCTION_WORDS or left.lower() in FUNCTION_WORDS:
        return " "
    if _real_word(left, lex) and _real_word(right, lex):
        return "-"
    return ""


def _real_word(word: str, lex: Lexicon) -> bool:
    """Common English that the book also prints intact (`modi` of `com modi|ties` is not)."""
    return len(word) >= 3 and lex.zipf(word.lower()) >= 3.5 and lex.book(word) >= 1

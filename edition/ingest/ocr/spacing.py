"""Punctuation spacing: no space before `, ; : ! ? )`, none after `(`, quotes reattached.

The OCR puts a space before most punctuation (`workers , managers`, `growth .`) and
detaches quote marks (`' loyal '`). The book's spaced ellipsis (`it . . . For`) and a
space between a digit and a decimal point (left for the digits stage) are kept.
"""

from __future__ import annotations

import re

from edition.ingest.ocr.draft import Change
from edition.ingest.ocr.lexicon import Lexicon

STAGE = "punctuation"
ELLIPSIS = re.compile(r" ?\.(?: ?\.){2}(?! ?\.)")
SPACE_BEFORE = re.compile(r"(?<=\S) +(?=[,;:!?)\]])")
SPACE_BEFORE_POINT = re.compile(r"(?<=\S) +\.(?! ?\.)")
SPACE_AFTER_OPEN = re.compile(r"(?<=[(\[]) +")
ABBREV_PAREN = re.compile(r"(?<=[A-Z]) \((?=[a-z]\))")
COMMA_GLUED = re.compile(r"(?<=[A-Za-z)]),(?=[A-Za-z(])")
TOKEN = re.compile(r"\S+")
CONTRACTION = re.compile(r"'(?:s|t|ll|re|ve|d|m)(?=$|[^A-Za-z])")
CLOSERS = ",.;:!?)]"


def changes(text: str, lex: Lexicon) -> list[Change]:
    found: list[Change] = []
    taken: list[tuple[int, int]] = []
    for match in ELLIPSIS.finditer(text):
        if match.start() > 0 and not text[match.start() - 1].isspace():
            found.append(Change(match.start(), match.end(), " . . .", STAGE, "ellipsis"))
        elif match.group() != " . . ." and match.group() != ". . .":
            found.append(Change(match.start(), match.end(), ". . .", STAGE, "ellipsis"))
        taken.append((match.start(), match.end()))
    for pattern, rule, replacement in (
        (SPACE_BEFORE, "space-before-punctuation", ""),
        (SPACE_AFTER_OPEN, "space-after-bracket", ""),
        (ABBREV_PAREN, "abbreviation-bracket", "("),
    ):
        found += [
            Change(m.start(), m.end(), replacement, STAGE, rule)
            for m in pattern.finditer(text)
            if not _inside(m.start(), taken)
        ]
    found += _points(text, taken)
    return _disjoint(found)


def glue_changes(text: str, lex: Lexicon) -> list[Change]:
    """After the spaces before punctuation are gone: `Trud,to` spacing and quote marks."""
    found = [
        Change(m.start(), m.end(), ", ", STAGE, "space-after-comma")
        for m in COMMA_GLUED.finditer(text)
    ]
    return _disjoint(found + quote_changes(text, lex))


def _points(text: str, taken) -> list[Change]:
    found = []
    for m in SPACE_BEFORE_POINT.finditer(text):
        if _inside(m.start(), taken) or _inside(m.end() - 1, taken):
            continue
        if text[m.start() - 1].isdigit() and _digit_follows(text, m.end()):
            continue  # `1 . 7`, `28 .5`: a decimal, for the digits stage
        found.append(Change(m.start(), m.end(), ".", STAGE, "space-before-point"))
    return found


def _digit_follows(text: str, pos: int) -> bool:
    after = text[pos : pos + 2]
    return after[:1].isdigit() or (after[:1] == " " and after[1:2].isdigit())


def quote_changes(text: str, lex: Lexicon) -> list[Change]:
    """Reattach detached `'`: soft signs, contractions, possessives and quotation marks."""
    tokens = list(TOKEN.finditer(text))
    found, is_open = [], False
    for i, tok in enumerate(tokens):
        word = tok.group()
        prev = tokens[i - 1] if i else None
        nxt = tokens[i + 1] if i + 1 < len(tokens) else None
        if prev is not None and CONTRACTION.match(word) and prev.group()[-1:].isalpha():
            found.append(_close_gap(prev, tok, "contraction"))
            continue
        if word.startswith("'") and len(word) > 1 and word[1].isalpha():
            is_open = True
        elif _ends_quote(word) and len(word.rstrip(CLOSERS)) > 1:
            is_open = False
        if word.rstrip(CLOSERS) != "'":
            continue
        change, is_open = _lone_quote(prev, tok, nxt, is_open, lex)
        if change is not None:
            found.append(change)
    return found


def _lone_quote(prev, tok, nxt, is_open: bool, lex: Lexicon):
    after_word = prev is not None and (prev.group()[-1:].isalpha() or _after_clause(prev))
    before_word = nxt is not None and nxt.group()[:1].isalnum()
    if (
        after_word
        and lex.book(prev.group() + "'") >= 2
        and (nxt is None or not nxt.group()[:1].isupper() or not before_word)
    ):
        return _close_gap(prev, tok, "soft-sign", 0.85), is_open
    if tok.group() != "'" or not before_word:
        if after_word:
            return _close_gap(prev, tok, "closing-quote", 0.85), False
        return None, is_open
    if nxt.group() == "s" or (
        after_word and nxt.group().startswith("s") and nxt.group()[1:2] in CLOSERS
    ):
        return _close_around(prev, tok, nxt), is_open
    if is_open and after_word:
        return _close_gap(prev, tok, "closing-quote", 0.85), False
    if after_word and prev.group().endswith("s") and nxt.group()[:1].islower():
        return _close_gap(prev, tok, "possessive", 0.8), is_open
    return _close_gap(tok, nxt, "opening-quote", 0.85), True


def _after_clause(prev) -> bool:
    """`workers, ' wrote`: a quote after a word and its punctuation closes."""
    word = prev.group()
    return len(word) > 1 and word[-1] in ",.;:!?" and word[-2].isalpha()


def _ends_quote(word: str) -> bool:
    return word.rstrip(CLOSERS).endswith("'")


def _close_gap(left, right, rule: str, confidence: float = 0.95) -> Change:
    return Change(left.end(), right.start(), "", STAGE, rule, confidence)


def _close_around(prev, tok, nxt) -> Change:
    return Change(prev.end(), nxt.start(), "'", STAGE, "possessive-s", 0.9)


def _inside(pos: int, spans) -> bool:
    return any(a <= pos < b for a, b in spans)


def _disjoint(found: list[Change]) -> list[Change]:
    kept, last_end = [], -1
    for change in sorted(found, key=lambda c: (c.start, c.end)):
        if change.start < last_end or (change.start == last_end and change.start == change.end):
            continue
        kept.append(change)
        last_end = change.end
    return kept

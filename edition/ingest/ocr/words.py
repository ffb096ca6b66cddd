"""Word boundaries: spurious spaces inside words (`polit ical`) and missing ones (`ofthe`).

Split words: over each run of tokens with no punctuation between them, a dynamic program
picks the likeliest segmentation: word costs (-log10 probability, see `Lexicon.cost`) plus
a cost for each space removed. A join may only form a known word, and never two real
words the book prints apart (`per cent`, `work force`, `none the less`).

Run-together words: a token splits into two known words only when the pair is much likelier
than the token (`ofthe`, `paidfor`); `offence` and `often` stay whole.
"""

from __future__ import annotations

import re

from edition.ingest.ocr.draft import Change
from edition.ingest.ocr.lexicon import Lexicon
from edition.ingest.ocr.substitutions import in_dictionary

SPLIT_STAGE = "split-words"
RUN_STAGE = "run-together"
TOKEN = re.compile(r"\S+")
PARTS = re.compile(r"^([^A-Za-z]*)([A-Za-z]+(?:'[A-Za-z]+)*)([^A-Za-z]*)$")
COMPOUND = re.compile(r"^([^A-Za-z-]*)([a-z]+)-(?:[A-Za-z]+-)*([a-z]+[^A-Za-z-]*)$")
MAX_PIECES = 6
JOIN_COST = 1.0
REAL_JOIN_COST = 2.5  # extra, when every piece is a real word: `a way` is not `away`
SPLIT_COST = 1.5
RARE_JOIN_ZIPF = 2.0  # a join with a fragment among its pieces may form a rarer word
AFFIXES = {
    "re",
    "un",
    "co",
    "pre",
    "de",
    "en",
    "ex",
    "al",
    "ed",
    "ing",
    "er",
    "ly",
    "es",
    "ion",
    "ness",
    "ment",
    "ive",
    "ity",
    "ous",
    "ism",
    "ist",
    "ize",
    "ise",
    "ally",
    "ful",
}
# Closed-class words that the OCR glues to their neighbour (`whichfails`, `Trudto`).
GLUE_WORDS = {
    "the", "of", "to", "in", "for", "and", "or", "but", "which", "that", "this", "on", "at",
    "by", "with", "from", "into", "is", "was", "were", "are", "as", "it", "its", "itself",
    "their", "they", "not", "than", "when", "where", "who",
}  # fmt: skip
NEGATIVE_PREFIXES = {"in"}
DECADE = re.compile(r"\b(1[89]\d0s)([a-z]+)\b")
FUNCTION_PREFIX = re.compile(r"\b(of|in|to|for|by|from|at|on)(\d+)\b")
OF_NAME = re.compile(r"(?<![\w'])(of|and|the|for)(?=[A-Z][A-Za-z]*(?![\w']))[A-Z]\w*")
INF = float("inf")


def split_changes(text: str, lex: Lexicon) -> list[Change]:
    found = []
    for run in _runs(list(TOKEN.finditer(text))):
        found += _best_joins(run, lex)
    return found


def _runs(tokens):
    """Maximal runs of tokens that could be one word, as (start, end, core) of each core.

    Only the first token of a run may carry leading punctuation and only the last trailing.
    A hyphenated token ends a run with its first part and starts one with its last
    (`t ime-and-motion`, `white-col lar`).
    """
    run = []
    for start, m in _pieces(tokens):
        if m is None or (run and (m.group(1) or run[-1][3])):
            if len(run) > 1:
                yield run
            run = []
        if m is not None:
            start += len(m.group(1))
            run.append((start, start + len(m.group(2)), m.group(2), m.group(3)))
    if len(run) > 1:
        yield run


def _pieces(tokens):
    for tok in tokens:
        word = tok.group()
        m = PARTS.match(word)
        compound = None if m else COMPOUND.match(word)
        if compound is None:
            yield tok.start(), m
            continue
        head = compound.group(1) + compound.group(2)
        yield tok.start(), PARTS.match(head + "-")
        tail = compound.group(3)
        yield tok.end() - len(tail) - 1, PARTS.match("-" + tail)


def _best_joins(run, lex: Lexicon) -> list[Change]:
    n = len(run)
    best = [0.0] + [INF] * n
    back = [0] * (n + 1)
    for j in range(1, n + 1):
        for i in range(max(0, j - MAX_PIECES), j):
            cost = best[i] + _group_cost([r[2] for r in run[i:j]], lex)
            if cost < best[j]:
                best[j], back[j] = cost, i
    found, j = [], n
    while j > 0:
        i = back[j]
        if j - i > 1:
            joined = "".join(r[2] for r in run[i:j])
            found.append(
                Change(
                    run[i][0],
                    run[j - 1][1],
                    joined,
                    SPLIT_STAGE,
                    "join",
                    _join_confidence(run[i:j], lex),
                )
            )
        j = i
    return found


def _group_cost(pieces: list[str], lex: Lexicon) -> float:
    if len(pieces) == 1:
        return lex.cost(pieces[0])
    key = ("join", *pieces)
    cost = lex.memo.get(key)
    if cost is None:
        cost = lex.memo[key] = _join_cost(pieces, lex)
    return cost


def _join_cost(pieces: list[str], lex: Lexicon) -> float:
    joined = "".join(pieces)
    if not _joinable(pieces, joined, lex):
        return INF
    extra = REAL_JOIN_COST if all(_real(p, lex, 4.0) for p in pieces) else 0.0
    return lex.cost(joined) + JOIN_COST * (len(pieces) - 1) + extra


def _joinable(pieces: list[str], joined: str, lex: Lexicon) -> bool:
    if not _shape_ok(pieces):
        return False
    rare_ok = any(_fragment(p, lex) for p in pieces)  # `entitl ing`: any word beats a fragment
    if not (
        lex.book(joined) >= 2
        or lex.lower.get(joined.lower(), 0) >= 2
        or lex.zipf(joined.lower()) >= (RARE_JOIN_ZIPF if rare_ok else 3.0)
    ):
        return False
    return not _printed_apart(pieces, joined, lex)


def _fragment(piece: str, lex: Lexicon) -> bool:
    """A piece of at least two letters that is no word: the book prints it at most once."""
    return len(piece) >= 2 and lex.book(piece) <= 1 and lex.zipf(piece.lower()) < 1.5


def _printed_apart(pieces: list[str], joined: str, lex: Lexicon) -> bool:
    """Does the book print this as separate real words (`per cent`, `work force`)?

    Checks the pieces and every split of the joined word into two real words, so that
    `pe r ce nt` cannot become `percent`. OCR splits of a common word are printed apart
    too, but rarely compared with the word itself (`wh ich` 3 times, `which` 528).
    """
    closed = lex.book(joined)
    if all(_real(p, lex) for p in pieces) and _often(lex.apart(*pieces), closed / 5):
        return True
    for k in range(2, len(joined) - 1):
        left, right = joined[:k], joined[k:]
        if _real(left, lex) and _real(right, lex) and _often(lex.apart(left, right), closed):
            return True
    return False


def _often(apart: int, closed: float) -> bool:
    return apart >= 2 and apart >= closed


def _shape_ok(pieces: list[str]) -> bool:
    if all(p.isupper() for p in pieces):
        return sum(map(len, pieces)) <= 6
    return all(p.islower() for p in pieces[1:])


def _real(word: str, lex: Lexicon, zipf_min: float = 3.0) -> bool:
    if len(word) == 1:
        return word in ("a", "A", "I")
    return lex.zipf(word.lower()) >= zipf_min


def _join_confidence(items, lex: Lexicon) -> float:
    joined = "".join(r[2] for r in items)
    return 0.95 if lex.book(joined) >= 2 else 0.8


def run_together_changes(text: str, lex: Lexicon) -> list[Change]:
    found = []
    for tok in re.finditer(r"(?<![\w'])[A-Za-z]+(?![\w'])", text):
        if text[tok.start() - 1 : tok.start()] == "-":  # the tail of a compound: `co-ordin`
            continue
        split = _best_split(tok.group(), lex)
        if split is not None:
            found.append(Change(tok.start(), tok.end(), split, RUN_STAGE, "split", 0.85))
    found += [
        Change(m.start(), m.end(), f"{m.group(1)} {m.group(2)}", RUN_STAGE, "word-number", 0.9)
        for m in FUNCTION_PREFIX.finditer(text)
    ]
    found += [
        Change(m.end(1), m.end(1), " ", RUN_STAGE, "of-name", 0.85) for m in OF_NAME.finditer(text)
    ]
    found += [
        Change(m.end(1), m.end(1), " ", RUN_STAGE, "decade-word", 0.85)
        for m in DECADE.finditer(text)
        if m.group(2) == "a" or lex.known(m.group(2), zipf_min=3.5)
    ]
    return _disjoint(found)


def _disjoint(found: list[Change]) -> list[Change]:
    kept, last_end = [], -1
    for change in sorted(found, key=lambda c: (c.start, c.end)):
        if change.start >= last_end:
            kept.append(change)
            last_end = max(last_end, change.end)
    return kept


def _best_split(word: str, lex: Lexicon) -> str | None:
    key = ("split", word)
    if key not in lex.memo:
        lex.memo[key] = _find_split(word, lex)
    return lex.memo[key]


def _find_split(word: str, lex: Lexicon) -> str | None:
    if len(word) < 5 or word.isupper() or not word[1:].islower():
        return None
    if in_dictionary(word.lower()):
        return None  # a dictionary word, however rare (`indisposition`), is never two
    whole = lex.cost(word)
    best, best_cost = None, whole - SPLIT_COST
    for k in range(2, len(word) - 1):
        left, right = word[:k], word[k:]
        if not _split_part(left, lex) or not _split_part(right, lex):
            continue
        cost = lex.cost(left) + lex.cost(right)
        if _misprint(word, left, right, lex):  # `paidfor` twice, `paid for` 7 times
            cost -= SPLIT_COST + lex.cost(word)
        if cost < best_cost:
            best, best_cost = f"{left} {right}", cost
    return best or _glued_word(word, lex)


def _glued_word(word: str, lex: Lexicon) -> str | None:
    """An unknown token that is a closed-class word glued to a known one: `ofthree`."""
    if lex.book(word) > 1 or lex.zipf(word.lower()) >= 2.0:
        return None
    best, best_cost = None, INF
    for k in range(2, len(word) - 1):
        left, right = word[:k], word[k:]
        glue, other = (left, right) if left.lower() in GLUE_WORDS else (right, left)
        if glue.lower() not in GLUE_WORDS or not _glue_shape(word, left, glue, other):
            continue
        if len(other) < 3 or not _word_on_its_own(other, lex, glue is left) or _affix(other):
            continue
        cost = lex.cost(left) + lex.cost(right)
        if cost < best_cost:
            best, best_cost = f"{left} {right}", cost
    return best


def _glue_shape(word: str, left: str, glue: str, other: str) -> bool:
    """Names keep their capital piece first (`Trudto`, never `Not kin`); `in` before a
    participle is the negative prefix (`indisciplined`)."""
    if word[0].isupper() and glue is left:
        return False
    return not (glue is left and glue.lower() in NEGATIVE_PREFIXES and other.endswith("ed"))


def _word_on_its_own(part: str, lex: Lexicon, after_glue: bool) -> bool:
    """English, or a name the book prints often: not a fragment the book prints split.

    A glued word before it (`offright`) is the common case; after it (`raion`) the part
    must be commoner or printed in the book.
    """
    zipf = lex.zipf(part.lower())
    if part[0].isupper():
        return zipf >= 3.0 or lex.book(part) >= 3
    return zipf >= (3.0 if after_glue else 3.5) or zipf >= 3.0 and lex.book(part) >= 2


def _affix(part: str) -> bool:
    return part.lower() in AFFIXES


def _misprint(word: str, left: str, right: str, lex: Lexicon) -> bool:
    return lex.zipf(word) < 1.0 and lex.apart(left, right) > lex.book(word)


def _split_part(part: str, lex: Lexicon) -> bool:
    if part.lower() in AFFIXES:
        return False
    if part[0].isupper() and not part.isupper() and part is not None:
        return lex.book(part) >= 3 or lex.zipf(part.lower()) >= 3.5
    if any(c.isupper() for c in part[1:]) and not part.isupper():
        return False
    return lex.book(part) >= 3 and lex.zipf(part.lower()) >= 3.0 or lex.zipf(part.lower()) >= 4.0

"""Letter-shape confusions inside words (`cornplained`, `aHowing`, `popUlation`, `ob/ast'`).

A word is respelled only when it is unattested and one or two substitutions from the
OCR's confusion table make it a word the book prints (or common English). Capitalised
words are names unless proved otherwise: only the I/l confusion at their start, backed
by the book (`lndustriya` -> `Industriya`), is fixed; `Larin` is never `Latin`.
"""

from __future__ import annotations

import re

from edition.ingest.ocr.draft import Change
from edition.ingest.ocr.lexicon import Lexicon

STAGE = "letter-shape"
NOISE_STAGE = "noise"
# OCR reading -> what was printed.
PAIRS = (
    ("rn", "m"),
    ("m", "rn"),
    ("nn", "rm"),
    ("nn", "m"),
    ("H", "ll"),
    ("U", "ll"),
    ("J", "l"),
    ("Jl", "ll"),
    ("c", "e"),
    ("b", "h"),
    ("fl", "fi"),
    ("n", "fl"),
    ("nu", "flu"),
    ("m", "in"),
    ("I", "l"),
    ("l", "I"),
    ("1", "l"),
    ("t", "l"),
    ("l", "t"),
    ("/", "l"),
    ("/", "t"),
    ("!", "t"),
    (";", "r"),
    ("i", "l"),
    ("t", "r"),
    ("u", "n"),
    ("rn", "in"),
    ("o", "a"),
    ("a", "o"),
    ("cl", "d"),
)
# The only confusions trusted inside capitalised words (names): I/l, t/l, 1/l, / for l or t.
STRONG = (
    ("I", "l"),
    ("l", "I"),
    ("1", "l"),
    ("t", "l"),
    ("l", "t"),
    ("/", "l"),
    ("/", "t"),
    ("!", "t"),
)
WORD = re.compile(r"(?<![^\s(\[\"])[A-Za-z][A-Za-z1/;']*(?:[A-Za-z]|!(?='))'?(?=[\s,.;:!?)\]\"]|$)")
ITALIC_L = re.compile(r"[a-z]/[a-z]")
L_FOR_I = re.compile(r"l[bcdfghjkmnpqrstvwxz]")
MIN_LENGTH = 4  # shorter words have too many neighbours to respell safely
DIGIT_WORD = re.compile(
    r"(?<![^\s(\[\"])(?=[A-Za-z]*[01])(?=[01]*[A-Za-z])[A-Za-z01]{3,}(?=[\s,.;:!?)\]\"]|$)"
)
ORDINAL = re.compile(r"^\d+(?:st|nd|rd|th|s)$")
DIGIT_LETTERS = {"1": "l", "0": "o"}
SHORT_ODD = re.compile(r"(?<![\w'])[a-z][A-Za-z]?[A-Z](?![\w'])|(?<![\w'])[a-z][A-Z][a-z](?![\w'])")
SHORT_WORD_ZIPF = 5.0  # only the commonest words are safe guesses for two or three letters
SHORT_WORD_PRINTED = 3  # `aU` twice is still damage; a form printed three times is meant
REPLACEMENT_CHAR = "\ufffd"
NOISY = re.compile(r"[A-Za-z]*\ufffd[A-Za-z]*")


def shape_changes(text: str, lex: Lexicon) -> list[Change]:
    found = [*_digit_words(text, lex), *_short_words(text, lex)]
    taken = {c.start for c in found}
    for m in WORD.finditer(text):
        word = m.group()
        if m.start() in taken:
            continue
        if len(word) < MIN_LENGTH or _attested(word, lex):
            continue
        fixed = best_respelling(word, lex)
        if fixed is not None:
            found.append(Change(m.start(), m.end(), fixed, STAGE, "confusion", 0.8))
    return found


def _digit_words(text: str, lex: Lexicon) -> list[Change]:
    """`sti11`, `1evel`, `fel10w`: a 1 or 0 among letters is an l or o (an I to start)."""
    found = []
    for m in DIGIT_WORD.finditer(text):
        word = m.group()
        if sum(c.isalpha() for c in word) < 2 or ORDINAL.match(word):
            continue
        options = [c for c in _digit_readings(word) if _rare_but_good(c, lex)]
        if options:
            best = min(options, key=lambda c: (lex.cost(c), c))
            found.append(Change(m.start(), m.end(), best, STAGE, "digit-in-word", 0.8))
    return found


def _digit_readings(word: str) -> list[str]:
    readings = [""]
    for i, ch in enumerate(word):
        choices = DIGIT_LETTERS.get(ch, ch) + ("I" if ch == "1" and i == 0 else "")
        readings = [r + c for r in readings for c in choices]
    return readings


def _rare_but_good(candidate: str, lex: Lexicon) -> bool:
    """A digit inside a word is damage for certain, so a rarer word will do."""
    if candidate[0].isupper() and not candidate.isupper():
        return lex.book(candidate) >= 2
    return lex.book(candidate) >= 2 or lex.zipf(candidate.lower()) >= 2.5


def _short_words(text: str, lex: Lexicon) -> list[Change]:
    """`aU`, `alI`, `aJl`, `sO`: a short word with a capital inside is a common word."""
    found = []
    for m in SHORT_ODD.finditer(text):
        word = m.group()
        if lex.counts.get(word, 0) >= SHORT_WORD_PRINTED:
            continue
        options = {c for c in _variants(word, PAIRS) if c.islower()} | {word.lower()}
        options = [c for c in options if lex.zipf(c) >= SHORT_WORD_ZIPF]
        if options:
            best = min(options, key=lambda c: (lex.cost(c), c))
            found.append(Change(m.start(), m.end(), best, STAGE, "short-word", 0.8))
    return found


def _attested(word: str, lex: Lexicon) -> bool:
    if any(c in word for c in "1/;!") or _odd_capitals(word) or L_FOR_I.match(word):
        return False
    core = word.rstrip("'")
    return lex.book(core) >= 2 or lex.zipf(core.lower()) >= 1.5 or lex.book(word) >= 2


def _odd_capitals(word: str) -> bool:
    return any(c.isupper() for c in word[1:]) and not word.isupper()


def best_respelling(word: str, lex: Lexicon) -> str | None:
    if "/" in word:
        fixed = _slash_for_f(word, lex)
        if fixed is not None:
            return fixed
    if L_FOR_I.match(word):  # `lndustriya`, `lzvestiya`: no word starts with l + consonant
        capital = "I" + word[1:]
        return capital if _good(capital, lex) else best_respelling(capital, lex)
    if _odd_capitals(word) and not any(c in word for c in "HUJI"):
        lowered = word[0] + word[1:].lower()
        return lowered if _good(lowered, lex) else None
    pairs = STRONG if word[0].isupper() else PAIRS
    candidates = {c for c in _variants(word, pairs) if _good(c, lex)}
    if not candidates:  # one substitution is likelier than two: `feIt` is `felt`, not `fell`
        candidates = {
            c2 for c in _variants(word, pairs) for c2 in _variants(c, pairs) if _good(c2, lex)
        }
    candidates.discard(word)
    if not candidates and ITALIC_L.search(word):
        return _italic_l(word, lex)
    if not candidates:
        lowered = word[0] + word[1:].lower()
        return lowered if _odd_capitals(word) and _good(lowered, lex) else None
    return min(candidates, key=lambda c: (lex.cost(c.rstrip("'")), c))


def _slash_for_f(word: str, lex: Lexicon) -> str | None:
    """`in/act` is `in fact`: a slash read for `f` where a space was lost too.

    Only where the book prints the pair as words (`in fact`) and never prints the slash
    form twice (`and/or`).
    """
    left, _, right = word.partition("/")
    if not left.isalpha() or not right.isalpha() or lex.slashed[word.lower()] >= 2:
        return None
    if lex.zipf(left.lower()) < 3.0 or not _good("f" + right, lex):
        return None
    return f"{left} f{right}" if lex.apart(left, "f" + right) >= 2 else None


def _italic_l(word: str, lex: Lexicon) -> str | None:
    """`besp/annovost'`, `dop/aty`: in an unknown (Russian) word a slash is an italic l,
    unless a half is a word (`repeated/retrofitted`) or the book prints the slash form."""
    left, _, right = word.partition("/")
    if lex.slashed[word.lower()] >= 2 or _word(left, lex) or _word(right, lex):
        return None
    return word.replace("/", "l")


def _word(part: str, lex: Lexicon) -> bool:
    return lex.zipf(part.lower().rstrip("'")) >= 3.0


def _variants(word: str, pairs):
    for wrong, right in pairs:
        start = word.find(wrong)
        while start != -1:
            yield word[:start] + right + word[start + len(wrong) :]
            start = word.find(wrong, start + 1)


def _good(candidate: str, lex: Lexicon) -> bool:
    core = candidate.rstrip("'")
    if not core.replace("'", "").isalpha() or _odd_capitals(candidate):
        return False
    if candidate[0].isupper() and not candidate.isupper():
        return lex.book(candidate) >= 3
    return lex.book(candidate) >= 2 or lex.zipf(core.lower()) >= 3.5


def noise_changes(text: str, lex: Lexicon) -> list[Change]:
    """`t\ufffde` -> `the`: a replacement character inside a word the book prints often."""
    found = []
    for m in NOISY.finditer(text):
        if m.group().count(REPLACEMENT_CHAR) != 1 or len(m.group()) < 2:
            continue
        fixed = _fill(m.group(), lex)
        if fixed is not None:
            found.append(Change(m.start(), m.end(), fixed, NOISE_STAGE, "replacement-char", 0.75))
    return found


def _fill(word: str, lex: Lexicon) -> str | None:
    options = sorted(
        (
            (lex.book(word.replace(REPLACEMENT_CHAR, c)), word.replace(REPLACEMENT_CHAR, c))
            for c in "abcdefghijklmnopqrstuvwxyz"
        ),
        reverse=True,
    )
    (best_n, best), (second_n, _) = options[0], options[1]
    if best_n >= 3 and best_n >= 3 * second_n:
        return best
    return None

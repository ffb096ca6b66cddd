"""Letter substitutions (`tho` for `the`, `Cieek`, `acies`), corrected on evidence.

A noisy-channel choice per word: P(word in its context) x P(the OCR printed this | word).

- Language: English word counts and word-pair counts from the dictionaries that ship
  inside symspellpy (Google Books n-grams), backed by wordfreq for rarer words, and the
  document's own vocabulary (a word it prints often is real, even if English lacks it).
- Channel: a short list of glyph confusions every OCR engine makes (`rn`/`m`, `c`/`e`),
  and the confusions this document shows. OCR errors repeat within a document: where a
  form the document prints sits one letter from a common word the document also prints,
  far likelier in English (`tho`/`the`, `Cieek`/`Creek`), that letter pair is a confusion
  of this OCR, and the form is suspect.

A word changes only when the best reading beats the printed one by a wide margin. A word
English or the document knows needs more: the document shows its form as a confusion, or
its neighbours support the reading (a common word, `bean` in `has bean made`, only between
two words, with a neighbour that English pairs with the reading ten times more than with
the print). In a text with letter damage, a long word nothing knows may be two edits from
its reading (`oponod`), if one edit is a confusion of the channel and no other reading
comes within a factor of ten. Marks no English word holds (`«nd`) are read as a letter
or as nothing; specks standing alone (`|`, `\\`) go. Capitalised words are names unless
the document prints the reading capitalised. Words of one letter, numbers, words with
digits or other marks are left alone.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import cache
from importlib.resources import files

from rapidfuzz.distance import Levenshtein

from edition.ingest.ocr.draft import Change
from edition.ingest.ocr.lexicon import english

STAGE = "letter-substitution"
# Printed -> read, the glyph confusions of OCR in general (prior probability per site).
GENERIC = {
    ("e", "o"): 0.01,
    ("e", "c"): 0.01,
    ("c", "e"): 0.005,
    ("o", "e"): 0.005,
    ("a", "o"): 0.005,
    ("o", "a"): 0.003,
    ("a", "n"): 0.003,
    ("n", "u"): 0.005,
    ("u", "n"): 0.005,
    ("r", "i"): 0.005,
    ("i", "r"): 0.002,
    ("i", "l"): 0.005,
    ("l", "i"): 0.005,
    ("t", "l"): 0.003,
    ("l", "t"): 0.003,
    ("f", "t"): 0.005,
    ("t", "f"): 0.003,
    ("f", "l"): 0.003,
    ("h", "b"): 0.005,
    ("b", "h"): 0.003,
    ("y", "v"): 0.003,
    ("v", "y"): 0.003,
    ("y", "j"): 0.002,
    ("s", "a"): 0.002,
    ("a", "s"): 0.002,
    ("e", "a"): 0.002,
    ("m", "rn"): 0.005,
    ("m", "in"): 0.003,
    ("m", "nn"): 0.003,
    ("h", "li"): 0.003,
    ("n", "ri"): 0.003,
    ("u", "ii"): 0.003,
    ("d", "cl"): 0.003,
    ("w", "vv"): 0.003,
    ("rn", "m"): 0.003,
    ("in", "m"): 0.003,
    ("a", "u"): 0.002,
}
LEARNED_FORMS = 2  # distinct suspect forms that make a letter pair this document's confusion
LEARNED_SHARE = 0.05  # ... and their share of all suspect forms (chance pairs stay below)
LEARNED_P = 0.02
LEARNED_P_STRONG = 0.05
LEARNED_STRONG_FORMS = 5
SHAPED_P = 1e-4
SUSPECT_RATIO = 1000.0  # the common reading is this much likelier in English
KEEP = math.log10(0.95)
MARGIN = 1.0  # log10: the reading must be 30x likelier than the print
KNOWN_MARGIN = 1.5
FLOOR = 1e-10
DOC_WEIGHT = 0.1
CONTEXT = 0.5  # weight of the word-pair estimate against the single-word one
LETTERS = "abcdefghijklmnopqrstuvwxyz"
ACCENTED = "\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u00ff"
# Marks no English word contains, read by the OCR for a letter (`«nd`, `officer»`, `¡t`):
# glued to letters, they are noise in any English text.
NOISE_MARKS = "\u00ab\u00bb\u00a1\u00bf"
NOISE = ACCENTED + NOISE_MARKS
TOKEN = re.compile(rf"[A-Za-z{NOISE}]+(?:'[A-Za-z]+)?|[^\sA-Za-z{NOISE}]+")
NOISY = re.compile(rf"[{NOISE}]")
ACCENTS = re.compile(rf"[{ACCENTED}]")
NOISE_SHARE = 0.02  # accented letters in fewer words than this are OCR noise (English)
NOISE_P = 0.01
MAX_NOISE = 2
# `waB`, `JameB`: a capital read for the last letter (`McKibbin`, `MacMillan` are names).
ODD_CAPITAL = re.compile(r"[a-z](?=[A-Z]$)")
WORDLIKE = re.compile(r"[A-Za-z]+")
SPECKS = r"|\\\u00a1\u00bf<>^~\u00a6"
# A token of punctuation standing alone with at least one speck glyph in it.
JUNK = re.compile(rf"(?<!\S)[^\sA-Za-z0-9]*[{SPECKS}][^\sA-Za-z0-9]*(?!\S)")
# Guillemets the text sets as quotation marks (`«Non,» dit-il`): then they are no noise.
GUILLEMETS = "\u00ab\u00bb"
FRAGMENT_BEFORE = re.compile(r"(?<![A-Za-z])[A-Za-z]{1,2} ?$")
FRAGMENT_AFTER = re.compile(r" ?[A-Za-z]{1,2}(?![A-Za-z])")
QUOTED = re.compile(r"\u00ab ?[A-Za-z][^\u00ab\u00bb]{0,300}?[A-Za-z.,!?] ?\u00bb")
QUOTED_MIN = 2
GUILLEMET_JUNK = re.compile(r"(?<!\S)[^\sA-Za-z0-9]*[\u00ab\u00bb][^\sA-Za-z0-9]*(?!\S)")
MAX_LENGTH = 20
# A capitalised I-word between two lowercase words (a comma may precede it).
CAPITAL_I = re.compile(r"(?:(?<=[a-z,] )|(?<=[a-z,] \())I[a-z]+(?= [a-z])")
CAPITAL_I_P = 1e-4  # function words and the like (`Inspector` may be a title)
CAPITAL_I_MIN = 3  # sightings that show the text's OCR makes this confusion
CAPITAL_I_SHARE = 0.03  # ... against the same words printed lowercase there (titles stay)
LOWER_I = re.compile(r"(?:(?<=[a-z,] )|(?<=[a-z,] \())i[a-z]+(?= [a-z])")
# A short capitalised word or initial before a capitalised word: `Mr Smith`, `J Brown`.
BARE = re.compile(r"(?<![\w.'])([A-Z][a-z]{0,3})(\.?)(?= [A-Z])")
PERIOD_SHARE = 0.75  # printed with a point at least this often: the point is the form
PERIOD_MIN = 3
LEARN_MAX_P = 1e-4
COMMON_P = 1e-5
ANY_EDIT_LENGTH = 5  # a word this long nothing knows may be any one edit from its reading
ANY_EDIT_P = 0.0005
MISREADS = 0.002  # share of words in suspect forms below which a text is read as printed
LETTER_DAMAGE = 0.02  # share of words in suspect forms that makes any edit plausible
SECOND_MIN_P = 0.0  # a reading two confusions away uses only the likelier ones
REAL_WORD_MARGIN = 1.0  # log10: a common word gives way only to a reading 100x likelier
PAIR_RATIO = 10
# Two edits (`oponod`/`opened`), at least one a confusion of the channel, for a long word
# nothing knows in a text with letter damage: only common readings, and only a reading no
# other one rivals.
TWO_EDIT_LENGTH = 6
TWO_EDIT_P = 1e-4
TWO_EDIT_MIN_P = 3e-6  # the readings: common English words of TWO_EDIT_LENGTH - 1 letters up
TWO_EDIT_PREFIX = 7  # the index holds the deletions of each reading's first letters only
RIVAL_MARGIN = 1.0  # log10: the reading must be 10x likelier than the next reading


@cache
def _english() -> tuple[dict[str, int], dict[str, int], float]:
    """symspellpy's word counts and word-pair counts, loaded once per process.

    The pair list keeps only frequent pairs, counted on another scale than the words:
    P(right | left) is a pair's count over all counts of pairs starting with `left`
    (`_left_totals`), never less than the word's count on the pair scale.
    """
    root = files("symspellpy")
    uni: dict[str, int] = {}
    with (root / "frequency_dictionary_en_82_765.txt").open(encoding="utf-8") as fh:
        for line in fh:
            word, _, count = line.rstrip("\n").partition(" ")
            uni[word] = int(count)
    bi: dict[str, int] = {}
    with (root / "frequency_bigramdictionary_en_243_342.txt").open(encoding="utf-8") as fh:
        for line in fh:
            pair, _, count = line.rstrip("\n").rpartition(" ")
            bi[pair] = int(count)
    return uni, bi, float(sum(uni.values()))


def p_english(word: str) -> float:
    uni, _, total = _english()
    n = uni.get(word)
    if n:
        return n / total
    return english().get(word, 0.0) * 0.1  # wordfreq's web text holds OCR junk too


def warm() -> None:
    """Load the dictionaries now (a timing harness keeps their one-off cost apart)."""
    _english()
    _left_totals()
    _two_edit_index()
    english()


@cache
def _left_totals() -> tuple[dict[str, int], float]:
    uni, bi, total = _english()
    totals: Counter = Counter()
    for pair, n in bi.items():
        totals[pair.partition(" ")[0]] += n
    return dict(totals), sum(bi.values()) / total


def in_dictionary(word: str) -> bool:
    return word in _english()[0]


def _pair(left: str, right: str) -> int:
    return _english()[1].get(f"{left} {right}", 0)


@dataclass
class DocModel:
    """The document's word forms and the confusions it shows."""

    counts: Counter = field(default_factory=Counter)  # lowercase forms
    capitalised: Counter = field(default_factory=Counter)
    total: int = 1
    suspects: dict[str, str] = field(default_factory=dict)  # form -> its common reading
    shaped: set = field(default_factory=set)  # unknown forms a confusion from a common word
    periods: set = field(default_factory=set)  # `Mr`, `J`: printed with a full point here
    learned: Counter = field(default_factory=Counter)  # (printed, read) -> distinct forms
    noisy_glyphs: bool = False  # accented letters and `*` in words are OCR noise
    guillemets: bool = False  # the text quotes with `«` and `»`: they are no noise
    capital_i: int = 0  # `said In the`: mid-sentence words the OCR began with a capital I
    memo: dict = field(default_factory=dict, repr=False)
    _confusions: dict | None = field(default=None, repr=False)

    @classmethod
    def from_lines(cls, lines: list[str], counts: Counter) -> DocModel:
        model = cls.from_counts(counts)
        text = " ".join(line.strip() for line in lines)
        capital = sum(1 for m in CAPITAL_I.finditer(text) if _lower_i_word(m.group()))
        lower = len(LOWER_I.findall(text))
        model.capital_i = capital if capital >= CAPITAL_I_SHARE * (capital + lower) else 0
        points, bare = Counter(), Counter()
        for m in BARE.finditer(text):
            (points if m.group(2) else bare)[m.group(1)] += 1
        model.periods = {
            w
            for w, n in points.items()
            if n >= PERIOD_MIN and n >= PERIOD_SHARE * (n + bare[w]) and w not in ("A", "I")
        }
        words = TOKEN.findall(text)
        noisy = sum(1 for w in words if ACCENTS.search(w) and re.search("[A-Za-z]", w))
        model.noisy_glyphs = noisy <= NOISE_SHARE * max(1, len(words))
        model.guillemets = len(QUOTED.findall(text)) >= QUOTED_MIN
        return model

    @classmethod
    def from_counts(cls, counts: Counter) -> DocModel:
        model = cls()
        for word, n in counts.items():
            if not word.isalpha():
                continue
            model.counts[word.lower()] += n
            if word[0].isupper() and word[1:].islower():
                model.capitalised[word] += n
        model.total = max(1, sum(model.counts.values()))
        model._learn()
        return model

    def _learn(self) -> None:
        for form in self.counts:
            if len(form) < 2 or len(form) > MAX_LENGTH:
                continue
            if p_english(form) > LEARN_MAX_P:  # a common word is no misreading
                continue
            floor = max(p_english(form), FLOOR) * SUSPECT_RATIO
            best, best_p, best_pair = None, floor, None
            for cand, pair in _substitutions(form):
                if not self.counts.get(cand):
                    continue
                p = p_english(cand)
                if p > best_p:
                    best, best_p, best_pair = cand, p, pair
            if best is not None:
                self.suspects[form] = best
                self.learned[best_pair] += 1
            elif p_english(form) < 1e-7 and self._shaped(form):
                self.shaped.add(form)
        self._learn_chains()

    def _shaped(self, form: str) -> bool:
        """Is `form` one common OCR confusion from a common word (`wero`, `woro`)?"""
        for (printed, read), _ in GENERIC.items():
            start = form.find(read)
            while start != -1:
                if p_english(form[:start] + printed + form[start + len(read) :]) >= SHAPED_P:
                    return True
                start = form.find(read, start + 1)
        return False

    def _learn_chains(self) -> None:
        """A form one letter from a suspect is read through it: `tbo` -> `tho` -> `the`."""
        for form in list(self.counts):
            if form in self.suspects or len(form) < 3 or p_english(form) > LEARN_MAX_P:
                continue
            floor = max(p_english(form), FLOOR) * SUSPECT_RATIO
            for cand, _ in _substitutions(form):
                reading = self.suspects.get(cand)
                if reading is not None and self.counts.get(cand) and p_english(reading) > floor:
                    self.suspects[form] = reading
                    break

    def misreads(self) -> bool:
        """Does the text show letter misreadings at all? A clean text shows none."""
        key = ("misreads",)
        if key not in self.memo:
            occurrences = sum(self.counts[form] for form in self.suspects)
            self.memo[key] = occurrences >= MISREADS * self.total
        return self.memo[key]

    def damaged(self) -> bool:
        """Does the OCR misread letters often (suspect forms among its words)?"""
        occurrences = sum(self.counts[form] for form in self.suspects)
        return occurrences >= LETTER_DAMAGE * self.total

    def doc_p(self, word: str) -> float:
        """The document's own evidence for `word`, none for a suspect form."""
        if word in self.suspects or word in self.shaped:
            return 0.0
        n = self.counts.get(word, 0)
        return DOC_WEIGHT * n / self.total if n >= 2 else 0.0

    def p_word(self, word: str) -> float:
        return max(p_english(word), self.doc_p(word), FLOOR)

    def channel(self, printed: str, read: str) -> float:
        forms = self.learned.get((printed, read), 0)
        if forms < LEARNED_SHARE * len(self.suspects):
            forms = 0
        if forms >= LEARNED_STRONG_FORMS:
            return LEARNED_P_STRONG
        if forms >= LEARNED_FORMS:
            return max(LEARNED_P, GENERIC.get((printed, read), 0.0))
        return GENERIC.get((printed, read), 0.0)

    def confusions(self) -> dict[tuple[str, str], float]:
        """Every confusion this document's channel allows, with its probability."""
        if self._confusions is None:
            pairs = set(GENERIC) | set(self.learned)
            found = {pair: self.channel(*pair) for pair in pairs}
            self._confusions = {pair: p for pair, p in found.items() if p > 0}
        return self._confusions

    def known(self, word: str) -> bool:
        key = ("known", word)
        if key not in self.memo:
            self.memo[key] = in_dictionary(word) or p_english(word) >= 1e-7 or self.doc_p(word) > 0
        return self.memo[key]


def _substitutions(word: str):
    """Every one-letter substitution of `word`, with (printed, read) for the letter."""
    for i, read in enumerate(word):
        for printed in LETTERS:
            if printed != read:
                yield word[:i] + printed + word[i + 1 :], (printed, read)


def _variants(word: str, model: DocModel):
    """Readings one confusion away, with the channel probability of each."""
    seen: dict[str, float] = {}
    for (printed, read), p in model.confusions().items():
        start = word.find(read)
        while start != -1:
            cand = word[:start] + printed + word[start + len(read) :]
            if cand and p > seen.get(cand, 0.0):
                seen[cand] = p
            start = word.find(read, start + 1)
    return seen


def _candidates(word: str, model: DocModel) -> dict[str, float]:
    """Known readings of `word`, one confusion away (two for a word nothing knows)."""
    key = ("candidates", word)
    if key in model.memo:
        return model.memo[key]
    first = _variants(word, model)
    found = {c: p for c, p in first.items() if model.known(c) and c.isalpha()}
    if len(word) >= 3 and (word in model.suspects or not _english_word(word)):
        for c1, p1 in first.items():
            if p1 < SECOND_MIN_P:
                continue
            for c2, p2 in _variants(c1, model).items():
                if p2 < SECOND_MIN_P:
                    continue
                if c2 != word and c2.isalpha() and model.known(c2) and p1 * p2 > found.get(c2, 0.0):
                    found[c2] = p1 * p2
    if model.damaged() and len(word) >= ANY_EDIT_LENGTH and not _english_word(word):
        for cand in _edits(word):
            if cand not in found and _english_word(cand):
                found[cand] = ANY_EDIT_P
        if len(word) >= TWO_EDIT_LENGTH and not model.doc_p(word):
            far = {
                c
                for c in two_edit_readings(word)
                if c not in found and _through_confusion(c, first)
            }
            found.update(dict.fromkeys(far, TWO_EDIT_P))
            model.memo[("two-edit", word)] = far
    model.memo[key] = found
    return found


def _through_confusion(reading: str, first: dict[str, float]) -> bool:
    """One of the two edits is a confusion of the channel (`oponod` -> `opened`: `o` for
    `e` twice); two arbitrary edits (`nccting` -> `acting`) are no evidence."""
    return any(Levenshtein.distance(v, reading, score_cutoff=1) <= 1 for v in first)


@cache
def _two_edit_index() -> dict[str, tuple[str, ...]]:
    """Common words by each deletion of up to two letters from their first letters
    (symmetric deletion, as SymSpell does it): two words are at most two edits apart
    only if their prefixes share a deletion."""
    uni, _, total = _english()
    index: dict[str, list[str]] = {}
    for word, n in uni.items():
        if n / total < TWO_EDIT_MIN_P or len(word) < TWO_EDIT_LENGTH - 1 or not word.isalpha():
            continue
        for key in _deletions(word[:TWO_EDIT_PREFIX]):
            index.setdefault(key, []).append(word)
    return {key: tuple(words) for key, words in index.items()}


def _deletions(word: str) -> set[str]:
    found = {word}
    for _ in range(2):
        found |= {w[:i] + w[i + 1 :] for w in found for i in range(len(w))}
    return found


def two_edit_readings(word: str) -> list[str]:
    """Common words at most two edits (insertions, deletions, substitutions) from `word`."""
    index = _two_edit_index()
    seen: set[str] = set()
    for key in _deletions(word[:TWO_EDIT_PREFIX]):
        seen.update(index.get(key, ()))
    return [c for c in seen if c != word and Levenshtein.distance(word, c, score_cutoff=2) <= 2]


def _edits(word: str):
    """Any one-letter substitution, deletion or insertion: for a long word nothing knows."""
    for i in range(len(word) + 1):
        if i < len(word):
            yield word[:i] + word[i + 1 :]
        for letter in LETTERS:
            yield word[:i] + letter + word[i:]
            if i < len(word) and letter != word[i]:
                yield word[:i] + letter + word[i + 1 :]


def _english_word(word: str) -> bool:
    return in_dictionary(word) or p_english(word) >= 1e-7


def _logp(word: str, prev: str | None, nxt: str | None, model: DocModel) -> float:
    uni, _, _ = _english()
    p = model.p_word(word)
    score = math.log10(p if prev is None or prev not in uni else _cond(prev, word, p, uni))
    if nxt is not None and nxt in uni:
        score += math.log10(_cond(word, nxt, model.p_word(nxt), uni)) - math.log10(
            model.p_word(nxt)
        )
    return score


def _cond(left: str, right: str, p_right: float, uni: dict[str, int]) -> float:
    """P(right | left), the pair count interpolated with the single-word estimate."""
    pair = _pair(left, right)
    if not pair:
        return (1 - CONTEXT) * p_right
    totals, scale = _left_totals()
    n_left = max(totals.get(left, 0), uni.get(left, 0) * scale)
    return CONTEXT * pair / n_left + (1 - CONTEXT) * p_right


def _lower_i_word(word: str) -> bool:
    """`In`, `Is`, `Into`: the lowercase word is common English (`Ipswich` is not)."""
    return p_english(word.lower()) >= CAPITAL_I_P and word.lower() != "i"


def capital_i_changes(text: str, model: DocModel) -> list[Change]:
    if model.capital_i < CAPITAL_I_MIN:
        return []
    return [
        Change(m.start(), m.end(), m.group().lower(), STAGE, "capital-i", 0.85)
        for m in CAPITAL_I.finditer(text)
        if _lower_i_word(m.group())
    ]


def period_changes(text: str, model: DocModel) -> list[Change]:
    """`Mr Smith` -> `Mr. Smith` where the text itself prints `Mr.` nearly always."""
    return [
        Change(m.end(1), m.end(1), ".", STAGE, "abbreviation-point", 0.85)
        for m in BARE.finditer(text)
        if not m.group(2) and m.group(1) in model.periods
    ]


def changes(text: str, model: DocModel) -> list[Change]:
    tokens = list(TOKEN.finditer(text))
    found = capital_i_changes(text, model) + period_changes(text, model)
    if not model.misreads():
        return found
    found += junk_changes(text, model)
    taken = {c.start for c in found}
    for i, tok in enumerate(tokens):
        word = tok.group()
        if tok.start() in taken or len(word) > MAX_LENGTH or len(word) < 2 and not _stray(word):
            continue
        if (
            text[tok.start() - 1 : tok.start()].isalnum()
            or text[tok.end() : tok.end() + 1].isalnum()
        ):
            continue  # glued to a digit or a mark: `lo2` may be a note call
        if NOISY.search(word) or ODD_CAPITAL.search(word) and not word.isupper():
            reading = _noisy_best(word, tokens, i, text, model)
            if reading is not None:
                found.append(Change(tok.start(), tok.end(), reading, STAGE, "noise-glyph", 0.75))
            continue
        if not WORDLIKE.fullmatch(word):
            continue
        if not (word.islower() or (word[0].isupper() and word[1:].islower())):
            continue
        prev = _neighbour(tokens, i, -1, text)
        nxt = _neighbour(tokens, i, +1, text)
        reading = _best(word, prev, nxt, model)
        if reading is not None:
            found.append(Change(tok.start(), tok.end(), reading, STAGE, "substitution", 0.8))
    return found


def junk_changes(text: str, model: DocModel) -> list[Change]:
    """A token of glyphs print never sets apart (`|`, `\\`, `^`) is a speck the OCR read:
    it goes, with the space before it. Spaced `;`, `?` or `*` may be the text's own."""
    found = []
    specks = list(JUNK.finditer(text))
    if not model.guillemets:
        specks += GUILLEMET_JUNK.finditer(text)
    for m in sorted({m.span(): m for m in specks}.values(), key=lambda m: m.start()):
        if FRAGMENT_BEFORE.search(text[: m.start()]) or FRAGMENT_AFTER.match(text[m.end() :]):
            continue  # beside a cut-off letter or two, the speck is part of a damaged scan
        start = m.start() - 1 if m.start() and text[m.start() - 1] == " " else m.start()
        end = m.end() + 1 if start == m.start() and text[m.end() : m.end() + 1] == " " else m.end()
        found.append(Change(start, end, "", STAGE, "speck", 0.8))
    return found


def _stray(word: str) -> bool:
    """A lowercase letter standing alone that is no English word: `m` read for `in`."""
    return word.islower() and word not in ("a", "i", "o")


def _noisy_best(word: str, tokens, i: int, text: str, model: DocModel) -> str | None:
    """`oí`, `Jame*`, `»as`: a glyph no English word has, read as a letter or as nothing."""
    if ACCENTS.search(word) and not model.noisy_glyphs or not re.search("[A-Za-z]", word):
        return None
    if model.guillemets and any(g in word for g in GUILLEMETS):
        return None
    if english().get(word.lower()) or model.counts.get(word, 0) >= 2:
        return None  # `für`, `café`: a word with its accent, or one the text repeats
    spots = [m.start() for m in NOISY.finditer(word)] + [
        m.start() + 1 for m in ODD_CAPITAL.finditer(word)
    ]
    if len(spots) > MAX_NOISE or "'" in word:
        return None
    readings = [""]
    for k, ch in enumerate(word):
        options = ["", *LETTERS] if k in spots else [ch]
        readings = [r + o for r in readings for o in options]
    prev = _neighbour(tokens, i, -1, text)
    nxt = _neighbour(tokens, i, +1, text)
    letters = re.sub("[^A-Za-z]", "", word)
    capital = letters[:1].isupper()
    best, best_score = None, -math.inf
    for cand in {r.lower() for r in readings}:
        if len(cand) < 1 or not (_english_word(cand) or model.doc_p(cand) > 0):
            continue
        score = _logp(cand, prev, nxt, model)
        if score > best_score:
            best, best_score = cand, score
    floor = math.log10(FLOOR)
    if best is None or best_score + len(spots) * math.log10(NOISE_P) - floor < MARGIN:
        return None
    if letters.isupper() and len(letters) > 1 and not ODD_CAPITAL.search(word):
        return best.upper()
    return best.capitalize() if capital else best


def _neighbour(tokens, i: int, step: int, text: str) -> str | None:
    """The adjacent word, lowercased, if only a space separates it (no punctuation)."""
    j = i + step
    if not 0 <= j < len(tokens):
        return None
    a, b = (tokens[j], tokens[i]) if step < 0 else (tokens[i], tokens[j])
    if text[a.end() : b.start()] != " " or not WORDLIKE.fullmatch(tokens[j].group()):
        return None
    return tokens[j].group().lower()


def _best(word: str, prev: str | None, nxt: str | None, model: DocModel) -> str | None:
    low = word.lower()
    # A common word the document shows no confusion of is read by its context alone.
    real_word = len(low) > 1 and low not in model.suspects and p_english(low) >= COMMON_P
    if (len(low) == 1 or real_word) and (prev is None or nxt is None):
        return None  # a stray letter or a common word is read only between two words
    capital = word[0].isupper()
    candidates = _candidates(low, model)
    if not candidates:
        return None
    printed = _logp(low, prev, nxt, model) + KEEP
    known = model.known(low) and low not in model.suspects
    best, best_score, rival = None, -math.inf, -math.inf
    for cand, channel in candidates.items():
        if capital and not _capital_ok(word, cand, model):
            continue
        score = _logp(cand, prev, nxt, model) + math.log10(channel)
        if score > best_score:
            best, best_score, rival = cand, score, best_score
        elif score > rival:
            rival = score
    if best is None:
        return None
    margin = REAL_WORD_MARGIN if real_word else KNOWN_MARGIN if known else MARGIN
    if best_score - printed < margin:
        return None
    if real_word and not _context_supports(best, low, prev, nxt):
        return None
    if best in model.memo.get(("two-edit", low), ()) and best_score - rival < RIVAL_MARGIN:
        return None  # two edits reach many words: only an unrivalled reading
    if known and not _context_supports(best, low, prev, nxt):
        return None
    return best.capitalize() if capital else best


def _capital_ok(word: str, cand: str, model: DocModel) -> bool:
    """A capitalised word is a name unless the document prints the reading capitalised
    (`Cieek` beside `Creek`) or shows the form as a confusion of it (`Tho`)."""
    low = word.lower()
    if model.capitalised.get(cand.capitalize(), 0) >= 1 or low in model.suspects:
        return True
    # A name nothing knows, printed once, one letter from a common name: `Cnrter`.
    return model.counts.get(low, 0) <= 1 and not _english_word(low) and p_english(cand) >= 1e-6


def _both_sides_support(cand: str, low: str, prev: str, nxt: str) -> bool:
    """A common word is a misreading (`bean` in `has bean made`) only where English pairs
    the reading with both neighbours far more than the print."""
    return _pair(prev, cand) > PAIR_RATIO * _pair(prev, low) and _pair(
        cand, nxt
    ) > PAIR_RATIO * _pair(low, nxt)


def _context_supports(cand: str, low: str, prev: str | None, nxt: str | None) -> bool:
    """A real word changes only where a neighbour pairs with the reading, not the print."""
    if prev is not None and _pair(prev, cand) > 10 * _pair(prev, low):
        return True
    return nxt is not None and _pair(cand, nxt) > 10 * _pair(low, nxt)

"""OCR correction for scanned texts: books, newspapers. Pure functions, no Django.

Public API (the structure parser and the loader rely on it; keep it stable):

    ctx = BookContext.from_lines(all_lines_of_the_book)
    seq = NoteSequence(chapter="3")           # one per chapter (note calls restart per chapter)
    result = correct_block(lines, ctx, notes=seq)            # a paragraph or heading
    result = correct_block(lines, ctx, kind="note")          # an endnote body

`lines` are the source lines of one paragraph (or note, or heading) with page furniture
(running heads, page-top specks, blank lines) already removed by the structure parser.
Keep their trailing spaces: in a text whose lines keep one, a line ending in a letter
without it is a lost line-end hyphen (see `conventions`). `result.original` is those lines
joined with single spaces and whitespace runs collapsed; `result.text` is the reading
text; `result.edits` explain every difference (see `edition.ingest.document.Edit`);
`result.calls` are the note calls found in the text, removed from it, numbered from the
chapter's `NoteSequence`.

`BookContext.from_lines` first measures the text's conventions (`ctx.conventions`: lost
hyphens, spaced punctuation, split digits, split words, soft signs, each with its
evidence) and the confusions its OCR shows (`ctx.model`). A stage runs only where the text
shows its error class. In order: dehyphenation (a printed line-end hyphen always; a
missing trailing space only under that convention), punctuation, digits, note calls,
transliteration, noise, split words, letter/digit confusions, run-together words, letter
shapes, letter substitutions (`substitutions`: the noisy-channel stage driven by English
and the document's own evidence). Blocks with scanning damage are flagged "damaged" and
get only the spacing and punctuation stages.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from edition.ingest.document import DAMAGED, Edit, NoteCall
from edition.ingest.ocr import (
    calls,
    confusions,
    conventions,
    digits,
    hyphens,
    numerals,
    spacing,
    substitutions,
    transliteration,
    words,
)
from edition.ingest.ocr.calls import NoteSequence
from edition.ingest.ocr.conventions import Conventions
from edition.ingest.ocr.draft import Draft
from edition.ingest.ocr.lexicon import Lexicon, english

__all__ = [
    "BookContext",
    "Conventions",
    "Corrected",
    "NoteSequence",
    "correct_block",
    "original_text",
]

_SPACES = re.compile(r"\s+")
COMMON_FREQUENCY = 1e-6  # zipf 3: a common English word
DAMAGE_MARKS = 2  # replacement characters that make a block "damaged"
ORPHAN_LINES = 2  # lines of at most 3 characters (cut-off line ends) that do the same,
ORPHAN_SHARE = 0.25  # when they are this share of the block (a stray speck is no damage)


@dataclass
class BookContext:
    """Evidence about the book as a whole: the vocabulary it prints intact, its conventions."""

    lexicon: Lexicon = field(default_factory=Lexicon)
    conventions: Conventions = field(default_factory=Conventions)
    model: substitutions.DocModel = field(default_factory=substitutions.DocModel)

    @property
    def word_counts(self) -> dict[str, int]:
        return self.lexicon.counts

    @classmethod
    def from_lines(cls, lines: list[str]) -> BookContext:
        conv = conventions.detect(lines, _common)
        lex = Lexicon.from_lines(lines, lost_hyphens=conv.lost_hyphens)
        return cls(
            lexicon=lex,
            conventions=conv,
            model=substitutions.DocModel.from_lines(lines, lex.counts),
        )


def _common(word: str) -> bool:
    frequency = english().get(word)
    return frequency is not None and frequency >= COMMON_FREQUENCY


@dataclass
class Corrected:
    text: str
    original: str
    edits: list[Edit] = field(default_factory=list)
    calls: list[NoteCall] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)


def original_text(lines: list[str]) -> str:
    """The OCR text of `lines` as one line: joined with spaces, whitespace runs collapsed."""
    return _SPACES.sub(" ", " ".join(lines)).strip()


def _with_lexicon(rule):
    return lambda text, lex: rule(text)


SPACING_STAGES = (spacing.changes, spacing.glue_changes)
DIGIT_STAGES = tuple(_with_lexicon(rule) for rule in digits.RULES)
NUMERAL_STAGES = tuple(_with_lexicon(rule) for rule in numerals.RULES)
SPLIT_STAGES = (words.split_changes,)
SHAPE_STAGES = (words.run_together_changes, confusions.shape_changes)


def _word_stages(conv: Conventions) -> tuple:
    """The word-level stages the text's conventions call for, in order."""
    stages = [_with_lexicon(digits.comma_before_number)]
    if conv.soft_signs:
        stages += transliteration.RULES
    stages.append(confusions.noise_changes)
    if conv.split_words:
        stages += SPLIT_STAGES
    stages += NUMERAL_STAGES
    stages += SHAPE_STAGES
    return tuple(stages)


def _spacing_stages(conv: Conventions) -> tuple:
    stages = SPACING_STAGES if conv.spaced_punctuation else (spacing.glue_changes,)
    return stages + (DIGIT_STAGES if conv.split_digits else ())


def correct_block(
    lines: list[str],
    ctx: BookContext,
    *,
    notes: NoteSequence | None = None,
    kind: str = "body",
) -> Corrected:
    """Return the reading text of one block of OCR lines, with every change recorded.

    `kind="note"` is for endnote bodies: their numbers are citations, never note calls.
    Without `notes`, no note calls are taken either.
    """
    text, boundaries = hyphens.join_lines(lines)
    lex, conv = ctx.lexicon, ctx.conventions
    draft = Draft(text)
    flags = [DAMAGED] if _damaged(lines, text) else []
    draft.apply(hyphens.changes(text, boundaries, lex, lost_hyphens=conv.lost_hyphens))
    _run(draft, _spacing_stages(conv), lex)
    found: list[tuple[int | None, str]] = []
    if notes is not None and kind != "note":
        draft.apply(calls.changes(draft.text, notes, found))
    if not flags:
        _run(draft, _word_stages(conv), lex)
        draft.apply(substitutions.changes(draft.text, ctx.model))
    else:
        draft.apply(digits.comma_before_number(draft.text))
    note_calls = calls.extract(draft, found, notes or NoteSequence()) if found else []
    return Corrected(draft.text, text, draft.edits, note_calls, flags)


def _run(draft: Draft, stages, lex: Lexicon) -> None:
    for stage in stages:
        draft.apply(stage(draft.text, lex))


def _damaged(lines: list[str], text: str) -> bool:
    orphans = sum(1 for line in lines if 0 < len(line.strip()) <= 3)
    cut_off = orphans >= ORPHAN_LINES and orphans >= ORPHAN_SHARE * len(lines)
    return text.count(confusions.REPLACEMENT_CHAR) >= DAMAGE_MARKS or cut_off

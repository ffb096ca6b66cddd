"""Back matter of an OCR'd book (seed 002): the glossary and the index, as line groups.

The glossary page was printed in two columns and OCR'd column by column: a run of terms,
then their definitions in the same order, twice. The index wraps entries over spurious
blank lines. Both are returned as source line numbers; the text is corrected later.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from edition.ingest.book_lines import is_blank

MIN_TERMS = 5  # a column of terms: at least this many one-word lines in a row
_OPEN_ENDINGS = frozenset(
    ["a", "an", "and", "the", "of", "or", "to", "in", "into", "from", "within", "see"]
)
_STILL_OPEN = ("(n.", "(notes")


@dataclass
class Glossary:
    pairs: list[tuple[int, list[int]]] = field(default_factory=list)  # term line, definition
    warnings: list[str] = field(default_factory=list)


def text_lines(source: list[str], start: int, end: int) -> list[int]:
    return [n for n in range(start, end + 1) if not is_blank(source[n - 1])]


def is_term(line: str) -> bool:
    return len(line.split()) == 1 and len(line.strip()) <= 25


def term_runs(source: list[str], lines: list[int]) -> list[tuple[int, int]]:
    """`(first, last)` indexes into `lines` of each column of terms."""
    runs, i = [], 0
    while i < len(lines):
        j = i
        while j < len(lines) and is_term(source[lines[j] - 1]):
            j += 1
        if j - i >= MIN_TERMS:
            runs.append((i, j - 1))
        i = max(j, i + 1)
    return runs


def parse_glossary(source: list[str], start: int, end: int) -> Glossary:
    """Re-zip each column of terms with the definitions that follow it."""
    glossary = Glossary()
    lines = text_lines(source, start, end)
    runs = term_runs(source, lines)
    for k, (first, last) in enumerate(runs):
        stop = runs[k + 1][0] if k + 1 < len(runs) else len(lines)
        terms = lines[first : last + 1]
        definitions = split_definitions(source, lines[last + 1 : stop], len(terms))
        if len(definitions) != len(terms):
            glossary.warnings.append(
                f"glossary: {len(terms)} terms but {len(definitions)} definitions "
                f"at lines {terms[0]}-{lines[stop - 1]}"
            )
        glossary.pairs.extend(zip(terms, definitions, strict=False))
    return glossary


def split_definitions(source: list[str], lines: list[int], wanted: int) -> list[list[int]]:
    units: list[list[int]] = []
    for no in lines:
        if units and definition_open(source, units[-1]):
            units[-1].append(no)
        else:
            units.append([no])
    i = 1
    while len(units) > wanted and i < len(units):
        if source[units[i][0] - 1].lstrip().startswith("("):
            units[i - 1].extend(units.pop(i))
        else:
            i += 1
    return units


def definition_open(source: list[str], unit: list[int]) -> bool:
    """Whether the definition so far needs the next line: brackets, lost hyphen, open word."""
    text = " ".join(source[n - 1] for n in unit)
    last = source[unit[-1] - 1]
    depth = sum(text.count(c) for c in "([") - sum(text.count(c) for c in ")]")
    lost_hyphen = last[-1:].isalpha()
    return depth > 0 or lost_hyphen or last.split()[-1].lower() in _OPEN_ENDINGS


def parse_index(source: list[str], start: int, end: int) -> list[list[int]]:
    """Index entries as line groups, unwrapped over spurious blank lines."""
    entries: list[list[int]] = []
    for no in text_lines(source, start, end):
        line = source[no - 1].strip()
        if entries and continues_entry(source, entries[-1], line):
            entries[-1].append(no)
        else:
            entries.append([no])
    return entries


def continues_entry(source: list[str], entry: list[int], line: str) -> bool:
    """An entry ends with its page numbers; a see-reference ends where a later head starts."""
    last = source[entry[-1] - 1].strip()
    if last.endswith((",", *_STILL_OPEN)) or last.split()[-1] in _OPEN_ENDINGS:
        return True
    if not line[:1].isupper():
        return True
    if last[-1].isdigit() or last.endswith(")"):
        return False
    head = source[entry[0] - 1].strip().lower()
    return line.lower() < head

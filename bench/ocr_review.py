"""Error-finding harness for the 002 OCR corrector: what is still suspicious after correction.

    .venv/bin/python bench/ocr_review.py                    # class counts, a few examples each
    .venv/bin/python bench/ocr_review.py --show unknown     # every hit of one class
    .venv/bin/python bench/ocr_review.py --edits 30         # random sample of edits per stage
    .venv/bin/python bench/ocr_review.py --edits 30 --stage split-words --seed 7
    .venv/bin/python bench/ocr_review.py --dump /tmp/after.tsv   # then diff two versions

The whole book is corrected as the structure parser does it (`parse_ocr_book`); tables,
index entries and blocks flagged "damaged" are left out (the gold excludes them or they are
shown as printed). A token is "unknown" when wordfreq rates it below zipf 2 and the book
does not print it intact at least twice. The other classes are shapes OCR damage leaves.
"""

from __future__ import annotations

import argparse
import random
import re
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from edition.ingest.document import DAMAGED, INDEX_ENTRY, TABLE  # noqa: E402
from edition.ingest.ocr.lexicon import english  # noqa: E402
from edition.ingest.ocr_book import parse_ocr_book  # noqa: E402

SEED = Path(__file__).resolve().parents[1] / "fixtures/texts/002_dc425599c080b882.txt"
WORD = re.compile(r"[A-Za-z]+(?:'[A-Za-z]+)*")
SHORT_WORDS = {
    "a", "i", "an", "as", "at", "be", "by", "do", "go", "he", "if", "in", "is", "it", "me",
    "my", "no", "of", "on", "or", "so", "to", "up", "us", "we", "am", "pp", "p", "ch", "cf",
    "v", "s", "k", "o", "d", "f",
}  # fmt: skip
PATTERNS = {
    "letter-digit": re.compile(r"\b(?=[A-Za-z]*\d)(?=\d*[A-Za-z])[A-Za-z\d]{2,}\b"),
    "space-before-punct": re.compile(r"\w [,;:!?)](?!\S)|\w \.(?= [A-Z]|$)"),
    "split-digits": re.compile(r"(?<![\d.,])\d{1,2} \d{1,3}(?![\d.,])"),
    "lookalike-in-number": re.compile(r"(?<=\d)[IlSOo]\b|\b[IlS](?=\d)|(?:no|pp?)\. [IlSO]\b"),
    "glued-call": re.compile(r"[a-z][.,;:'\"]\d{1,3}(?=\s|$)|[a-z]{3,}\d{1,3}\b"),
    "broken-apostrophe": re.compile(
        r"\w ' \w|\w '(?:s|t|ll|re|ve|d|m)\b|\w' (?:s|t|ll|re|ve|d|m)\b"
    ),
    "fragment-run": re.compile(r"(?<![\w'-])(?:[A-Za-z]{1,2} ){2,}[A-Za-z]{1,2}(?![\w'-])"),
    "odd-capitals": re.compile(r"\b[a-z]+[A-Z]+[a-z]*\b"),
    "decade-glued": re.compile(r"\b1[89]\d0s[a-z]+"),
    "slash-in-word": re.compile(r"\b[A-Za-z]+/[A-Za-z]+\b"),
}


def blocks(doc):
    """(label, text, original, edits, flags) of every prose block and note."""
    for division in doc.divisions:
        for block in division.blocks:
            if block.kind in (TABLE, INDEX_ENTRY):
                continue
            yield f"{division.number or division.role}:{block.lines[0]}", block
        for note in division.notes:
            yield f"note {note.label}:{note.lines[0]}", note


def suspicious(doc, counts) -> dict[str, list[tuple[str, str, str]]]:
    """Each class -> [(label, token, context)]."""
    found = defaultdict(list)
    freq = english()
    for label, block in blocks(doc):
        if DAMAGED in block.flags:
            continue
        text = block.text
        for m in WORD.finditer(text):
            word = m.group()
            if _unknown(word, counts, freq):
                found["unknown"].append((label, word, _context(text, m.start(), m.end())))
        for m in re.finditer(r"(?<![\w-])[A-Za-z]+(?:-[A-Za-z]+)+(?![\w-])", text):
            if _odd_compound(m.group(), counts, freq):
                found["odd-compound"].append((label, m.group(), _context(text, m.start(), m.end())))
        for name, pattern in PATTERNS.items():
            for m in pattern.finditer(text):
                if name == "fragment-run" and _all_short_words(m.group()):
                    continue
                found[name].append((label, m.group(), _context(text, m.start(), m.end())))
    return found


def call_gaps(doc) -> list[tuple[str, str, str]]:
    """Note calls missing from each chapter's sequence: (division, expected numbers, where)."""
    gaps = []
    for division in doc.divisions:
        last = 0
        for block in division.blocks:
            for call in block.calls:
                if call.number is None:
                    gaps.append((division.number, "?", f"line {block.lines[0]}"))
                    continue
                if call.number != last + 1:
                    missing = f"{last + 1}-{call.number - 1}" if call.number > last else "back"
                    gaps.append((division.number, missing, f"line {block.lines[0]}"))
                last = call.number
    return gaps


def _unknown(word: str, counts: Counter, freq) -> bool:
    core = word.split("'")[0] if word.endswith("'s") else word
    if len(core) < 2 or counts.get(core, 0) + counts.get(core.lower(), 0) >= 2:
        return False
    return freq.get(core.lower(), 0) < 1e-7  # zipf < 2


def _odd_compound(compound: str, counts: Counter, freq) -> bool:
    """A hyphenated form the book never prints, made of common words: `the-whole`."""
    if counts.get(compound.lower(), 0) >= 1:
        return False
    parts = compound.split("-")
    return any(p.lower() in ("the", "of", "and", "to", "a", "in", "for") for p in parts)


def _all_short_words(run: str) -> bool:
    return all(w.lower() in SHORT_WORDS for w in run.split())


def _context(text: str, start: int, end: int, width: int = 40) -> str:
    return f"{text[max(0, start - width) : start]}[[{text[start:end]}]]{text[end : end + width]}"


def book_counts(raw: str) -> Counter:
    """Tokens printed intact in the OCR (single tokens and hyphenated compounds)."""
    counts = Counter(WORD.findall(raw))
    counts.update(
        m.group().lower() for m in re.finditer(r"(?<![\w-])[A-Za-z]+(?:-[A-Za-z]+)+", raw)
    )
    return counts


def sample_edits(doc, per_stage: int, stage: str | None, seed: int) -> None:
    by_stage = defaultdict(list)
    for label, block in blocks(doc):
        for edit in block.edits:
            by_stage[edit.stage].append((label, block, edit))
    rng = random.Random(seed)
    for name in sorted(by_stage):
        if stage and name != stage:
            continue
        items = by_stage[name]
        print(f"\n=== {name}: {len(items)} edits")
        for label, block, edit in rng.sample(items, min(per_stage, len(items))):
            text = block.text
            before = text[max(0, edit.start - 30) : edit.start]
            after = text[edit.end : edit.end + 30]
            print(f"  {label:14} {edit.rule:24} {edit.original!r:>22} -> {edit.replacement!r}")
            print(f"  {'':14} ...{before}[[{edit.replacement}]]{after}...")


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--show", action="append", default=[])
    parser.add_argument("--examples", type=int, default=6)
    parser.add_argument("--edits", type=int, default=0)
    parser.add_argument("--stage")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--dump", type=Path, help="write each block's text, to diff two versions")
    args = parser.parse_args(argv)
    raw = SEED.read_text(encoding="utf-8")
    t0 = time.process_time()
    doc = parse_ocr_book(raw)
    print(f"parsed and corrected in {time.process_time() - t0:.1f}s CPU")
    if args.dump:
        args.dump.write_text("".join(f"{label}\t{b.text}\n" for label, b in blocks(doc)))
    if args.edits:
        sample_edits(doc, args.edits, args.stage, args.seed)
        return
    found = suspicious(doc, book_counts(raw))
    found["call-gap"] = call_gaps(doc)
    total = sum(len(v) for v in found.values())
    print(f"suspicious residual tokens: {total}")
    for name, hits in sorted(found.items(), key=lambda kv: -len(kv[1])):
        print(f"\n== {name}: {len(hits)}")
        shown = hits if name in args.show else hits[: args.examples]
        for label, token, context in shown:
            print(f"  {label:16} {token!r:24} {context}")


if __name__ == "__main__":
    main(sys.argv[1:])

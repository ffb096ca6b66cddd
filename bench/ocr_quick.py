"""Iteration harness for the 002 OCR corrector: correct the gold passages, score them.

    .venv/bin/python bench/ocr_quick.py                 # dev set, mean CER/WER vs raw
    .venv/bin/python bench/ocr_quick.py --show dev-12   # also print one passage's output
    .venv/bin/python bench/ocr_quick.py --book          # time + peak memory, whole book
    .venv/bin/python bench/ocr_quick.py --gold other.jsonl --out /tmp/sys.jsonl

The structural cleanup here is a minimal stand-in for the real structure parser: body
passages are one block with blank lines, running heads and page-top specks dropped; note
passages are split on entry numbers, which are stripped and re-emitted as `N. `. Note
calls are re-inserted as ` N` at their offsets, as the gold prints them. The chapter's
note sequence is primed by correcting the book from the chapter start, as the parser does.
"""

from __future__ import annotations

import argparse
import bisect
import json
import re
import resource
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from edition.ingest.ocr import BookContext, NoteSequence, correct_block  # noqa: E402

SEED = Path(__file__).resolve().parents[1] / "fixtures/texts/002_dc425599c080b882.txt"
GOLD = Path(__file__).resolve().parents[1].parent / "shared/gold/ocr_dev.jsonl"
SCORER = Path(__file__).resolve().parents[1].parent / "shared/gold/score.py"
# First line of each chapter (seeds report 2.1); the notes start at 11539.
CHAPTER_STARTS = [1, 159, 359, 1212, 2686, 4812, 5096, 6280, 7437, 8751, 9849, 10770, 11539]
RUNNING_HEAD = re.compile(r"\*")
ENTRY = re.compile(r"^\s?([0-9IlS](?: ?[0-9IlSO]){0,3}) ?\. +(?=\S)")
LOOKALIKES = str.maketrans({"I": "1", "l": "1", "S": "5", "O": "0"})


def is_furniture(line: str) -> bool:
    stripped = line.strip()
    if not stripped:
        return True
    if RUNNING_HEAD.search(stripped) and len(stripped) < 45:
        return True
    return re.search(r"[A-Za-z]{2,}", stripped) is None and len(stripped) <= 6


def body_lines(raw: str) -> list[str]:
    return [line for line in raw.split("\n") if not is_furniture(line)]


def note_entries(raw: str) -> list[tuple[int, list[str]]]:
    entries: list[tuple[int, list[str]]] = []
    for line in body_lines(raw):
        m = ENTRY.match(line)
        number = int(m.group(1).replace(" ", "").translate(LOOKALIKES)) if m else None
        if m and (not entries or number == entries[-1][0] + 1):
            entries.append((number, [line[m.end() :]]))
        elif entries:
            entries[-1][1].append(line)
    return entries


def with_calls(result) -> str:
    text, out, pos = result.text, [], 0
    for call in result.calls:
        out.append(text[pos : call.offset])
        if call.number is not None:
            out.append(f" {call.number}")
        pos = call.offset
    out.append(text[pos:])
    return "".join(out)


def book_blocks(lines: list[str]):
    """Blank-line-separated blocks: (first line number, lines without furniture)."""
    block, first = [], 0
    for number, line in enumerate(lines, 1):
        if line.strip():
            if not block:
                first = number
            block.append(line)
            continue
        if block:
            yield first, [x for x in block if not is_furniture(x)]
        block = []
    if block:
        yield first, [x for x in block if not is_furniture(x)]


def correct_book(lines: list[str], ctx: BookContext) -> dict[int, int | None]:
    """Correct every block in order; return the note sequence state before each block."""
    states, seq, chapter = {}, NoteSequence(), 0
    for first, block in book_blocks(lines):
        current = bisect.bisect_right(CHAPTER_STARTS, first)
        if current != chapter:
            chapter, seq = current, NoteSequence(chapter=str(current))
        states[first] = seq.last
        if block:
            in_notes = first >= CHAPTER_STARTS[-1]
            correct_block(
                block, ctx, notes=None if in_notes else seq, kind="note" if in_notes else "body"
            )
    return states


def correct_passage(row: dict, ctx: BookContext, states: dict[int, int | None]) -> str:
    if row["kind"] == "note":
        return "\n".join(
            f"{number}. " + correct_block(lines, ctx, kind="note").text
            for number, lines in note_entries(row["raw"])
        )
    starts = sorted(states)
    at = bisect.bisect_left(starts, row["start_line"])
    last = states[starts[at]] if at < len(starts) else None
    return with_calls(correct_block(body_lines(row["raw"]), ctx, notes=NoteSequence(last=last)))


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--gold", type=Path, default=GOLD)
    parser.add_argument("--out", type=Path, default=Path("/tmp/ocr_quick.jsonl"))
    parser.add_argument("--show", action="append", default=[])
    parser.add_argument("--book", action="store_true")
    parser.add_argument("--verbose", action="store_true")
    args = parser.parse_args(argv)
    lines = SEED.read_text(encoding="utf-8").split("\n")
    t0 = time.perf_counter()
    ctx = BookContext.from_lines(lines)
    t1 = time.perf_counter()
    states = correct_book(lines, ctx)
    t2 = time.perf_counter()
    if args.book:
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"context {t1 - t0:.2f}s  whole book {t2 - t1:.2f}s  peak RSS {peak:.0f} MB")
    rows = [json.loads(x) for x in args.gold.read_text(encoding="utf-8").splitlines() if x]
    with args.out.open("w", encoding="utf-8") as fh:
        for row in rows:
            text = correct_passage(row, ctx, states)
            fh.write(json.dumps({"id": row["id"], "text": text}) + "\n")
            if row["id"] in args.show:
                print(f"--- {row['id']}\n{text}\n+++ gold\n{row['gold']}\n")
    flags = [] if args.verbose else ["--quiet"]
    subprocess.run([sys.executable, str(SCORER), str(args.gold), str(args.out), *flags], check=True)


if __name__ == "__main__":
    main(sys.argv[1:])

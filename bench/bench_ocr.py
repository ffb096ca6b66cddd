"""OCR quality of the edition, measured as readers get it.

Ingests 002 into a scratch SQLite database, exports it with `export_edition --format md`,
finds each gold passage of the dev set in the Markdown, and scores it with the gold set's
own scorer (CER and WER after whitespace normalisation). Footnote references `[^3.89]`
count as the gold's plain ` 89`, and definitions `[^3.198]: text` as `198. text`.

Usage:
    make bench-ocr
    GOLD=../shared/gold/ocr_dev.jsonl .venv/bin/python bench/bench_ocr.py
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from rapidfuzz import fuzz, process

ROOT = Path(__file__).resolve().parent.parent
GOLD = Path(os.environ.get("GOLD", ROOT.parent / "shared" / "gold" / "ocr_dev.jsonl"))
SLUG = "filtzer-soviet-workers"
CALL = re.compile(r"\[\^(?:[^\].]+\.)?([^\]]+)\]")
DEFINITION = re.compile(r"^\[\^(?:[^\].]+\.)?([^\]]+)\]:\s*")
# Forms the corrector must leave as printed (seeds report 2.4 and E13): (form, minimum count
# expected in the edition = its count in the raw OCR, spacing aside).
PROTECTED = [
    "Serp i molot",
    "competiton",
    "bureaucractic",
    "Schwarz, Labor",
    "NKT SSSR",
    "quantatively",
    "adminstration",
    "neighouring",
    "sucesses",
    "mutally",
    "prodution",
    "revison",
    "Narkomtrud",
    "VTsSPS",
    "edinonachalie",
    "khozraschet",
    "orgnabor",
    "vydvizhentsy",
    "otkhodniki",
    "kolkhozniki",
    "udarnichestvo",
    "subbotniki",
    "Elektrozavod",
    "Sormovo",
    "Makeevka",
    "Shchekinugol'",
    "Artemugol'",
    "Dneprostroi",
    "Magnitogorsk",
    "per cent",
    "work force",
    "programme",
    "labour",
    "behaviour",
    "offence",
    "co-operation",
]


def load_scorer():
    spec = importlib.util.spec_from_file_location("gold_score", GOLD.parent / "score.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def run_manage(env, *args) -> tuple[str, float, int]:
    """Run manage.py; return stdout, seconds and the child's peak RSS in MB."""
    started = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    out = proc.stdout.read()
    _, status, usage = os.wait4(proc.pid, 0)
    if status != 0:
        sys.exit(f"manage.py {' '.join(args)} failed with status {status}")
    return out, time.perf_counter() - started, usage.ru_maxrss // 1024


def units(markdown: str) -> list[str]:
    """Paragraph-level units of the export, with calls as the gold prints them."""
    body = markdown.split("\n---\n", 1)[1]  # after the YAML front matter
    result = []
    for chunk in body.split("\n\n"):
        chunk = chunk.strip()
        if not chunk or chunk.startswith("#") or chunk.startswith("```"):
            continue
        chunk = re.sub(r"^> ?", "", chunk, flags=re.M)
        chunk = DEFINITION.sub(lambda m: f"{m.group(1)}. ", chunk)
        result.append(CALL.sub(lambda m: f" {m.group(1)}", chunk))
    return result


def locate(gold: dict, candidates: list[str]) -> str:
    """The edition's text for a gold passage: best unit per gold line, or a window."""
    lines = gold["gold"].split("\n") if gold["kind"] == "note" else [gold["gold"]]
    found = []
    for line in lines:
        best = process.extractOne(line, candidates, scorer=fuzz.ratio)
        index = best[2]
        pair = " ".join(candidates[index : index + 2])
        prev = " ".join(candidates[max(index - 1, 0) : index + 1])
        found.append(max([candidates[index], pair, prev], key=lambda t: fuzz.ratio(line, t)))
    return " ".join(found)


def main() -> None:
    scorer = load_scorer()
    golds = [json.loads(line) for line in GOLD.read_text().splitlines() if line.strip()]
    with tempfile.TemporaryDirectory() as tmp:
        env = os.environ | {"DATABASE_URL": f"sqlite:///{tmp}/bench.sqlite3", "DEBUG": "true"}
        run_manage(env, "migrate", "-v0")
        _, seconds, peak = run_manage(env, "ingest", SLUG)
        markdown, _, _ = run_manage(env, "export_edition", SLUG, "--format", "md")
        report, _, _ = run_manage(env, "ocr_report", SLUG)
    candidates = units(markdown)
    rows = [(g, locate(g, candidates)) for g in golds]
    print_scores(scorer, rows)
    print_protected(
        Path(ROOT / "fixtures" / "texts" / "002_dc425599c080b882.txt").read_text(), markdown
    )
    print(f"\ningest + correct 002 (one process, SQLite): {seconds:.1f} s, peak RSS {peak} MB")
    print("\nocr_report:\n" + report)


def print_scores(scorer, rows) -> None:
    print(f"{'id':<8} {'kind':<5} {'raw CER':>8} {'CER':>8} {'raw WER':>8} {'WER':>8}")
    totals = {"cer": [], "wer": [], "rcer": [], "rwer": []}
    for gold, text in rows:
        ce, n, we, nw = scorer.rates(text, gold["gold"])
        rce, _, rwe, _ = scorer.rates(gold["raw"], gold["gold"])
        for key, value in (
            ("cer", ce / n),
            ("wer", we / nw),
            ("rcer", rce / n),
            ("rwer", rwe / nw),
        ):
            totals[key].append(value)
        print(
            f"{gold['id']:<8} {gold['kind']:<5} {rce / n:>8.4f} {ce / n:>8.4f} "
            f"{rwe / nw:>8.4f} {we / nw:>8.4f}"
        )
    mean = {k: sum(v) / len(v) for k, v in totals.items()}
    print(f"\n| dev ({len(rows)}) | raw | edition | ratio |\n|---|---|---|---|")
    for name, raw, ours in (("CER", "rcer", "cer"), ("WER", "rwer", "wer")):
        print(
            f"| mean {name} | {mean[raw]:.4f} | {mean[ours]:.4f} | {mean[ours] / mean[raw]:.3f} |"
        )


def print_protected(raw: str, markdown: str) -> None:
    def norm(text: str) -> str:
        return re.sub(r"\s+", " ", text)

    raw_n, md_n = norm(raw), norm(CALL.sub("", markdown))
    lost = [
        (form, raw_n.count(form), md_n.count(form))
        for form in PROTECTED
        if md_n.count(form) < raw_n.count(form)
    ]
    print(f"\nmust-not-change forms checked: {len(PROTECTED)}; over-corrected: {len(lost)}")
    for form, before, after in lost:
        print(f"  {form!r}: {before} in the OCR, {after} in the edition")


if __name__ == "__main__":
    main()

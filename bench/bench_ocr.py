"""OCR quality of the edition, measured as readers get it.

Ingests 002 into a scratch SQLite database, exports it with `export_edition --format md`,
finds each gold passage of the dev set in the Markdown, and scores it with the gold set's
own scorer (CER and WER after whitespace normalisation). Footnote references `[^3.89]`
count as the gold's plain ` 89`, and definitions `[^3.198]: text` as `198. text`.

Then the external dev set (`../shared/ocr-external-dev/`, newspaper OCR the corrector was
never shaped around; read at run time, never copied into the repository): each article's
OCR lines become one file, ingested with `ingest --file --kind ocr` and exported with
`export_edition --format md` in one Django process, and the Markdown's text is scored
with the set's own CER. The corrector alone is timed on the same articles (joined lines).

Usage:
    make bench-ocr
    GOLD=../shared/gold/ocr_dev.jsonl .venv/bin/python bench/bench_ocr.py
    EXTERNAL=../shared/ocr-external-dev .venv/bin/python bench/bench_ocr.py --external-only
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
EXTERNAL = Path(os.environ.get("EXTERNAL", ROOT.parent / "shared" / "ocr-external-dev"))
HEADING = re.compile(r"^#+\s*")
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
    if "--external-worker" in sys.argv:
        at = sys.argv.index("--external-worker")
        return external_worker(Path(sys.argv[at + 1]), Path(sys.argv[at + 2]))
    if "--external-only" not in sys.argv:
        bench_002()
    bench_external()


def bench_002() -> None:
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


def bench_external() -> None:
    data = EXTERNAL / "smh.jsonl"
    if not data.exists():
        print(f"\nexternal dev set: {data} not found; skipped (it is never part of the repo)")
        return
    rows = [json.loads(line) for line in data.read_text(encoding="utf-8").splitlines() if line]
    seconds, chars = time_corrector(rows)
    with tempfile.TemporaryDirectory() as tmp:
        env = os.environ | {"DATABASE_URL": f"sqlite:///{tmp}/external.sqlite3", "DEBUG": "true"}
        out = Path(tmp) / "predictions.jsonl"
        run_manage(env, "migrate", "-v0")
        started = time.perf_counter()
        proc = subprocess.run(
            [sys.executable, __file__, "--external-worker", str(data), str(out)],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        if proc.returncode != 0:
            sys.exit(f"external dev set: the ingest worker failed:\n{proc.stderr[-2000:]}")
        elapsed = time.perf_counter() - started
        predictions = {
            row["id"]: row for row in map(json.loads, out.read_text().splitlines()) if row
        }
    print_external(rows, predictions, seconds, chars, elapsed)


def time_corrector(rows) -> tuple[float, int]:
    """Seconds the corrector alone takes on the articles' joined lines, and their length."""
    sys.path.insert(0, str(ROOT))
    from edition.ingest.ocr import BookContext, correct_block, substitutions

    substitutions.warm()  # dictionaries load once per process, not per text
    seconds, chars = 0.0, 0
    for row in rows:
        started = time.perf_counter()
        correct_block(row["ocr"], BookContext.from_lines(row["ocr"]))
        seconds += time.perf_counter() - started
        chars += sum(len(line) + 1 for line in row["ocr"])
    return seconds, chars


def external_worker(data: Path, out: Path) -> None:
    """In one Django process: ingest each article as a file, export it, keep its text."""
    import io

    import django

    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    django.setup()
    from django.core.management import call_command
    from django.core.management.base import CommandError

    with out.open("w", encoding="utf-8") as fh, tempfile.TemporaryDirectory() as tmp:
        for line in data.read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            path = Path(tmp) / f"{row['id']}.txt"
            path.write_text("\n".join(row["ocr"]) + "\n", encoding="utf-8")
            title = f"bench {row['id']}"
            buf = io.StringIO()
            try:
                call_command("ingest", file=path, kind="ocr", title=title, stdout=buf)
            except CommandError as exc:
                fh.write(json.dumps({"id": row["id"], "text": None, "error": str(exc)}) + "\n")
                continue
            slug = buf.getvalue().strip().splitlines()[-1]
            md = io.StringIO()
            call_command("export_edition", slug, "--format", "md", stdout=md)
            fh.write(json.dumps({"id": row["id"], "text": export_text(md.getvalue(), title)}))
            fh.write("\n")


def export_text(markdown: str, title: str) -> str:
    """The reading text of an exported article: headings as lines, the title heading out."""
    body = markdown.split("\n---\n", 1)[1]
    lines = []
    for line in body.splitlines():
        if line.startswith("#"):
            line = HEADING.sub("", line)
            if line.strip() == title:
                continue
        lines.append(line)
    text = CALL.sub("", DEFINITION.sub("", "\n".join(lines)))
    return re.sub(r"\s+", " ", text).strip()


def print_external(rows, predictions, seconds: float, chars: int, elapsed: float) -> None:
    from rapidfuzz.distance import Levenshtein

    def squash(text: str) -> str:
        return re.sub(r"\s+", " ", text or "").strip()

    def cer(hyp: str, gold: str) -> float:
        return Levenshtein.distance(squash(hyp), squash(gold)) / max(1, len(squash(gold)))

    raw_sum = sys_sum = 0.0
    worse = failed = 0
    for row in rows:
        raw = cer(" ".join(row["ocr"]), row["gold_text"])
        text = (predictions.get(row["id"]) or {}).get("text")
        failed += text is None
        out = cer(text if text is not None else " ".join(row["ocr"]), row["gold_text"])
        raw_sum, sys_sum = raw_sum + raw, sys_sum + out
        worse += out > raw + 1e-9
    n = len(rows)
    print(f"\nexternal dev set ({EXTERNAL.name}): {n} articles, ingest --file + Markdown export")
    print("| | raw | edition | ratio | made worse | refused |\n|---|---|---|---|---|---|")
    print(
        f"| mean CER | {raw_sum / n:.4f} | {sys_sum / n:.4f} | {sys_sum / raw_sum:.3f} "
        f"| {worse} of {n} | {failed} |"
    )
    print(
        f"corrector: {seconds / chars * 1e5:.2f} s per 100,000 characters "
        f"({chars:,} characters); ingest + export of all articles {elapsed:.0f} s"
    )


if __name__ == "__main__":
    main()

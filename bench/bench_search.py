"""Benchmark: search over the three editions plus 10,000 annotations, on SQLite and on
PostgreSQL.

For each engine, in a scratch database (SQLite in a temporary directory; PostgreSQL at
BENCH_SEARCH_POSTGRES_URL, default a database `lectio_bench_search` on 127.0.0.1, created
and dropped here, skipped when no server answers): ingest the manifest's texts, add
10,000 public annotations, time the index build for the whole corpus, then run a mix of
queries (words, phrases, prefixes, the OCR original, filters) through `search_run`, the
code the page and the API call, and print the median and 95th percentile latency and the
number of SQL queries per search.

Usage:
    .venv/bin/python bench/bench_search.py        (also run by `make bench`)
"""

from __future__ import annotations

import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

ANNOTATIONS = 10_000
ROUNDS = int(os.environ.get("BENCH_SEARCH_ROUNDS", "5"))
POSTGRES_URL = os.environ.get(
    "BENCH_SEARCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/lectio_bench_search"
)
QUERIES = [
    {"q": "workers"},
    {"q": "stakhanov"},
    {"q": "ordzhonikidze"},
    {"q": "the"},
    {"q": '"five-year plan"'},
    {"q": '"labour discipline"'},
    {"q": "product*"},
    {"q": "wage norms"},
    {"q": "factory manager*"},
    {"q": "peasant", "original": True},
    {"q": "stakhanov", "show": "annotations"},
    {"q": "nep", "tag": "nep"},
    {"q": "workers", "order": "reading"},
    {"q": "zzznothing"},
]
NOTE_WORDS = [
    "workers",
    "stakhanov",
    "norms",
    "wages",
    "plan",
    "factory",
    "managers",
    "shock",
    "brigade",
    "quota",
    "nep",
    "discipline",
    "turnover",
    "peasants",
    "party",
    "trade",
    "union",
    "record",
    "output",
    "the",
    "a",
    "of",
    "and",
]


def child(url: str) -> None:
    """Run in a process of its own: Django set up on `url`, then the benchmark."""
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    with open(os.devnull, "w") as quiet:
        call_command("ingest", stdout=quiet, stderr=quiet)
    user = _annotations_add(random.Random(17))
    build = _index_build()
    times, queries = _run_queries(user)
    _report(build, times, queries)


def _annotations_add(rng: random.Random):
    from accounts.models import User
    from annotations.models import Annotation
    from edition.models import Passage, Selection

    user = User.objects.create_user(username="bench-search", password=None)
    passages = list(Passage.objects.current().values_list("pk", "edition_id"))
    selections = Selection.objects.bulk_create(
        [
            Selection(edition_id=e, passage_id=p)
            for p, e in (rng.choice(passages) for _ in range(ANNOTATIONS))
        ],
        batch_size=1000,
    )
    tagged = [rng.random() < 0.1 for _ in selections]
    Annotation.objects.bulk_create(
        [
            Annotation(
                author=user,
                edition_id=s.edition_id,
                selection=s,
                body=" ".join(rng.choice(NOTE_WORDS) for _ in range(rng.randint(8, 40))),
                tags=["nep"] if tag else [],
                tag_index="|nep|" if tag else "",
                visibility="public",
            )
            for s, tag in zip(selections, tagged, strict=True)
        ],
        batch_size=1000,
    )
    return user


def _index_build() -> dict:
    from annotations.search import annotations_index
    from edition.models import Passage
    from edition.search import passages_index

    started = time.perf_counter()
    passages_index(ids=None)
    text = time.perf_counter() - started
    started = time.perf_counter()
    annotations_index(ids=None)
    notes = time.perf_counter() - started
    return {"passages": Passage.objects.count(), "text": text, "notes": notes}


def _run_queries(user) -> tuple[list[float], list[int]]:
    from django.contrib.auth.models import AnonymousUser
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from annotations.search import search_run

    times, counts = [], []
    for _ in range(ROUNDS):
        for viewer in (AnonymousUser(), user):
            for params in QUERIES:
                with CaptureQueriesContext(connection) as captured:
                    started = time.perf_counter()
                    results = search_run(viewer=viewer, params=params, page=1, per_page=10)
                    for page in (results.passages, results.annotations):
                        list(page or [])
                    times.append((time.perf_counter() - started) * 1000)
                counts.append(len(captured.captured_queries))
    return times, counts


def _report(build: dict, times: list[float], counts: list[int]) -> None:
    from django.db import connection

    times.sort()
    p95 = times[min(len(times) - 1, int(len(times) * 0.95))]
    print(
        f"\nSearch ({connection.vendor}): {build['passages']:,} passages of the three "
        f"editions, {ANNOTATIONS:,} annotations, {len(times)} searches"
    )
    print(f"  index build: text {build['text']:.2f} s, annotations {build['notes']:.2f} s")
    print(
        f"  latency: median {statistics.median(times):.1f} ms, p95 {p95:.1f} ms, "
        f"max {times[-1]:.1f} ms"
    )
    print(f"  SQL queries per search: {min(counts)}-{max(counts)}")


def _postgres_ready() -> bool:
    import psycopg

    admin = POSTGRES_URL.rsplit("/", 1)[0] + "/postgres"
    name = POSTGRES_URL.rsplit("/", 1)[1]
    try:
        with psycopg.connect(admin, autocommit=True, connect_timeout=3) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
            conn.execute(f'CREATE DATABASE "{name}"')
    except psycopg.OperationalError as e:
        print(f"\nSearch (postgresql): skipped, no server at {admin}: {e}")
        return False
    return True


def _postgres_drop() -> None:
    import psycopg

    admin = POSTGRES_URL.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{POSTGRES_URL.rsplit("/", 1)[1]}"')


def main() -> None:
    me = [sys.executable, __file__, "--child"]
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run([*me, f"sqlite:///{tmp}/search.sqlite3"], cwd=ROOT, check=True)
    if _postgres_ready():
        try:
            subprocess.run([*me, POSTGRES_URL], cwd=ROOT, check=True)
        finally:
            _postgres_drop()


if __name__ == "__main__":
    if sys.argv[1:2] == ["--child"]:
        child(sys.argv[2])
    else:
        main()

"""Benchmark: migrating annotations through a new edition version.

Builds a scratch database (SQLite in a temporary directory, or BENCH_VERSIONS_DATABASE_URL)
with one edition of 1,000 passages and 10,000 annotations on 500 of them, then times, in
the same run:

- publishing one version that corrects a word in each of those 500 passages
  (`edition.versions.version_publish`: snapshots, texts, and every annotation moved
  through its passage's edit), and
- simply re-saving the same 10,000 annotations (one `bulk_update` of the same columns,
  and one `save(update_fields=...)` per row).

Usage:
    .venv/bin/python bench/bench_versions.py        (also run by `make bench`)
"""

from __future__ import annotations

import os
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PASSAGES, TOUCHED, ANNOTATIONS = 1_000, 500, 10_000
WORDS = [
    "the",
    "reader",
    "of",
    "this",
    "text",
    "sees",
    "a",
    "margin",
    "note",
    "and",
    "an",
    "argument",
    "about",
    "the",
    "page",
    "which",
    "the",
    "scholar",
    "edits",
    "in",
    "a",
    "new",
    "edition",
    "with",
    "care",
]
FIELDS = ["pieces", "exact", "prefix", "suffix", "start", "end", "state", "modified"]


def setup_django(tmp: str) -> None:
    url = os.environ.get("BENCH_VERSIONS_DATABASE_URL", f"sqlite:///{tmp}/versions.sqlite3")
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)


def build(rng: random.Random):
    from django.utils import timezone

    from accounts.models import User
    from annotations.models import Annotation
    from edition.anchoring import piece_at
    from edition.models import Edition, Passage, Section, Selection, Work

    slug = f"bench-versions-{int(time.time())}"
    user = User.objects.create_user(username=slug[:30], password=None)
    work = Work.objects.create(title="Bench", author="B. Ench", year=2024)
    edition = Edition.objects.create(
        work=work,
        slug=slug,
        kind="clean",
        source_file="-",
        raw_text="-",
        raw_sha256="0" * 64,
        ingested_at=timezone.now(),
    )
    section = Section.objects.create(
        edition=edition, order=1, slug="s", role="chapter", title="S", line_start=1, line_end=1
    )
    Passage.objects.bulk_create(
        [
            Passage(
                edition=edition,
                section=section,
                anchor=f"p{i}",
                order=i,
                kind="paragraph",
                text=" ".join(rng.choice(WORDS) for _ in range(rng.randint(60, 120))),
                line_start=i,
                line_end=i,
            )
            for i in range(PASSAGES)
        ]
    )
    passages = list(edition.passages.order_by("order"))[:TOUCHED]
    selections = []
    for n in range(ANNOTATIONS):
        passage = passages[n % TOUCHED]
        start = rng.randrange(0, len(passage.text) - 40)
        selection = Selection(edition=edition, passage=passage)
        selection.set_pieces([piece_at(passage, start, start + rng.randint(5, 40))])
        selections.append(selection)
    Selection.objects.bulk_create(selections, batch_size=1000)
    Annotation.objects.bulk_create(
        [
            Annotation(author=user, edition=edition, selection=s, body="note", visibility="public")
            for s in selections
        ],
        batch_size=1000,
    )
    return edition, passages, user


def changes_for(passages, rng: random.Random):
    from edition.versions import Edit, PassageChange

    changes = []
    for passage in passages:
        at = [i for i, ch in enumerate(passage.text) if ch == " "]
        start = rng.choice(at[:-1]) + 1
        end = passage.text.index(" ", start)
        edit = Edit(start, end, passage.text[start:end].upper() + "s")
        new = passage.text[:start] + edit.text + passage.text[end:]
        changes.append(PassageChange(passage=passage, text=new, edits=[edit]))
    return changes


def timed(fn) -> float:
    started = time.perf_counter()
    fn()
    return time.perf_counter() - started


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        setup_django(tmp)
        from django.db import connection, transaction

        from edition.models import Selection
        from edition.versions import version_publish

        rng = random.Random(42)
        edition, passages, user = build(rng)
        selections = list(Selection.objects.filter(edition=edition))

        def bulk_resave():
            with transaction.atomic():
                Selection.objects.bulk_update(selections, FIELDS, batch_size=100)

        def row_resave():
            with transaction.atomic():
                for selection in selections:
                    selection.save(update_fields=FIELDS)

        resave_bulk = timed(bulk_resave)
        resave_rows = timed(row_resave)
        changes = changes_for(passages, rng)
        migrate = timed(
            lambda: version_publish(edition=edition, changes=changes, user=user, note="bench")
        )
        states = {}
        for state in Selection.objects.filter(edition=edition).values_list("state", flat=True):
            states[state] = states.get(state, 0) + 1
        print(
            f"\nVersions: {ANNOTATIONS:,} annotations through a version touching "
            f"{TOUCHED} passages ({connection.vendor})"
        )
        print(f"{'operation':<52} {'seconds':>8} {'ratio':>7}")
        print(f"{'re-save the selections (save() per row)':<52} {resave_rows:>8.3f} {1:>7.2f}")
        print(
            f"{'re-save the selections (bulk_update, batches of 100)':<52} "
            f"{resave_bulk:>8.3f} {resave_bulk / resave_rows:>7.2f}"
        )
        print(
            f"{'publish the version and move the selections':<52} {migrate:>8.3f} "
            f"{migrate / resave_rows:>7.2f}"
        )
        print("anchor states after: " + ", ".join(f"{k} {v}" for k, v in sorted(states.items())))


if __name__ == "__main__":
    main()

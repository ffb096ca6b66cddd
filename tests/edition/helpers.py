"""Shared set-up for edition tests: ingest the small samples of fixtures/samples/."""

import io
from pathlib import Path

from django.conf import settings
from django.core.management import call_command

SAMPLES = Path(settings.BASE_DIR) / "fixtures" / "samples"
TEXTS = Path(settings.BASE_DIR) / "fixtures" / "texts"


def ingest_samples(*names: str, force: bool = False) -> str:
    """Ingest sample texts (all, or the named slugs); return the command's output."""
    out = io.StringIO()
    call_command(
        "ingest",
        *names,
        force=force,
        manifest=SAMPLES / "manifest.json",
        texts=SAMPLES,
        stdout=out,
        stderr=io.StringIO(),
    )
    return out.getvalue()


def ingest_seeds() -> str:
    """Ingest the three seed editions of fixtures/texts, as `make run` does."""
    out = io.StringIO()
    call_command(
        "ingest", manifest=TEXTS / "manifest.json", texts=TEXTS, stdout=out, stderr=io.StringIO()
    )
    return out.getvalue()

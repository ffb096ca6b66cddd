"""The texts manifest: which source files become which editions. No Django imports."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

KINDS = ("ocr-book", "born-digital", "clean")
FIELDS = ("slug", "title", "author", "year", "source", "kind")


class ManifestError(ValueError):
    """The manifest is missing, unreadable, or names something it cannot."""


@dataclass(frozen=True)
class ManifestEntry:
    slug: str
    title: str
    author: str
    year: int | None
    source: str  # file name inside the texts directory
    kind: str
    sha256: str = ""  # when given, the source must hash to it


def read_manifest(path: Path) -> list[ManifestEntry]:
    """Return the manifest's entries, validated; raise ManifestError naming the problem."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ManifestError(f"{path}: manifest not found")
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ManifestError(f"{path}: not valid JSON ({exc})")
    texts = data.get("texts") if isinstance(data, dict) else None
    if not isinstance(texts, list):
        raise ManifestError(f"{path}: expected an object with a list under 'texts'")
    entries = [_entry(path, n, item) for n, item in enumerate(texts, 1)]
    _check_unique(path, entries)
    return entries


def _entry(path: Path, n: int, item) -> ManifestEntry:
    if not isinstance(item, dict):
        raise ManifestError(f"{path}: text #{n} is not an object")
    missing = [name for name in FIELDS if name not in item]
    if missing:
        raise ManifestError(f"{path}: text #{n} lacks {', '.join(missing)}")
    if item["kind"] not in KINDS:
        raise ManifestError(
            f"{path}: text #{n} ({item['slug']}) has unknown kind {item['kind']!r}; "
            f"expected one of {', '.join(KINDS)}"
        )
    if "/" in item["source"] or item["source"].startswith("."):
        raise ManifestError(f"{path}: text #{n} source must be a plain file name")
    return ManifestEntry(**{name: item[name] for name in FIELDS}, sha256=item.get("sha256", ""))


def _check_unique(path: Path, entries: list[ManifestEntry]) -> None:
    seen: set[str] = set()
    for entry in entries:
        if entry.slug in seen:
            raise ManifestError(f"{path}: slug {entry.slug!r} appears twice")
        seen.add(entry.slug)

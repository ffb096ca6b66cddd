"""The texts manifest: which source files become which editions. No Django imports."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

KINDS = ("ocr-book", "born-digital", "clean")
FIELDS = ("slug", "title", "author", "year", "source", "kind")


class ManifestError(ValueError):
    """The manifest is missing, unreadable, or names something it cannot."""


@dataclass(frozen=True)
class Editorial:
    """Per-text editorial settings: facts an editor knows that the source file does not print.

    `parts` maps a chapter number to the part it belongs to (part-title leaves are often
    missing from a scan); `page_runs` names the headings (role or chapter number, or
    "notes" for the endnotes section) where the printed page count restarts because
    unprinted leaves precede them; `page_anchors` maps a source line number to the printed
    page it falls on, where no running head gives one.
    """

    parts: dict[str, str] = field(default_factory=dict)
    page_runs: tuple[str, ...] = ()
    page_anchors: dict[int, int] = field(default_factory=dict)


@dataclass(frozen=True)
class ManifestEntry:
    slug: str
    title: str
    author: str
    year: int | None
    source: str  # file name inside the texts directory
    kind: str
    sha256: str = ""  # when given, the source must hash to it
    editorial: Editorial = field(default_factory=Editorial)


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


SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
SHA256 = re.compile(r"[0-9a-f]{64}")


def _check_fields(path: Path, n: int, item: dict) -> None:
    """Each field of a text of the manifest has the type and form the site relies on
    (a slug becomes a URL; a bad one would break every page that links the edition)."""
    where = f"{path}: text #{n}"
    for name in ("slug", "title", "author", "source", "kind"):
        if not isinstance(item[name], str):
            raise ManifestError(f"{where}: {name!r} must be a string")
    if not (SLUG.fullmatch(item["slug"]) and len(item["slug"]) <= 80):
        raise ManifestError(
            f"{where}: slug {item['slug']!r} must be lowercase letters, digits and single "
            "hyphens, at most 80 characters"
        )
    if not item["title"].strip():
        raise ManifestError(f"{where} ({item['slug']}): title must not be empty")
    year = item["year"]
    if year is not None and (isinstance(year, bool) or not isinstance(year, int)):
        raise ManifestError(f"{where} ({item['slug']}): year must be a whole number or null")
    sha = item.get("sha256", "")
    if not isinstance(sha, str) or (sha and not SHA256.fullmatch(sha)):
        raise ManifestError(f"{where} ({item['slug']}): sha256 must be 64 lowercase hex digits")


def _entry(path: Path, n: int, item) -> ManifestEntry:
    if not isinstance(item, dict):
        raise ManifestError(f"{path}: text #{n} is not an object")
    missing = [name for name in FIELDS if name not in item]
    if missing:
        raise ManifestError(f"{path}: text #{n} lacks {', '.join(missing)}")
    _check_fields(path, n, item)
    if item["kind"] not in KINDS:
        raise ManifestError(
            f"{path}: text #{n} ({item['slug']}) has unknown kind {item['kind']!r}; "
            f"expected one of {', '.join(KINDS)}"
        )
    if "/" in item["source"] or item["source"].startswith("."):
        raise ManifestError(f"{path}: text #{n} source must be a plain file name")
    where = f"{path}: text #{n} ({item['slug']})"
    return ManifestEntry(
        **{name: item[name] for name in FIELDS},
        sha256=item.get("sha256", ""),
        editorial=read_editorial(item.get("editorial", {}), where=where),
    )


def read_editorial(data, *, where: str) -> Editorial:
    """Validate an entry's `editorial` object; raise ManifestError naming the bad setting."""
    if not isinstance(data, dict):
        raise ManifestError(f"{where}: 'editorial' must be an object")
    unknown = sorted(set(data) - {"parts", "page_runs", "page_anchors"})
    if unknown:
        raise ManifestError(
            f"{where}: unknown editorial setting {', '.join(unknown)}; "
            "expected parts, page_runs, page_anchors"
        )
    return Editorial(
        parts=_parts(data.get("parts", {}), where),
        page_runs=tuple(_strings(data.get("page_runs", []), where, "page_runs")),
        page_anchors=_anchors(data.get("page_anchors", {}), where),
    )


def _parts(data, where: str) -> dict[str, str]:
    """`{"Part I": ["1", "2"], ...}` -> `{"1": "Part I", "2": "Part I", ...}`."""
    if not isinstance(data, dict):
        raise ManifestError(f"{where}: editorial 'parts' must map a part's name to chapters")
    chapters: dict[str, str] = {}
    for name, numbers in data.items():
        for number in _strings(numbers, where, f"parts[{name!r}]"):
            if number in chapters:
                raise ManifestError(f"{where}: chapter {number!r} is in two parts")
            chapters[number] = name
    return chapters


def _strings(data, where: str, name: str) -> list[str]:
    if not isinstance(data, list) or not all(isinstance(v, str) and v for v in data):
        raise ManifestError(f"{where}: editorial {name!r} must be a list of non-empty strings")
    return data


def _anchors(data, where: str) -> dict[int, int]:
    if not isinstance(data, dict):
        raise ManifestError(f"{where}: editorial 'page_anchors' must map a line to a page")
    anchors = {}
    for line, page in data.items():
        if not (line.isdigit() and int(line) > 0 and isinstance(page, int) and page > 0):
            raise ManifestError(
                f"{where}: page anchor {line!r}: {page!r} must map a source line number "
                "to a printed page number (both positive integers)"
            )
        anchors[int(line)] = page
    return anchors


def _check_unique(path: Path, entries: list[ManifestEntry]) -> None:
    seen: set[str] = set()
    for entry in entries:
        if entry.slug in seen:
            raise ManifestError(f"{path}: slug {entry.slug!r} appears twice")
        seen.add(entry.slug)

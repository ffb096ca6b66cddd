"""Turning an uploaded source file into text, or refusing it with a reason an editor can act on.

The text comes back exactly as stored, minus a UTF-8 byte-order mark: no Unicode
normalisation, since NFKC would turn structural superscripts (`1941²`) into digits.
"""

from __future__ import annotations

import codecs
import io
import re
from dataclasses import dataclass, field

# Share of control characters (other than tab, newline, carriage return, form feed) above
# which a file is taken for binary data rather than text.
MAX_CONTROL_SHARE = 0.01
_ALLOWED_CONTROLS = {"\t", "\n", "\r", "\f"}


class SourceError(ValueError):
    """The file cannot be ingested as a text source."""


def decode_source(data: bytes, *, name: str, max_bytes: int = 20_000_000) -> str:
    """Return the UTF-8 text of `data`, or raise `SourceError` naming the file `name`.

    Refuses empty files, files over `max_bytes`, binary files and non-UTF-8 files.
    """
    if not data.strip():
        raise SourceError(f"{name}: the file is empty.")
    if len(data) > max_bytes:
        raise SourceError(f"{name}: the file has {len(data):,} bytes; the limit is {max_bytes:,}.")
    if b"\x00" in data:
        offset = data.index(b"\x00")
        raise SourceError(f"{name}: binary file (NUL byte at offset {offset}), not a text.")
    text = _decode_utf8(data, name=name)
    _ensure_mostly_printable(text, name=name)
    return text


def _decode_utf8(data: bytes, *, name: str) -> str:
    skip = len(codecs.BOM_UTF8) if data.startswith(codecs.BOM_UTF8) else 0
    try:
        return data[skip:].decode("utf-8")
    except UnicodeDecodeError as error:
        offset = skip + error.start
        bad = data[offset : offset + 4].hex(" ")
        raise SourceError(
            f"{name}: not valid UTF-8 at byte offset {offset} (bytes {bad}); "
            "convert the file to UTF-8 first."
        )


def _ensure_mostly_printable(text: str, *, name: str) -> None:
    controls = sum(1 for char in text if _is_control(char))
    if controls > MAX_CONTROL_SHARE * len(text):
        raise SourceError(
            f"{name}: binary file ({controls} control characters in {len(text)}), not a text."
        )


def _is_control(char: str) -> bool:
    return (char < " " or "\x7f" <= char <= "\x9f") and char not in _ALLOWED_CONTROLS


# Files given one by one (`ingest --file`): any common encoding, Markdown, PDF ----------------

PDF_MAGIC = b"%PDF-"
WESTERN = ("cp1252", "latin_1", "iso8859_15")
MIN_PDF_CHARS_PER_PAGE = 20  # less extracted text than this per page: no text layer
MARKDOWN_SUFFIXES = (".md", ".markdown")
MARKDOWN_MARKS = re.compile(r"^(?:#{1,6} \S|\[\^[^\]\s]+\]: )", re.M)
MIN_MARKDOWN_MARKS = 2


@dataclass
class SourceText:
    """A decoded source file: its text, its format, and how it was read (for the report)."""

    text: str
    format: str  # "text", "markdown" or "pdf"
    encoding: str
    page_labels: list[str] | None = None  # PDF: one per page, form feeds separate pages
    evidence: list[str] = field(default_factory=list)


def read_source(data: bytes, *, name: str, max_bytes: int = 20_000_000) -> SourceText:
    """Decode a file of any supported format, or raise `SourceError` naming the problem."""
    if not data.strip():
        raise SourceError(f"{name}: the file is empty.")
    if len(data) > max_bytes:
        raise SourceError(f"{name}: the file has {len(data):,} bytes; the limit is {max_bytes:,}.")
    if data.startswith(PDF_MAGIC):
        return read_pdf(data, name=name)
    text, encoding, evidence = decode_text(data, name=name)
    _ensure_mostly_printable(text, name=name)
    if not text.strip():
        raise SourceError(f"{name}: the file holds no text.")
    if name.lower().endswith(MARKDOWN_SUFFIXES):
        return SourceText(text, "markdown", encoding, evidence=[*evidence, "Markdown by name"])
    marks = len(MARKDOWN_MARKS.findall(text))
    if marks >= MIN_MARKDOWN_MARKS:
        evidence.append(f"Markdown by its markup ({marks} '#' headings or '[^n]:' notes)")
        return SourceText(text, "markdown", encoding, evidence=evidence)
    return SourceText(text, "text", encoding, evidence=evidence)


def decode_text(data: bytes, *, name: str) -> tuple[str, str, list[str]]:
    """(text, encoding, evidence): a BOM decides, then strict UTF-8, then charset-normalizer."""
    for bom, encoding in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                          (codecs.BOM_UTF16_BE, "utf-16")):  # fmt: skip
        if data.startswith(bom):
            try:
                return data.decode(encoding), encoding, [f"encoding {encoding} (byte-order mark)"]
            except UnicodeDecodeError as exc:
                raise SourceError(f"{name}: not valid {encoding} at byte {exc.start}.")
    if b"\x00" in data:
        offset = data.index(b"\x00")
        raise SourceError(f"{name}: binary file (NUL byte at offset {offset}), not a text.")
    try:
        return data.decode("utf-8"), "utf-8", ["encoding utf-8 (valid UTF-8)"]
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    matches = from_bytes(data)
    best = matches.best()
    if best is None:
        raise SourceError(f"{name}: binary file or unknown text encoding, not a text.")
    # Single-byte encodings often decode the same bytes equally well; where the Western
    # code page is among the plausible ones, it is the likeliest for an English text.
    plausible = {enc for match in matches for enc in match.could_be_from_charset}
    encoding = next((enc for enc in WESTERN if enc in plausible), best.encoding)
    text = data.decode(encoding) if encoding != best.encoding else str(best)
    return text, encoding, [f"encoding {encoding} (detected by charset-normalizer)"]


def read_pdf(data: bytes, *, name: str) -> SourceText:
    """The PDF's text layer, pages separated by form feeds, with its page labels."""
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        pages = [page.extract_text() or "" for page in reader.pages]
        labels = list(reader.page_labels)
    except (PdfReadError, ValueError, KeyError, TypeError) as exc:
        raise SourceError(f"{name}: not a readable PDF ({exc}).")
    chars = sum(len(page.strip()) for page in pages)
    if not pages or chars < MIN_PDF_CHARS_PER_PAGE * len(pages):
        raise SourceError(
            f"{name}: the PDF has no text layer ({chars} characters of text on "
            f"{len(pages)} pages); it is a scan: run OCR on it first."
        )
    own_labels = any(label != str(k) for k, label in enumerate(labels, 1))
    evidence = [f"PDF text layer, {len(pages)} pages"]
    evidence.append(
        "page labels from the PDF" if own_labels else "pages numbered 1 to n (no labels)"
    )
    text = "\n\f".join(page.rstrip("\n") for page in pages)
    return SourceText(text, "pdf", "pdf", page_labels=labels, evidence=evidence)

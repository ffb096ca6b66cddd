"""One entry point from a raw source text to a `Document`, chosen by the manifest's kind."""

from __future__ import annotations

from edition.ingest.clean import parse_clean
from edition.ingest.document import Document
from edition.ingest.thesis import parse_thesis

KINDS = ("ocr-book", "born-digital", "clean")


def parse(raw: str, *, kind: str, title: str = "", author: str = "") -> Document:
    """Parse `raw` with the parser for `kind`; `title`/`author` fill in what the text lacks.

    Raises `ValueError` for an unknown kind.
    """
    if kind == "ocr-book":
        # Imported here so the other kinds work whatever the state of the OCR parser.
        from edition.ingest.ocr_book import parse_ocr_book

        return _with_metadata(parse_ocr_book(raw), title=title, author=author)
    if kind == "born-digital":
        return _with_metadata(parse_thesis(raw), title=title, author=author)
    if kind == "clean":
        return parse_clean(raw, title=title, author=author)
    allowed = ", ".join(repr(name) for name in KINDS)
    raise ValueError(f"Unknown source kind {kind!r}; expected one of {allowed}.")


def _with_metadata(document: Document, *, title: str, author: str) -> Document:
    document.title = title or document.title
    document.author = author or document.author
    return document

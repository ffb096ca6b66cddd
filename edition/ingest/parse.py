"""From a raw source text to a `Document`: by the manifest's kind (`parse`), or for one file
of any supported format, its kind decided from the text when not given (`parse_source`)."""

from __future__ import annotations

from edition.ingest.clean import parse_clean
from edition.ingest.document import Document
from edition.ingest.kinds import decide_kind
from edition.ingest.manifest import Editorial
from edition.ingest.markdown import parse_markdown
from edition.ingest.source import SourceText
from edition.ingest.structure import parse_structured
from edition.ingest.thesis import parse_thesis

KINDS = ("ocr-book", "born-digital", "clean")
FILE_KINDS = {"auto": "", "ocr": "ocr-book", "born-digital": "born-digital", "clean": "clean"}


def parse_source(
    source: SourceText, *, kind: str = "auto", title: str = "", author: str = ""
) -> tuple[Document, str]:
    """(document, kind) of one file; `kind` is one of FILE_KINDS, "auto" decides from the
    text. The document's report starts with how the file was read and why this kind."""
    if kind not in FILE_KINDS:
        raise ValueError(f"Unknown kind {kind!r}; expected one of {', '.join(FILE_KINDS)}.")
    chosen = FILE_KINDS[kind]
    if chosen:
        reason = "given"
    elif source.format == "markdown":
        chosen, reason = "born-digital", "a Markdown file"
    else:
        chosen, reason = decide_kind(source.text)
    if source.format == "markdown":
        document = parse_markdown(source.text, title=title)
    elif chosen == "ocr-book":
        document = _ocr(source.text, source.page_labels, title)
    else:
        document = _edited(source, chosen, title=title, author=author)
    document = _with_metadata(document, title=title, author=author)
    document.report = {
        "source": source.evidence,
        "kind": f"{chosen} ({reason})",
        **document.report,
    }
    return document, chosen


def _edited(source: SourceText, kind: str, *, title: str, author: str) -> Document:
    """A text without OCR damage: the parser whose evidence the text shows, else the
    structure parser. A thesis needs its table of contents; a clean text one line per
    paragraph."""
    if kind == "clean" and _one_line_paragraphs(source.text):
        return parse_clean(source.text, title=title, author=author)
    if kind == "born-digital" and not source.page_labels:
        try:
            document = parse_thesis(source.text)
        except ValueError:
            pass  # no table of contents to go by
        else:
            document.report["evidence"] = ["a table of contents whose entries head the text"]
            return document
    return parse_structured(source.text, title=title, page_labels=source.page_labels)


def _one_line_paragraphs(raw: str) -> bool:
    """Every paragraph is a single line between blank lines."""
    lines = raw.replace("\r\n", "\n").split("\n")
    return any(line.strip() for line in lines) and all(
        not (a.strip() and b.strip()) for a, b in zip(lines, lines[1:], strict=False)
    )


def _ocr(raw: str, page_labels, title: str) -> Document:
    from edition.ingest.ocr_book import has_book_layout, parse_ocr_book

    if has_book_layout(raw) and not page_labels:
        return parse_ocr_book(raw)
    return parse_structured(raw, title=title, ocr=True, page_labels=page_labels)


def parse(
    raw: str, *, kind: str, title: str = "", author: str = "", editorial: Editorial | None = None
) -> Document:
    """Parse `raw` with the parser for `kind`; `title`/`author` fill in what the text lacks,
    `editorial` holds the text's editorial settings from the manifest.

    Raises `ValueError` for an unknown kind.
    """
    if kind == "ocr-book":
        # Imported here so the other kinds work whatever the state of the OCR parser.
        from edition.ingest.ocr_book import has_book_layout, parse_ocr_book

        if has_book_layout(raw):
            document = parse_ocr_book(raw, editorial=editorial)
        else:
            document = parse_structured(raw, title=title, ocr=True)
        return _with_metadata(document, title=title, author=author)
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

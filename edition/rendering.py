"""HTML of one passage: reading text with note calls, page markers, emphasis, and, on
request, the OCR corrections made visible. Every piece of text is escaped here.

The text content of the HTML is the passage's text, character for character, so that any
client anchors selectors against what the DOM holds: note calls and page markers are empty
elements whose numbers CSS draws from an attribute (generated content is not text content),
and a line break stays a "\n" that `white-space: pre-line` shows."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

READING, CHANGES, OCR = "reading", "changes", "ocr"
VIEWS = (READING, CHANGES, OCR)


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    open: str
    close: str


@dataclass(frozen=True)
class Point:
    offset: int
    html: str


def passage_html(passage, *, view: str = READING, corrections=(), notes=frozenset()) -> SafeString:
    """The inner HTML of `passage` in the given view.

    `corrections` are the passage's current Correction rows (needed for the changes and
    OCR views); `notes` is the set of note labels whose text the edition has.
    """
    if view == OCR and passage.original:
        return _render(passage.original, _ocr_spans(corrections), [])
    spans = [Span(s, e, "<em>", "</em>") for s, e in passage.inline.get("emphasis", [])]
    if view == CHANGES:
        spans += [_change_span(c) for c in corrections]
    points = [_call_point(c, notes) for c in passage.inline.get("calls", [])]
    points += [_page_point(p) for p in passage.inline.get("pages", []) if p.get("page")]
    return _render(passage.text, spans, points)


def _change_span(c) -> Span:
    title = escape(f"{c.stage}: OCR read “{c.original}”")
    css = "fix fix-review" if c.confidence < 0.8 and not c.decision else "fix"
    return Span(
        c.start, c.end, f'<ins class="{css}" title="{title}" data-stage="{c.stage}">', "</ins>"
    )


def _ocr_spans(corrections) -> list[Span]:
    spans, shift = [], 0
    for c in sorted(corrections, key=lambda c: c.start):
        start = c.start - shift
        spans.append(
            Span(
                start,
                start + len(c.original),
                f'<del class="fix" title="{escape(c.stage)}: now “{escape(c.replacement)}”">',
                "</del>",
            )
        )
        shift += len(c.replacement) - len(c.original)
    return spans


def _call_point(call: dict, notes) -> Point:
    label = escape(call["label"])
    shown = escape(str(call["number"]) if call.get("number") is not None else "?")
    missing = "" if call["label"] in notes else " note-missing"
    return Point(
        call["offset"],
        f'<sup class="note-call{missing}" id="call-{label}"><a href="#n-{label}" '
        f'data-note-call="{label}" aria-describedby="n-{label}" '
        f'data-number="{shown}" aria-label="Note {shown}"></a></sup>',
    )


def _page_point(page: dict) -> Point:
    label = escape(page["page"])
    return Point(
        page["offset"],
        f'<span class="page-marker" id="page-{label}" data-page="{label}" '
        f'aria-label="Page {label}" role="note"></span>',
    )


def _render(text: str, spans: list[Span], points: list[Point]) -> SafeString:
    """Escape `text` and insert spans and points; overlapping spans are closed and reopened."""
    bounds = sorted(
        {0, len(text)}
        | {s.start for s in spans}
        | {s.end for s in spans}
        | {p.offset for p in points}
    )
    by_offset: dict[int, list[Point]] = {}
    for point in points:
        by_offset.setdefault(min(max(point.offset, 0), len(text)), []).append(point)
    out = []
    for i, at in enumerate(bounds):
        out.extend(p.html for p in by_offset.get(at, []))
        if i + 1 < len(bounds):
            out.append(_segment(text, at, bounds[i + 1], spans))
    return mark_safe("".join(out))


def _segment(text: str, start: int, end: int, spans: list[Span]) -> str:
    active = [s for s in spans if s.start <= start and end <= s.end and s.start < s.end]
    body = escape(text[start:end])
    return "".join(s.open for s in active) + body + "".join(s.close for s in reversed(active))

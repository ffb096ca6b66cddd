"""Citing a passage as a reader would in a paper: plain text (to copy), BibTeX and CSL
JSON. Permalinks name the version cited. Annotations are cited in annotations/citations.py
with the same `Citation` and formats."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from django.http import Http404, HttpResponse, JsonResponse
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import mark_safe

from edition.models import Passage

_BIBTEX_SPECIAL = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}


@dataclass
class Citation:
    author: str
    title: str
    year: int | None
    chapter: str
    page: str
    paragraph: int | None
    version: int
    url: str
    key: str
    edition: str = ""  # the cited work's title, for an annotation
    work_author: str = ""  # and its author and year: the annotation's year is not the book's
    work_year: int | None = None
    quote: str = ""
    accessed: date = field(default_factory=lambda: timezone.localdate())


def paragraph_number(passage: Passage) -> int:
    """The passage's place among its section's paragraphs (headings and notes excluded)."""
    if getattr(passage, "paragraph", None):
        return passage.paragraph
    return (
        Passage.objects.reading()
        .filter(section_id=passage.section_id, order__lt=passage.order)
        .exclude(kind=Passage.Kind.HEADING)
        .count()
        + 1
    )


def passage_permalink(passage: Passage, version: int) -> str:
    return f"{passage.get_iri()}?version={version}"


def passage_citation(passage: Passage, *, version: int | None = None) -> Citation:
    """Expects `passage.edition.work` and `passage.section` loaded (or loads them)."""
    edition, work = passage.edition, passage.edition.work
    version = version or edition.version
    return Citation(
        author=work.author,
        title=work.title,
        year=work.year,
        chapter=passage.section.display_title,
        page=passage.page,
        paragraph=paragraph_number(passage),
        version=version,
        url=passage_permalink(passage, version),
        key=citation_key(work.author, work.year, f"{edition.slug}-{passage.anchor}"),
    )


def citation_key(author: str, year: int | None, suffix: str) -> str:
    surname = (author.split(",")[0].split() or ["anon"])[-1]
    return re.sub(r"[^A-Za-z0-9-]", "", f"{surname}{year or ''}-{suffix}").lower()


def _where(c: Citation) -> list[str]:
    where = [f"“{c.chapter}”"] if c.chapter else []
    if c.page:
        where.append(f"p. {c.page}")
    if c.paragraph:
        where.append(f"¶ {c.paragraph}")
    return where


def _cited(c: Citation, italic) -> str:
    """Who wrote what, and when: a book's year follows its title, a note's its author."""
    if not c.edition:
        year = f" ({c.year})" if c.year else ""
        return f"{c.author}, {italic(c.title)}{year}"
    year = f" ({c.year})" if c.year else ""
    work_year = f" ({c.work_year})" if c.work_year else ""
    return f"{c.author}{year}, annotation on {c.work_author}, {italic(c.edition)}{work_year}"


def _citation_parts(c: Citation, italic) -> list[str]:
    return [
        _cited(c, italic),
        *_where(c),
        f"Lectio edition, version {c.version}",
        f"{c.url} (accessed {c.accessed:%-d %B %Y})",
    ]


def citation_text(c: Citation) -> str:
    """One line in the author-title-date style, with the version and the permalink."""
    return ", ".join(_citation_parts(c, lambda title: title)) + "."


def citation_html(c: Citation) -> str:
    """The same line for a page, the book's title in italics."""
    parts = _citation_parts(c, lambda title: f"\x00{title}\x01")
    html = escape(", ".join(parts) + ".")
    return mark_safe(html.replace("\x00", "<i>").replace("\x01", "</i>"))


def _bibtex_escape(value: str) -> str:
    return "".join(_BIBTEX_SPECIAL.get(ch, ch) for ch in value)


def citation_bibtex(c: Citation) -> str:
    fields = [
        ("author", c.author),
        ("title", c.title),
        ("year", str(c.year or "")),
        ("chapter", c.chapter),
        ("pages", c.page),
        (
            "note",
            "; ".join(
                filter(
                    None,
                    [
                        f"paragraph {c.paragraph}" if c.paragraph else "",
                        f"Lectio edition, version {c.version}",
                    ],
                )
            ),
        ),
        ("howpublished", "Lectio"),
        ("url", c.url),
        ("urldate", c.accessed.isoformat()),
    ]
    lines = [
        f"  {name} = {{{value if name == 'url' else _bibtex_escape(value)}}},"
        for name, value in fields
        if value
    ]
    return "@misc{" + c.key + ",\n" + "\n".join(lines) + "\n}\n"


def citation_csl(c: Citation) -> dict:
    """One CSL JSON item (citeproc); exported as a list of one."""
    item = {
        "id": c.key,
        "type": "chapter",
        "title": c.title,
        "author": [_csl_name(c.author)],
        "container-title": c.edition or c.title,
        "section": c.chapter,
        "version": str(c.version),
        "URL": c.url,
        "publisher": "Lectio",
        "accessed": {"date-parts": [[c.accessed.year, c.accessed.month, c.accessed.day]]},
    }
    if c.year:
        item["issued"] = {"date-parts": [[c.year]]}
    if c.page:
        item["page"] = c.page
    if c.paragraph:
        item["locator"], item["label"] = str(c.paragraph), "paragraph"
    return item


def _csl_name(name: str) -> dict:
    if "," in name:
        family, given = (part.strip() for part in name.split(",", 1))
        return {"family": family, "given": given}
    parts = name.split()
    if len(parts) < 2:
        return {"literal": name}
    return {"family": parts[-1], "given": " ".join(parts[:-1])}


def citation_response(c: Citation, *, fmt: str, filename: str) -> HttpResponse:
    """The citation as a download: `txt` (shown, not downloaded), `bib` or `json` (CSL).
    404 for any other format."""
    if fmt not in {"txt", "bib", "json"}:
        raise Http404("Citations come as .txt, .bib or .json.")
    if fmt == "txt":
        return HttpResponse(citation_text(c), content_type="text/plain; charset=utf-8")
    if fmt == "bib":
        response = HttpResponse(
            citation_bibtex(c), content_type="application/x-bibtex; charset=utf-8"
        )
    else:
        response = JsonResponse(
            [citation_csl(c)],
            safe=False,
            content_type="application/vnd.citationstyles.csl+json",
            json_dumps_params={"ensure_ascii": False, "indent": 1},
        )
    response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    return response

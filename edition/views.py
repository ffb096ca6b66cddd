"""Reading pages: library, edition contents, section pages, passage IRIs, about, exports,
versions and diffs, provenance, citations. The editors' pages are in `review_views`."""

from __future__ import annotations

from collections import defaultdict

from django.db.models import Count, Prefetch
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.safestring import mark_safe
from django.views.decorators.http import condition, require_safe

from config.params import id_parse
from edition.access import (
    can_make_public,
    can_manage_editors,
    can_publish,
    can_review,
    can_upload,
    get_edition_for_user,
    visible_edition_q,
    visible_editions,
)
from edition.caching import (
    SectionStamp,
    conditional_for,
    section_stamp,
    section_text,
    signed_out_page,
    stamped_editions,
)
from edition.citations import (
    citation_bibtex,
    citation_html,
    citation_response,
    citation_text,
    passage_citation,
)
from edition.exports import edition_json, edition_markdown, passage_json
from edition.models import Correction, Edition, FlaggedRegion, Passage, Section
from edition.provenance import passage_provenance_context
from edition.rendering import READING, VIEWS, passage_html
from edition.versions import (
    diff_html,
    edition_versions,
    passage_text_at,
    passages_at_version,
    word_diff,
)


def _edition(request, slug: str) -> Edition:
    return get_edition_for_user(request.user, slug)


def _passages(request):
    """Passages of the editions the user may read (private ones are 404 to others)."""
    return Passage.objects.filter(visible_edition_q(request.user, "edition"))


@require_safe
def library(request):
    editions = visible_editions(request.user, Edition.objects.select_related("work")).annotate(
        section_count=Count("sections", distinct=True)
    )
    return render(
        request,
        "edition/library.html",
        {"editions": editions, "can_upload": can_upload(request.user)},
    )


@require_safe
def edition_detail(request, slug):
    edition = _edition(request, slug)
    sections = edition.current_sections()
    headings = defaultdict(list)
    for h in edition.passages.current().filter(kind=Passage.Kind.HEADING, level__gte=2):
        headings[h.section_id].append(h)
    toc = [(s, headings.get(s.pk, [])) for s in sections]
    return render(
        request,
        "edition/edition.html",
        {
            "edition": edition,
            "toc": toc,
            "can_review": can_review(request.user, edition),
            "can_manage_editors": can_manage_editors(request.user),
            "can_publish": can_publish(request.user, edition),
            "can_make_public": can_make_public(request.user, edition),
        },
    )


def _section_stamp(request, slug: str, section_slug: str) -> SectionStamp:
    """The edition, section, view and version a section page shows (read once per
    request: the conditional-GET functions and the view share it)."""
    stamp = getattr(request, "_section_stamp", None)
    if stamp is not None:
        return stamp
    editions = visible_editions(request.user, stamped_editions().select_related("work"))
    edition = get_object_or_404(editions, slug=slug)
    section = get_object_or_404(Section, edition=edition, slug=section_slug)
    view = request.GET.get("view", READING)
    if view not in VIEWS:
        view = READING
    version = _version_param(request, edition)
    if version == edition.version:
        version = None
    if version:  # corrections and annotations hold offsets of the current text
        view = READING
    stamp = section_stamp(
        edition=edition, section=section, view=view, old_version=version, decisions=view != READING
    )
    request._section_stamp = stamp
    return stamp


def _section_etag(request, slug, section):
    return _section_stamp(request, slug, section).etag if conditional_for(request) else None


def _section_modified(request, slug, section):
    return _section_stamp(request, slug, section).modified if conditional_for(request) else None


@require_safe
@condition(etag_func=_section_etag, last_modified_func=_section_modified)
def section_detail(request, slug, section):
    stamp = _section_stamp(request, slug, section)
    if not conditional_for(request):
        return _section_page(request, stamp)
    content = signed_out_page(stamp, lambda: _section_page(request, stamp).content)
    response = HttpResponse(content)
    patch_cache_control(response, no_cache=True)  # kept by the browser, asked again each time
    return response


def _section_page(request, stamp: SectionStamp) -> HttpResponse:
    edition, section, view, version = stamp.edition, stamp.section, stamp.view, stamp.old_version
    text = section_text(stamp, lambda: _section_text_render(stamp))
    siblings = edition.current_sections()
    index = next(i for i, s in enumerate(siblings) if s.pk == section.pk)
    return render(
        request,
        "edition/section.html",
        {
            "edition": edition,
            "section": section,
            "text": mark_safe(text),  # rendered by the template engine, escaped there
            "view": view,
            "is_ocr": edition.is_ocr,
            "previous": siblings[index - 1] if index > 0 else None,
            "next": siblings[index + 1] if index + 1 < len(siblings) else None,
            "sections": siblings,
            "version": version or edition.version,
            "old_version": version,
            "versions": edition_versions(edition) if edition.version > 1 else [],
        },
    )


def _section_text_render(stamp: SectionStamp) -> str:
    """The section's paragraphs and notes as HTML, for the cache (nothing per reader)."""
    edition, section, view, version = stamp.edition, stamp.section, stamp.view, stamp.old_version
    passages = _section_passages(section, with_corrections=view != READING)
    if version:
        passages_at_version(passages, version)
    for passage in passages:  # their templates build IRIs from these
        passage.edition, passage.section = edition, section
    blocks = [p for p in passages if p.kind != Passage.Kind.NOTE]
    _number_paragraphs(blocks)
    notes = {p.label: p for p in passages if p.kind == Passage.Kind.NOTE}
    rows = [
        (p, passage_html(p, view=view, corrections=_corr(p, view), notes=notes)) for p in blocks
    ]
    note_rows = _note_rows(blocks, notes, view)
    context = {
        "edition": edition,
        "section": section,
        "rows": rows,
        "note_rows": note_rows,
        "notes_missing": sum(1 for n in note_rows if not n["note"]),
        "view": view,
        "old_version": version,
    }
    return render_to_string("edition/_section_text.html", context)


def _number_paragraphs(blocks: list[Passage]) -> None:
    """Paragraph numbers for citations: headings are not counted."""
    n = 0
    for passage in blocks:
        if passage.kind != Passage.Kind.HEADING:
            n += 1
            passage.paragraph = n


def _corr(passage: Passage, view: str):
    return passage.current_corrections if view != READING else ()


def _section_passages(section: Section, *, with_corrections: bool) -> list[Passage]:
    qs = section.passages.current().order_by("order")
    if with_corrections:
        qs = qs.prefetch_related(
            Prefetch(
                "corrections",
                queryset=Correction.objects.current().order_by("start"),
                to_attr="current_corrections",
            )
        )
    return list(qs)


def _note_rows(blocks, notes, view):
    """Notes in call order; a call whose note text the source lacks gets a placeholder."""
    rows, seen = [], set()
    for passage in blocks:
        for call in passage.inline.get("calls", []):
            label = call["label"]
            seen.add(label)
            note = notes.get(label)
            html = passage_html(note, view=view, corrections=_corr(note, view)) if note else ""
            rows.append(
                {
                    "label": label,
                    "number": call.get("number"),
                    "note": note,
                    "html": html,
                    "passage": passage,
                }
            )
    for label, note in notes.items():
        if label not in seen:
            rows.append(
                {
                    "label": label,
                    "number": note.number,
                    "note": note,
                    "html": passage_html(note, view=view, corrections=_corr(note, view)),
                    "passage": None,
                }
            )
    return rows


def _wants(request, media_type: str) -> bool:
    accept = request.headers.get("Accept", "")
    return media_type in accept and "text/html" not in accept


@require_safe
def passage_detail(request, slug, anchor):
    """A passage's IRI: HTML goes to its place in the section; text and JSON are served."""
    passage = get_object_or_404(
        _passages(request).select_related("edition", "section"), edition__slug=slug, anchor=anchor
    )
    if _wants(request, "text/plain"):
        return HttpResponse(passage.text, content_type="text/plain; charset=utf-8")
    if _wants(request, "json"):
        response = JsonResponse(passage_json(passage), json_dumps_params={"ensure_ascii": False})
        response["Vary"] = "Accept"
        return response
    query = f"?{request.GET.urlencode()}" if request.GET else ""
    response = redirect(f"{passage.section.get_absolute_url()}{query}#{passage.fragment}")
    response["Vary"] = "Accept"
    return response


@require_safe
def passage_fragment(request, slug, anchor):
    """The passage's inner HTML in one view (reading, changes, ocr), for the reader toggle."""
    passage = get_object_or_404(
        _passages(request).select_related("edition"), edition__slug=slug, anchor=anchor
    )
    view = request.GET.get("view", READING)
    if view not in VIEWS:
        raise Http404("unknown view")
    corrections = list(passage.corrections.current().order_by("start"))
    notes = (
        set(passage.edition.passages.notes().values_list("label", flat=True))
        if passage.inline.get("calls")
        else set()
    )
    return HttpResponse(passage_html(passage, view=view, corrections=corrections, notes=notes))


@require_safe
def about(request, slug):
    edition = _edition(request, slug)
    stages = (
        Correction.objects.current()
        .filter(passage__edition=edition)
        .values("stage")
        .annotate(n=Count("id"))
        .order_by("-n")
    )
    return render(
        request,
        "edition/about.html",
        {
            "edition": edition,
            "report": edition.report,
            "stages": stages,
            "flagged": FlaggedRegion.objects.filter(edition=edition).count(),
            "can_review": can_review(request.user, edition),
        },
    )


@require_safe
def export_markdown(request, slug):
    edition = _edition(request, slug)
    response = HttpResponse(edition_markdown(edition), content_type="text/markdown; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{edition.slug}.md"'
    return response


@require_safe
def export_json(request, slug):
    edition = _edition(request, slug)
    response = JsonResponse(edition_json(edition), json_dumps_params={"ensure_ascii": False})
    response["Content-Disposition"] = f'attachment; filename="{edition.slug}.json"'
    return response


@require_safe
def corrections_summary(request, slug):
    """Corrections by class, with examples: what the corrector changed and why."""
    edition = _edition(request, slug)
    current = Correction.objects.current().filter(passage__edition=edition)
    classes = list(current.values("stage").annotate(n=Count("id")).order_by("-n"))
    examples = defaultdict(list)
    for c in current.select_related("passage__section").order_by("stage", "-confidence", "pk"):
        if len(examples[c.stage]) < 8 and c.original.strip() != c.replacement.strip():
            examples[c.stage].append(c)
    for row in classes:
        row["examples"] = examples[row["stage"]]
    return render(
        request,
        "edition/corrections.html",
        {
            "edition": edition,
            "classes": classes,
            "total": current.count(),
            "review": current.needs_review().count(),
        },
    )


# Versions, provenance, diffs -----------------------------------------------------------


def _version_param(request, edition: Edition, name: str = "version") -> int | None:
    """The version asked for in the query string (None for the current one); 404 if unknown."""
    raw = request.GET.get(name, "")
    if not raw:
        return None
    number = id_parse(raw)
    if number is None or number > edition.version:
        raise Http404("No such version.")
    return number


@require_safe
def versions_list(request, slug):
    edition = _edition(request, slug)
    return render(
        request,
        "edition/versions.html",
        {"edition": edition, "versions": list(reversed(edition_versions(edition)))},
    )


def _passage(request, slug: str, anchor: str) -> Passage:
    return get_object_or_404(
        _passages(request).select_related("edition__work", "section"),
        edition__slug=slug,
        anchor=anchor,
    )


@require_safe
def passage_provenance(request, slug, anchor):
    """Where a passage's reading comes from: the OCR, the automatic fixes, editors'
    decisions, accepted suggestions, and its text in every version that changed it."""
    passage = _passage(request, slug, anchor)
    template = (
        "edition/_provenance.html" if request.GET.get("fragment") else "edition/provenance.html"
    )
    return render(
        request,
        template,
        {"edition": passage.edition, "passage": passage, **passage_provenance_context(passage)},
    )


def _diff_pair(request, edition: Edition) -> tuple[int, int]:
    to = _version_param(request, edition, "to") or edition.version
    default_from = max(1, to - 1)
    return _version_param(request, edition, "from") or default_from, to


@require_safe
def passage_diff(request, slug, anchor):
    passage = _passage(request, slug, anchor)
    old, new = _diff_pair(request, passage.edition)
    ops = word_diff(passage_text_at(passage, old), passage_text_at(passage, new))
    return render(
        request,
        "edition/diff.html",
        {
            "edition": passage.edition,
            "section": passage.section,
            "old": old,
            "new": new,
            "rows": [(passage, diff_html(ops), any(op != "=" for op, _ in ops))],
            "versions": edition_versions(passage.edition),
            "passage": passage,
        },
    )


@require_safe
def section_diff(request, slug, section):
    edition = _edition(request, slug)
    section = get_object_or_404(Section, edition=edition, slug=section)
    old, new = _diff_pair(request, edition)
    before = list(section.passages.current().order_by("order"))
    after = [Passage(pk=p.pk, text=p.text, inline=p.inline) for p in before]
    passages_at_version(before, old)
    passages_at_version(after, new)
    rows = []
    for b, a in zip(before, after, strict=True):
        if b.text != a.text:
            ops = word_diff(b.text, a.text)
            rows.append((b, diff_html(ops), True))
    return render(
        request,
        "edition/diff.html",
        {
            "edition": edition,
            "section": section,
            "old": old,
            "new": new,
            "rows": rows,
            "versions": edition_versions(edition),
        },
    )


# Citations -----------------------------------------------------------------------------


@require_safe
def passage_cite(request, slug, anchor, fmt=None):
    """A passage's citation: HTML page, or `.txt`, `.bib` (BibTeX), `.json` (CSL JSON)."""
    passage = _passage(request, slug, anchor)
    citation = passage_citation(passage, version=_version_param(request, passage.edition))
    if fmt:
        return citation_response(citation, fmt=fmt, filename=f"{slug}-{anchor}")
    return render(
        request,
        "edition/cite.html",
        {
            "edition": passage.edition,
            "passage": passage,
            "citation": citation,
            "text": citation_text(citation),
            "html": citation_html(citation),
            "bibtex": citation_bibtex(citation),
            "base": reverse("edition:passage-cite", kwargs={"slug": slug, "anchor": anchor}),
        },
    )

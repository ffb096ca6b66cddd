"""Reading pages: library, edition contents, section pages, passage IRIs, exports."""

from __future__ import annotations

import json
from collections import defaultdict

from django.contrib.admin.views.decorators import staff_member_required
from django.db.models import Count, Prefetch
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from edition.exports import edition_json, edition_markdown, passage_json
from edition.forms import CorrectionDecisionForm, RegionDecisionForm
from edition.models import Correction, Edition, FlaggedRegion, Passage, Section
from edition.rendering import READING, VIEWS, passage_html
from edition.services import correction_decide, region_decide


def _edition(slug: str) -> Edition:
    return get_object_or_404(Edition.objects.select_related("work"), slug=slug)


def _sections(edition: Edition) -> list[Section]:
    return [s for s in edition.sections.all() if "retired" not in s.flags]


@require_GET
def library(request):
    editions = Edition.objects.select_related("work").annotate(
        section_count=Count("sections", distinct=True))
    return render(request, "edition/library.html", {"editions": editions})


@require_GET
def edition_detail(request, slug):
    edition = _edition(slug)
    sections = _sections(edition)
    headings = defaultdict(list)
    for h in edition.passages.current().filter(kind=Passage.Kind.HEADING, level__gte=2):
        headings[h.section_id].append(h)
    toc = [(s, headings.get(s.pk, [])) for s in sections]
    return render(request, "edition/edition.html", {"edition": edition, "toc": toc})


@require_GET
def section_detail(request, slug, section):
    edition = _edition(slug)
    section = get_object_or_404(Section, edition=edition, slug=section)
    view = request.GET.get("view", READING)
    if view not in VIEWS:
        view = READING
    passages = _section_passages(section, with_corrections=view != READING)
    for passage in passages:  # their templates build IRIs from these
        passage.edition, passage.section = edition, section
    blocks = [p for p in passages if p.kind != Passage.Kind.NOTE]
    notes = {p.label: p for p in passages if p.kind == Passage.Kind.NOTE}
    rows = [(p, passage_html(p, view=view, corrections=_corr(p, view), notes=notes))
            for p in blocks]
    note_rows = _note_rows(blocks, notes, view)
    siblings = _sections(edition)
    index = next(i for i, s in enumerate(siblings) if s.pk == section.pk)
    return render(request, "edition/section.html", {
        "edition": edition, "section": section, "rows": rows, "note_rows": note_rows,
        "view": view, "is_ocr": edition.is_ocr,
        "previous": siblings[index - 1] if index > 0 else None,
        "next": siblings[index + 1] if index + 1 < len(siblings) else None,
        "sections": siblings,
    })


def _corr(passage: Passage, view: str):
    return passage.current_corrections if view != READING else ()


def _section_passages(section: Section, *, with_corrections: bool) -> list[Passage]:
    qs = section.passages.current().order_by("order")
    if with_corrections:
        qs = qs.prefetch_related(Prefetch(
            "corrections", queryset=Correction.objects.current().order_by("start"),
            to_attr="current_corrections"))
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
            rows.append({"label": label, "number": call.get("number"), "note": note,
                         "html": html, "passage": passage})
    for label, note in notes.items():
        if label not in seen:
            rows.append({"label": label, "number": note.number, "note": note,
                         "html": passage_html(note, view=view, corrections=_corr(note, view)),
                         "passage": None})
    return rows


def _wants(request, media_type: str) -> bool:
    accept = request.headers.get("Accept", "")
    return media_type in accept and "text/html" not in accept


@require_GET
def passage_detail(request, slug, anchor):
    """A passage's IRI: HTML goes to its place in the section; text and JSON are served."""
    passage = get_object_or_404(
        Passage.objects.select_related("edition", "section"), edition__slug=slug, anchor=anchor)
    if _wants(request, "text/plain"):
        return HttpResponse(passage.text, content_type="text/plain; charset=utf-8")
    if _wants(request, "json"):
        response = JsonResponse(passage_json(passage), json_dumps_params={"ensure_ascii": False})
        response["Vary"] = "Accept"
        return response
    response = redirect(f"{passage.section.get_absolute_url()}#{passage.fragment}")
    response["Vary"] = "Accept"
    return response


@require_GET
def passage_fragment(request, slug, anchor):
    """The passage's inner HTML in one view (reading, changes, ocr), for the reader toggle."""
    passage = get_object_or_404(Passage.objects.select_related("edition"),
                                edition__slug=slug, anchor=anchor)
    view = request.GET.get("view", READING)
    if view not in VIEWS:
        raise Http404("unknown view")
    corrections = list(passage.corrections.current().order_by("start"))
    notes = set(passage.edition.passages.notes().values_list("label", flat=True)) \
        if passage.inline.get("calls") else set()
    return HttpResponse(passage_html(passage, view=view, corrections=corrections, notes=notes))


@require_GET
def about(request, slug):
    edition = _edition(slug)
    stages = (Correction.objects.current().filter(passage__edition=edition)
              .values("stage").annotate(n=Count("id")).order_by("-n"))
    return render(request, "edition/about.html", {
        "edition": edition, "report": edition.report, "stages": stages,
        "report_json": json.dumps(edition.report, indent=1, ensure_ascii=False),
        "flagged": FlaggedRegion.objects.filter(edition=edition).count(),
    })


@require_GET
def export_markdown(request, slug):
    edition = _edition(slug)
    response = HttpResponse(edition_markdown(edition), content_type="text/markdown; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{edition.slug}.md"'
    return response


@require_GET
def export_json(request, slug):
    edition = _edition(slug)
    response = JsonResponse(edition_json(edition), json_dumps_params={"ensure_ascii": False})
    response["Content-Disposition"] = f'attachment; filename="{edition.slug}.json"'
    return response


@require_GET
def corrections_summary(request, slug):
    """Corrections by class, with examples: what the corrector changed and why."""
    edition = _edition(slug)
    current = Correction.objects.current().filter(passage__edition=edition)
    classes = list(current.values("stage").annotate(n=Count("id")).order_by("-n"))
    examples = defaultdict(list)
    for c in current.select_related("passage__section").order_by("stage", "-confidence", "pk"):
        if len(examples[c.stage]) < 8 and c.original.strip() != c.replacement.strip():
            examples[c.stage].append(c)
    for row in classes:
        row["examples"] = examples[row["stage"]]
    return render(request, "edition/corrections.html", {
        "edition": edition, "classes": classes, "total": current.count(),
        "review": current.needs_review().count(),
    })


@staff_member_required
@require_GET
def review_list(request, slug):
    """Editors' review list: low-confidence corrections and flagged regions."""
    edition = _edition(slug)
    pending = (Correction.objects.needs_review().filter(passage__edition=edition)
               .select_related("passage__section").order_by("passage__order", "start")[:200])
    decided = (Correction.objects.current().filter(passage__edition=edition)
               .exclude(decision="").select_related("passage").order_by("-pk")[:50])
    flagged = (FlaggedRegion.objects.filter(edition=edition)
               .select_related("passage__section", "resolved_by").order_by("line_start"))
    return render(request, "edition/review.html", {
        "edition": edition, "pending": pending, "decided": decided, "flagged": flagged,
        "backlog": Correction.objects.needs_review().filter(passage__edition=edition).count(),
        "form": CorrectionDecisionForm(),
    })


@staff_member_required
@require_POST
def review_decide(request, slug, pk):
    correction = get_object_or_404(
        Correction.objects.select_related("passage__edition"),
        pk=pk, passage__edition__slug=slug, superseded=False)
    form = CorrectionDecisionForm(request.POST)
    if not form.is_valid():
        return render(request, "edition/review_error.html",
                      {"form": form, "edition": correction.passage.edition}, status=400)
    correction_decide(correction=correction, editor=request.user, **form.cleaned_data)
    return redirect("edition:review", slug=slug)


@staff_member_required
@require_POST
def region_decide_view(request, slug, pk):
    region = get_object_or_404(FlaggedRegion.objects.select_related("edition", "passage"),
                               pk=pk, edition__slug=slug)
    form = RegionDecisionForm(request.POST)
    if not form.is_valid():
        return render(request, "edition/review_error.html",
                      {"form": form, "edition": region.edition}, status=400)
    region_decide(region=region, editor=request.user, **form.cleaned_data)
    return redirect(f"{reverse('edition:review', kwargs={'slug': slug})}#region-{region.pk}")

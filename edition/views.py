"""Reading pages: library, edition contents, section pages, passage IRIs, exports."""

from __future__ import annotations

import json
from collections import defaultdict
from datetime import timedelta

from django.contrib import messages
from django.contrib.admin.views.decorators import staff_member_required
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch
from django.http import Http404, HttpResponse, HttpResponseBadRequest, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template import TemplateDoesNotExist
from django.template.loader import get_template
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from annotations.access import get_annotation_for_user
from annotations.models import Annotation
from annotations.ratelimits import RateLimited, rate_limit_hit
from annotations.selectors import TargetPiece
from annotations.services import AnnotationError
from config.params import id_parse, ids_parse
from edition.access import (
    can_reattach,
    editable_editions,
    get_edition_role_for_staff,
    get_orphan_for_user,
    get_suggestion_for_editor,
    suggestions_for_editor,
)
from edition.citations import (
    annotation_citation,
    citation_bibtex,
    citation_csl,
    citation_text,
    passage_citation,
)
from edition.exports import edition_json, edition_markdown, passage_json
from edition.forms import CorrectionDecisionForm, EditorGrantForm, RegionDecisionForm
from edition.models import (
    Correction,
    Edition,
    EditionRole,
    FlaggedRegion,
    Passage,
    Section,
    Suggestion,
)
from edition.orphans import annotation_reattach, orphan_candidates
from edition.provenance import passage_provenance_context, suggestion_state
from edition.rendering import READING, VIEWS, passage_html
from edition.services import (
    EditorError,
    correction_decide,
    edition_role_grant,
    edition_role_revoke,
    region_decide,
)
from edition.suggestions import (
    StaleSuggestion,
    SuggestionError,
    suggestion_create,
    suggestion_reject,
    suggestion_revert,
    suggestions_accept,
)
from edition.version_forms import (
    QueueFilterForm,
    ReattachForm,
    SuggestionDecisionForm,
    SuggestionForm,
)
from edition.versions import (
    VersionError,
    diff_html,
    edition_versions,
    passage_text_at,
    passages_at_version,
    word_diff,
)


def _edition(slug: str) -> Edition:
    return get_object_or_404(Edition.objects.select_related("work"), slug=slug)


@require_safe
def library(request):
    editions = Edition.objects.select_related("work").annotate(
        section_count=Count("sections", distinct=True)
    )
    return render(request, "edition/library.html", {"editions": editions})


@require_safe
def edition_detail(request, slug):
    edition = _edition(slug)
    sections = edition.current_sections()
    headings = defaultdict(list)
    for h in edition.passages.current().filter(kind=Passage.Kind.HEADING, level__gte=2):
        headings[h.section_id].append(h)
    toc = [(s, headings.get(s.pk, [])) for s in sections]
    return render(request, "edition/edition.html", {"edition": edition, "toc": toc})


@require_safe
def section_detail(request, slug, section):
    edition = _edition(slug)
    section = get_object_or_404(Section, edition=edition, slug=section)
    view = request.GET.get("view", READING)
    if view not in VIEWS:
        view = READING
    version = _version_param(request, edition)
    if version == edition.version:
        version = None
    if version:  # corrections and annotations hold offsets of the current text
        view = READING
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
    siblings = edition.current_sections()
    index = next(i for i, s in enumerate(siblings) if s.pk == section.pk)
    return render(
        request,
        "edition/section.html",
        {
            "edition": edition,
            "section": section,
            "rows": rows,
            "note_rows": note_rows,
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
        Passage.objects.select_related("edition", "section"), edition__slug=slug, anchor=anchor
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
        Passage.objects.select_related("edition"), edition__slug=slug, anchor=anchor
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
    edition = _edition(slug)
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
            "report_json": json.dumps(edition.report, indent=1, ensure_ascii=False),
            "flagged": FlaggedRegion.objects.filter(edition=edition).count(),
        },
    )


@require_safe
def export_markdown(request, slug):
    edition = _edition(slug)
    response = HttpResponse(edition_markdown(edition), content_type="text/markdown; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{edition.slug}.md"'
    return response


@require_safe
def export_json(request, slug):
    edition = _edition(slug)
    response = JsonResponse(edition_json(edition), json_dumps_params={"ensure_ascii": False})
    response["Content-Disposition"] = f'attachment; filename="{edition.slug}.json"'
    return response


@require_safe
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


@staff_member_required
@require_safe
def review_list(request, slug):
    """Editors' review list: low-confidence corrections and flagged regions."""
    edition = _edition(slug)
    pending = (
        Correction.objects.needs_review()
        .filter(passage__edition=edition)
        .select_related("passage__section")
        .order_by("passage__order", "start")[:200]
    )
    decided = (
        Correction.objects.current()
        .filter(passage__edition=edition)
        .exclude(decision="")
        .select_related("passage")
        .order_by("-pk")[:50]
    )
    flagged = (
        FlaggedRegion.objects.filter(edition=edition)
        .select_related("passage__section", "resolved_by")
        .order_by("line_start")
    )
    return render(
        request,
        "edition/review.html",
        {
            "edition": edition,
            "pending": pending,
            "decided": decided,
            "flagged": flagged,
            "backlog": Correction.objects.needs_review().filter(passage__edition=edition).count(),
            "form": CorrectionDecisionForm(),
        },
    )


@staff_member_required
@require_POST
def review_decide(request, slug, pk):
    correction = get_object_or_404(
        Correction.objects.select_related("passage__edition"),
        pk=pk,
        passage__edition__slug=slug,
        superseded=False,
    )
    form = CorrectionDecisionForm(request.POST)
    if not form.is_valid():
        return render(
            request,
            "edition/review_error.html",
            {"form": form, "edition": correction.passage.edition},
            status=400,
        )
    correction_decide(correction=correction, editor=request.user, **form.cleaned_data)
    return redirect("edition:review", slug=slug)


@staff_member_required
@require_POST
def region_decide_view(request, slug, pk):
    region = get_object_or_404(
        FlaggedRegion.objects.select_related("edition", "passage"), pk=pk, edition__slug=slug
    )
    form = RegionDecisionForm(request.POST)
    if not form.is_valid():
        return render(
            request,
            "edition/review_error.html",
            {"form": form, "edition": region.edition},
            status=400,
        )
    region_decide(region=region, editor=request.user, **form.cleaned_data)
    return redirect(f"{reverse('edition:review', kwargs={'slug': slug})}#region-{region.pk}")


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
    edition = _edition(slug)
    return render(
        request,
        "edition/versions.html",
        {"edition": edition, "versions": list(reversed(edition_versions(edition)))},
    )


def _passage(slug: str, anchor: str) -> Passage:
    return get_object_or_404(
        Passage.objects.select_related("edition__work", "section"),
        edition__slug=slug,
        anchor=anchor,
    )


@require_safe
def passage_provenance(request, slug, anchor):
    """Where a passage's reading comes from: the OCR, the automatic fixes, editors'
    decisions, accepted suggestions, and its text in every version that changed it."""
    passage = _passage(slug, anchor)
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
    passage = _passage(slug, anchor)
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
    edition = _edition(slug)
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


def _citation_response(citation, fmt: str, filename: str) -> HttpResponse:
    if fmt not in {"txt", "bib", "json"}:
        raise Http404("Citations come as .txt, .bib or .json.")
    if fmt == "bib":
        response = HttpResponse(
            citation_bibtex(citation), content_type="application/x-bibtex; charset=utf-8"
        )
    elif fmt == "json":
        response = JsonResponse(
            [citation_csl(citation)],
            safe=False,
            content_type="application/vnd.citationstyles.csl+json",
            json_dumps_params={"ensure_ascii": False, "indent": 1},
        )
    else:
        return HttpResponse(citation_text(citation), content_type="text/plain; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    return response


@require_safe
def passage_cite(request, slug, anchor, fmt=None):
    """A passage's citation: HTML page, or `.txt`, `.bib` (BibTeX), `.json` (CSL JSON)."""
    passage = _passage(slug, anchor)
    citation = passage_citation(passage, version=_version_param(request, passage.edition))
    if fmt:
        return _citation_response(citation, fmt, f"{slug}-{anchor}")
    return render(
        request,
        "edition/cite.html",
        {
            "edition": passage.edition,
            "passage": passage,
            "citation": citation,
            "text": citation_text(citation),
            "bibtex": citation_bibtex(citation),
            "base": reverse("edition:passage-cite", kwargs={"slug": slug, "anchor": anchor}),
        },
    )


@require_safe
def annotation_cite(request, pk, fmt=None):
    """An annotation's citation (for those who may see it)."""
    annotation = get_annotation_for_user(request.user, pk)
    citation = annotation_citation(annotation, request.user)
    if fmt:
        return _citation_response(citation, fmt, f"annotation-{pk}")
    return render(
        request,
        "edition/cite.html",
        {
            "edition": annotation.edition,
            "annotation": annotation,
            "citation": citation,
            "text": citation_text(citation),
            "bibtex": citation_bibtex(citation),
            "base": reverse("edition:annotation-cite", kwargs={"pk": pk}),
        },
    )


# Suggestions and the correction queue -------------------------------------------------


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def suggestion_new(request, slug, anchor):
    """Suggest a correction without JavaScript: quote the words and give the new ones."""
    passage = get_object_or_404(
        Passage.objects.select_related("edition", "section"),
        edition__slug=slug,
        anchor=anchor,
        retired=False,
    )
    form = SuggestionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            rate_limit_hit(user=request.user, action="post")
            suggestion = suggestion_create(
                author=request.user,
                piece=TargetPiece(passage=passage, exact=data["exact"]),
                replacement=data["replacement"],
                justification=data["justification"],
            )
        except RateLimited as e:
            return render(
                request, "moderation/rate_limited.html", {"message": e.message}, status=429
            )
        except AnnotationError as e:
            form.add_error(None, str(e))
        else:
            messages.success(request, "Thank you: your suggestion waits for an editor.")
            return redirect(suggestion.annotation)
    return render(
        request,
        "edition/suggestion_new.html",
        {"form": form, "passage": passage, "edition": passage.edition},
    )


def _queue(request, editions):
    form = QueueFilterForm(request.GET or None)
    rows = (
        suggestions_for_editor(request.user)
        .filter(edition__in=editions)
        .select_related("edition", "annotation__author", "annotation__passage__section", "version")
        .prefetch_related("decisions__editor")
        .order_by("created", "pk")
    )
    data = form.cleaned_data if form.is_valid() else {}
    status = data.get("status") or Suggestion.Status.PENDING
    if status != "all":
        rows = rows.filter(status=status)
    if data.get("edition"):
        rows = rows.filter(edition__slug=data["edition"])
    age = data.get("age")
    if age:
        month = timezone.now() - timedelta(days=30)
        rows = (
            rows.filter(created__lt=month)
            if age == "older"
            else rows.filter(
                created__gte=timezone.now() - timedelta(days=QueueFilterForm.AGES[age])
            )
        )
    return form, rows


@login_required
@require_safe
def suggestion_queue(request):
    """The correction queue: suggestions on the editions the user edits, filtered like the
    moderation queue (edition, age, status)."""
    editions = editable_editions(request.user)
    if not editions.exists():
        raise PermissionDenied("Only editors see the correction queue.")
    form, rows = _queue(request, editions)
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "edition/suggestion_queue.html",
        {
            "form": form,
            "page": page,
            "editions": editions,
            "user_id": request.user.pk,
            "queue_nav": _template_if_exists("moderation/_queue_nav.html"),
            "nav": "corrections",
        },
    )


def _template_if_exists(name: str) -> str | None:
    try:
        get_template(name)
    except TemplateDoesNotExist:
        return None
    return name


def _stale(request, suggestion: Suggestion) -> HttpResponse:
    suggestion.refresh_from_db()
    suggestion.annotation.refresh_from_db()
    if _wants(request, "json"):
        return JsonResponse(
            {
                "detail": "This suggestion changed since you loaded it.",
                "suggestion": suggestion_state(suggestion),
            },
            status=409,
        )
    return render(request, "edition/suggestion_stale.html", {"s": suggestion}, status=409)


@login_required
@require_POST
def suggestion_decide(request, pk):
    """Accept, reject or revert one suggestion. 409 with its new state when it changed
    since the editor loaded the queue (the form's `seen` token)."""
    suggestion = get_suggestion_for_editor(request.user, pk)
    form = SuggestionDecisionForm(request.POST)
    if not form.is_valid():
        return HttpResponseBadRequest("decision: accept, reject or revert")
    data = form.cleaned_data
    seen, reason = data["seen"] or None, data["reason"]
    try:
        if data["decision"] == "accept":
            suggestions_accept(
                suggestions=[suggestion],
                editor=request.user,
                reason=reason,
                seen={suggestion.pk: seen} if seen else None,
            )
        elif data["decision"] == "reject":
            suggestion_reject(suggestion=suggestion, editor=request.user, reason=reason, seen=seen)
        else:
            suggestion_revert(suggestion=suggestion, editor=request.user, reason=reason, seen=seen)
    except StaleSuggestion:
        return _stale(request, suggestion)
    except (SuggestionError, VersionError) as e:
        messages.error(request, str(e))
        return redirect(_back(request))
    messages.success(request, f"Suggestion {data['decision']}ed.".replace("eed.", "ed."))
    return redirect(_back(request))


def _back(request) -> str:
    back = request.POST.get("next", "")
    return (
        back
        if back.startswith("/") and not back.startswith("//")
        else reverse("edition:suggestion-queue")
    )


@login_required
@require_POST
def suggestions_accept_batch(request):
    """Accept several suggestions of one edition as one new version."""
    ids = ids_parse(request.POST.getlist("ids"))
    suggestions = [get_suggestion_for_editor(request.user, pk) for pk in ids]
    seen = {pk: request.POST.get(f"seen-{pk}") for pk in ids if request.POST.get(f"seen-{pk}")}
    try:
        version = suggestions_accept(
            suggestions=suggestions,
            editor=request.user,
            seen=seen,
            note=request.POST.get("note", "")[:2000],
            reason=request.POST.get("reason", "")[:2000],
        )
    except StaleSuggestion as e:
        return _stale(request, e.suggestion)
    except (SuggestionError, VersionError) as e:
        messages.error(request, str(e))
    else:
        messages.success(request, f"Published version {version.number}.")
    return redirect(_back(request))


# Orphans -------------------------------------------------------------------------------


@login_required
@require_safe
def orphans_review(request, slug):
    """Orphaned annotations of an edition that the user may re-attach, with the best
    candidate places (author: their own; editors and group moderators: theirs too)."""
    edition = _edition(slug)
    orphans = [
        a
        for a in (
            Annotation.objects.visible_to(request.user)
            .filter(
                edition=edition, root__isnull=True, anchor_state=Annotation.AnchorState.ORPHANED
            )
            .select_related("author", "passage", "edition", "group")
            .order_by("created")[:50]
        )
        if can_reattach(request.user, a)
    ]
    rows = [(a, orphan_candidates(a)) for a in orphans]
    return render(request, "edition/orphans.html", {"edition": edition, "rows": rows})


@login_required
@require_POST
def orphan_reattach(request, slug, pk):
    annotation = get_orphan_for_user(request.user, pk)
    form = ReattachForm(request.POST)
    if not form.is_valid():
        return HttpResponseBadRequest("passage, start and end are required")
    passage = get_object_or_404(
        Passage, edition=annotation.edition, anchor=form.cleaned_data["passage"], retired=False
    )
    try:
        annotation_reattach(
            annotation=annotation,
            user=request.user,
            passage=passage,
            start=form.cleaned_data["start"],
            end=form.cleaned_data["end"],
            score=form.cleaned_data["score"],
        )
    except ValueError as e:
        return HttpResponseBadRequest(str(e))
    messages.success(request, "Annotation re-attached.")
    return redirect(annotation.get_permalink())


# Editors: who may accept suggested corrections on an edition (site staff manage them) -----


@staff_member_required
@require_http_methods(["GET", "HEAD", "POST"])
def editors(request, slug):
    """The edition's editors, with who granted the role and when; grant by username."""
    edition = _edition(slug)
    form = EditorGrantForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            role = edition_role_grant(
                edition=edition, username=form.cleaned_data["username"], granted_by=request.user
            )
        except EditorError as e:
            form.add_error("username", str(e))
        else:
            messages.success(request, f"{role.user.username} is now an editor.")
            return redirect("edition:editors", slug=slug)
    roles = EditionRole.objects.filter(edition=edition).select_related("user", "granted_by")
    return render(
        request, "edition/editors.html", {"edition": edition, "roles": roles, "form": form}
    )


@staff_member_required
@require_POST
def editor_revoke(request, slug, pk):
    edition = _edition(slug)
    role = get_edition_role_for_staff(request.user, edition, pk)
    edition_role_revoke(role=role)
    messages.success(request, f"{role.user.username} is no longer an editor.")
    return redirect("edition:editors", slug=slug)

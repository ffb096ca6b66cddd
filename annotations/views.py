"""HTML pages that work without JavaScript: annotate a passage, discuss, edit, re-attach
orphans, cite, export."""

from collections import defaultdict
from pathlib import Path

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Prefetch, Q
from django.http import FileResponse, Http404, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST, require_safe
from drf_spectacular.generators import SchemaGenerator

from annotations import audience, services
from annotations.access import (
    can_reply,
    exportable_for_group,
    get_annotation_for_user,
    get_orphan_for_user,
    orphans_for_user,
)
from annotations.citations import annotation_citation
from annotations.exports import csv_response, jsonld_response
from annotations.forms import AnnotationEditForm, AnnotationForm, ReattachForm, ReplyForm
from annotations.models import Annotation, AnnotationRevision
from annotations.moderation.access import can_flag, can_moderate
from annotations.moderation.forms import DecisionForm
from annotations.moderation.ratelimits import RateLimited, rate_limit_hit
from annotations.services import AnnotationError, annotation_reattach
from edition.access import annotatable_passages, get_edition_for_user
from edition.anchoring import TargetPiece, selection_candidates
from edition.citations import (
    citation_bibtex,
    citation_html,
    citation_response,
    citation_text,
)
from edition.models import Passage
from groups.access import get_group_export_for_user, managed_group_ids

CONTEXT_FILE = Path(__file__).parent / "static_context" / "anno.jsonld"


def _passage_from_param(value: str, user) -> Passage:
    slug, _, anchor = (value or "").partition(":")
    return get_object_or_404(
        annotatable_passages(user).select_related("edition", "section"),
        edition__slug=slug,
        anchor=anchor,
        retired=False,
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def annotation_new(request):
    """Annotate a whole passage: `?passage=<edition-slug>:<anchor>`."""
    passage = _passage_from_param(request.GET.get("passage", ""), request.user)
    share = audience.default_shares(
        user=request.user, edition_id=passage.edition_id, passages=[(passage.anchor, passage.order)]
    ).get(passage.anchor)
    # E.g. in an open assignment's range, a student's note goes to the seminar by default.
    initial = {}
    if share:
        initial = {"visibility": Annotation.Visibility.GROUP, "group": share.group_id}
    form = AnnotationForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            private = form.cleaned_data["visibility"] == Annotation.Visibility.PRIVATE
            rate_limit_hit(user=request.user, action="note" if private else "post")
            annotation = services.annotation_create(
                author=request.user,
                pieces=[TargetPiece(passage=passage)],
                body=form.cleaned_data["body"],
                tags=form.cleaned_data["tags"],
                visibility=form.cleaned_data["visibility"],
                group=form.cleaned_data["group"],
            )
        except RateLimited as e:
            return render(
                request, "moderation/rate_limited.html", {"message": e.message}, status=429
            )
        except services.AnnotationError as e:
            form.add_error(None, str(e))
        else:
            messages.success(request, _saved_message(annotation))
            return redirect(annotation)
    return render(
        request,
        "annotations/new.html",
        {
            "form": form,
            "passage": passage,
            "edition": passage.edition,
            "route": share.label if share else "",
        },
    )


def _saved_message(annotation: Annotation) -> str:
    if annotation.status == Annotation.Status.PENDING:
        return "Saved. A moderator will review it before others can see it."
    return "Annotation saved."


def _thread(user, root: Annotation) -> list[tuple[Annotation, int]]:
    """The visible thread of `root` in reading order of a conversation, with depths."""
    items = list(
        Annotation.objects.visible_to(user)
        .for_viewer(user)
        .filter(Q(pk=root.pk) | Q(root=root))
        .order_by("created", "pk")
        .prefetch_related(
            # The author took a deleted item's text back: its history is shown to nobody.
            Prefetch(
                "revisions",
                queryset=AnnotationRevision.objects.filter(annotation__deleted=False).order_by(
                    "-pk"
                ),
            )
        )
    )
    children = defaultdict(list)
    for item in items:
        children[item.parent_id].append(item)
    ordered, stack = [], [(item, 0) for item in reversed(children[None])]
    while stack:
        item, depth = stack.pop()
        ordered.append((item, min(depth, 6)))
        stack.extend((child, depth + 1) for child in reversed(children[item.pk]))
    return ordered


@require_safe
def annotation_detail(request, pk):
    """The discussion page of an annotation's thread."""
    annotation = get_annotation_for_user(request.user, pk)
    root = annotation.root or annotation
    if root.pk != annotation.pk:
        root = get_annotation_for_user(request.user, root.pk)
    thread = _thread(request.user, root)
    audience.set_shown_authors([item for item, _depth in thread], request.user)
    managed = managed_group_ids(request.user)
    for item, _depth in thread:
        item.viewer_moderates = can_moderate(request.user, item, managed=managed)
        item.viewer_can_flag = can_flag(request.user, item) and not getattr(
            item, "my_flag_reason", None
        )
    return render(
        request,
        "annotations/detail.html",
        {
            "root": root,
            "current": annotation,
            "thread": thread,
            "passage": root.passage,
            "edition": root.edition,
            "reply_form": ReplyForm() if can_reply(request.user, root) else None,
            "decision_form": DecisionForm(),
            "locked": root.locked,
        },
    )


@require_safe
def annotation_go(request, pk):
    """Permalink: the section page scrolled to the annotation (its thread's first one)."""
    annotation = get_annotation_for_user(request.user, pk)
    if annotation.anchor_state == Annotation.AnchorState.ORPHANED:
        return redirect(annotation)
    section_url = annotation.passage.section.get_absolute_url()
    return redirect(f"{section_url}#a-{annotation.thread_root_id}")


@require_POST
@login_required
def annotation_reply(request, pk):
    parent = get_annotation_for_user(request.user, pk)
    form = ReplyForm(request.POST)
    if not form.is_valid() or not can_reply(request.user, parent):
        messages.error(
            request,
            "The reply needs some text."
            if can_reply(request.user, parent)
            else "Replies are closed here.",
        )
        return redirect(parent)
    try:
        rate_limit_hit(user=request.user, action="post")
        reply = services.reply_create(
            author=request.user, parent=parent, body=form.cleaned_data["body"]
        )
    except RateLimited as e:
        return render(request, "moderation/rate_limited.html", {"message": e.message}, status=429)
    except services.AnnotationError as e:
        messages.error(request, str(e))
        return redirect(parent)
    if reply.status == Annotation.Status.PENDING:
        messages.success(request, _saved_message(reply))
    return redirect(f"{reply.get_absolute_url()}#a-{reply.pk}")


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def annotation_edit(request, pk):
    annotation = get_annotation_for_user(request.user, pk, write=True)
    initial = {
        "body": annotation.body,
        "tags": ", ".join(annotation.tags),
        "visibility": annotation.visibility,
        "group": annotation.group,
        "version": annotation.version,
    }
    form = AnnotationEditForm(
        request.POST or None,
        user=request.user,
        initial=initial,
        with_visibility=not annotation.is_reply,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.annotation_update(
                annotation=annotation,
                editor=request.user,
                body=form.cleaned_data["body"],
                tags=form.cleaned_data["tags"],
                visibility=form.cleaned_data.get("visibility"),
                group=form.cleaned_data.get("group"),
                seen_version=form.cleaned_data["version"],
            )
        except services.AnnotationError as e:
            form.add_error(None, str(e))
            if isinstance(e, services.AnnotationChanged):
                context = {"form": form, "annotation": annotation}
                return render(request, "annotations/edit.html", context, status=409)
        else:
            messages.success(request, "Annotation updated.")
            return redirect(f"{annotation.get_absolute_url()}#a-{annotation.pk}")
    return render(request, "annotations/edit.html", {"form": form, "annotation": annotation})


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def annotation_delete(request, pk):
    annotation = get_annotation_for_user(request.user, pk, write=True)
    if request.method != "POST":
        return render(request, "annotations/delete.html", {"annotation": annotation})
    root_pk = annotation.root_id
    services.annotation_delete(annotation=annotation, editor=request.user)
    messages.success(request, "Annotation deleted.")
    if root_pk and Annotation.objects.filter(pk=root_pk).exists():
        return redirect("annotations:detail", pk=root_pk)
    return redirect("annotations:mine")


def _own(user):
    return (
        Annotation.objects.visible_to(user)
        .filter(author=user)
        .for_output()
        .order_by("-created", "-pk")
    )


@login_required
@require_safe
def mine(request):
    page = Paginator(_own(request.user), 50).get_page(request.GET.get("page"))
    orphaned = _own(request.user).orphaned().count()
    return render(request, "annotations/mine.html", {"page": page, "orphaned": orphaned})


@login_required
@require_safe
def orphans(request):
    annotations = _own(request.user).orphaned()
    return render(request, "annotations/orphans.html", {"annotations": annotations})


@login_required
@require_safe
def edition_orphans(request, slug):
    """Orphaned annotations of an edition that the user may re-attach, with the best
    candidate places (author: their own; editors and group moderators: theirs too)."""
    edition = get_edition_for_user(request.user, slug)
    rows = [(a, selection_candidates(a.selection)) for a in orphans_for_user(request.user, edition)]
    return render(request, "annotations/edition_orphans.html", {"edition": edition, "rows": rows})


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
    except AnnotationError as e:
        return HttpResponseBadRequest(str(e))
    messages.success(request, "Annotation re-attached.")
    return redirect(annotation.get_permalink())


@require_safe
def annotation_cite(request, pk, fmt=None):
    """An annotation's citation (for those who may see it): HTML page, or `.txt`, `.bib`
    (BibTeX), `.json` (CSL JSON)."""
    annotation = get_annotation_for_user(request.user, pk)
    citation = annotation_citation(annotation, request.user)
    if fmt:
        return citation_response(citation, fmt=fmt, filename=f"annotation-{pk}")
    return render(
        request,
        "edition/cite.html",
        {
            "edition": annotation.edition,
            "annotation": annotation,
            "citation": citation,
            "text": citation_text(citation),
            "html": citation_html(citation),
            "bibtex": citation_bibtex(citation),
            "base": reverse("annotations:cite", kwargs={"pk": pk}),
        },
    )


@login_required
@require_safe
def export_mine_csv(request):
    return csv_response(
        _own(request.user), filename=f"lectio-{request.user.username}", user=request.user
    )


@login_required
@require_safe
def export_mine_jsonld(request):
    return jsonld_response(
        _own(request.user),
        filename=f"lectio-{request.user.username}",
        label=f"Annotations by {request.user.get_display_name()}",
        user=request.user,
    )


def _group_annotations(request, pk):
    group = get_group_export_for_user(request.user, pk)
    annotations = exportable_for_group(request.user, group).for_output().order_by("created", "pk")
    return group, annotations


@login_required
@require_safe
def export_group_csv(request, pk):
    group, annotations = _group_annotations(request, pk)
    return csv_response(annotations, filename=f"lectio-group-{group.pk}", user=request.user)


@login_required
@require_safe
def export_group_jsonld(request, pk):
    group, annotations = _group_annotations(request, pk)
    return jsonld_response(
        annotations,
        filename=f"lectio-group-{group.pk}",
        label=f"Annotations of {group.name}",
        user=request.user,
    )


@require_safe
def anno_context(request):
    """The W3C annotation JSON-LD context, from a local copy."""
    if not CONTEXT_FILE.exists():
        raise Http404("No context file.")
    return FileResponse(CONTEXT_FILE.open("rb"), content_type="application/ld+json")


@require_safe
def api_docs(request):
    """A plain page listing the API's operations, built from the OpenAPI schema."""
    schema = SchemaGenerator().get_schema(request=None, public=True)
    operations = [
        {
            "method": method.upper(),
            "path": path,
            "summary": op.get("summary", ""),
            "description": op.get("description", ""),
            "parameters": op.get("parameters", []),
        }
        for path, item in schema["paths"].items()
        for method, op in item.items()
    ]
    return render(
        request, "annotations/api_docs.html", {"operations": operations, "info": schema["info"]}
    )

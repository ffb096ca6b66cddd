"""GET /api/search/: the search page's results as JSON, annotations as a W3C
AnnotationPage (the output serializer's items)."""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from annotations.api import W3CApi
from annotations.forms import SearchForm
from annotations.search import search_run
from annotations.serializers import page_json
from edition.access import visible_editions
from edition.models import Edition
from groups.models import ReadingGroup

PAGE_SIZE = 20
PARAMETERS = [
    OpenApiParameter("q", str, description='Words; "a phrase", prefix*; all must match'),
    OpenApiParameter("edition", str, description="Edition slug"),
    OpenApiParameter("section", str, description="Section slug"),
    OpenApiParameter("original", bool, description="Search the OCR original too"),
    OpenApiParameter("tag", str),
    OpenApiParameter("author", str, description="Author's username"),
    OpenApiParameter("mine", bool, description="Only the caller's annotations"),
    OpenApiParameter("group", int, description="One of the caller's groups or seminars"),
    OpenApiParameter("since", OpenApiTypes.DATE),
    OpenApiParameter("until", OpenApiTypes.DATE),
    OpenApiParameter("order", str, enum=["relevance", "reading"]),
    OpenApiParameter("show", str, enum=["all", "text", "annotations"]),
    OpenApiParameter("page", int),
]


class SearchApi(W3CApi):
    @extend_schema(
        summary="Search the editions' text and the annotations the caller may read",
        operation_id="search",
        parameters=PARAMETERS,
        responses=OpenApiTypes.OBJECT,
    )
    def get(self, request):
        """`text`: passages with a highlighted `snippet` (hits in <mark>); `annotations`:
        an AnnotationPage of the annotations the caller may read in full."""
        form = SearchForm(
            request.query_params,
            editions=visible_editions(request.user, Edition.objects.select_related("work")),
            groups=ReadingGroup.objects.for_user(request.user),
        )
        if not form.is_valid():
            raise ValidationError(form.errors.get_json_data())
        page = request.query_params.get("page") or 1
        results = search_run(
            viewer=request.user, params=form.cleaned_data, page=page, per_page=PAGE_SIZE
        )
        return Response(_results_json(request, results))


def _results_json(request, results) -> dict:
    data = {"q": request.query_params.get("q", ""), "page": results.page}
    if results.passages is not None:
        data["text"] = {
            "total": results.passages.paginator.count,
            "items": [_passage_json(p) for p in results.passages],
        }
    if results.annotations is not None:
        data["annotations"] = _annotation_page(request, results)
    return data


def _passage_json(passage) -> dict:
    return {
        "id": passage.get_iri(),
        "edition": passage.edition.slug,
        "section": passage.section.slug,
        "sectionTitle": passage.section.display_title,
        "page": passage.page,
        "anchor": passage.anchor,
        "url": f"{passage.section.get_absolute_url()}#{passage.fragment}",
        "snippet": str(passage.headline),
    }


def _annotation_page(request, results) -> dict:
    found = results.annotations
    here = request.build_absolute_uri(request.path)
    params = request.query_params.copy()
    params.pop("page", None)
    base = f"{here}?{params.urlencode()}"
    page_data = page_json(
        annotations=list(found),
        page_iri=f"{base}&page={results.page}",
        container_iri=base,
        total=found.paginator.count,
        start_index=(results.page - 1) * PAGE_SIZE,
        prev_iri=f"{base}&page={results.page - 1}" if results.page > 1 else None,
        next_iri=f"{base}&page={results.page + 1}" if found.has_next() else None,
        user=request.user,
    )
    snippets = {a.get_iri(): str(a.headline) for a in found}
    for item in page_data["items"]:
        item["snippet"] = snippets.get(item["id"], "")
    return page_data

"""Search over the discussion: annotations and replies found by their body and tags.

Every search starts from `Annotation.objects.visible_to(viewer).shown_in_full_to(viewer)`,
the permission layer of every other read, so private, group, hidden-by-an-assignment,
moderated-away and pending items of others never reach a result, snippet or count;
deleted ones are left out too. The index holds only body and tags: moderation and
sharing change who may see an item, which is decided at query time, never in the index.
The services that write a body or tags keep the index current after commit.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.core.paginator import EmptyPage, Page, Paginator
from django.db import transaction
from django.db.models import QuerySet

from annotations import audience
from annotations.models import Annotation, AnnotationSearch
from edition.fulltext import Index, Query, headlines, index_update, matching, query_parse
from edition.search import passage_hits, passages_set_headlines

ANNOTATIONS = Index(
    model=Annotation,
    fts_table="annotations_annotation_fts",
    fields=("body", "tag_index"),
    columns={"body": ("body", "tag_index")},
    search_model=AnnotationSearch,
)
ORDERS = {
    "relevance": ("-search_rank", "-created", "-pk"),
    "reading": ("edition_id", "selection__passage__order", "selection__start", "created", "pk"),
}


def annotations_index(*, ids: list[int] | None) -> None:
    """Bring the index rows of the annotations `ids` (all when None) up to date; rows of
    annotations that are gone are dropped."""
    index_update(ANNOTATIONS, ids)


def annotations_index_on_commit(*, ids: list[int]) -> None:
    ids = list(ids)
    transaction.on_commit(lambda: annotations_index(ids=ids))


def annotation_hits(
    *,
    viewer,
    query: Query,
    edition: str = "",
    section: str = "",
    tag: str = "",
    author: str = "",
    mine: bool = False,
    group: int | None = None,
    since: date | None = None,
    until: date | None = None,
    order: str = "relevance",
) -> QuerySet:
    """Annotations `viewer` may read in full that match `query`, ranked, loaded for output
    (`for_output`: author, passage, section, reply count)."""
    found = Annotation.objects.visible_to(viewer).shown_in_full_to(viewer).filter(deleted=False)
    found = _filtered(found, viewer, edition, section, tag, author, mine, group, since, until)
    hits = matching(found, index=ANNOTATIONS, query=query, column="body")
    return (
        hits.for_output()
        .select_related("edition__work")
        .order_by(*ORDERS.get(order, ORDERS["relevance"]))
    )


def _filtered(found, viewer, edition, section, tag, author, mine, group, since, until):
    if edition:
        found = found.filter(edition__slug=edition)
    if section:
        found = found.filter(selection__passage__section__slug=section)
    if tag:
        found = found.with_tag(tag)
    if author:
        found = found.filter(author__username=author)
    if mine:
        found = found.filter(author=viewer) if viewer.is_authenticated else found.none()
    if group is not None:
        found = found.filter(group_id=group)
    if since:
        found = found.filter(created__date__gte=since)
    if until:
        found = found.filter(created__date__lte=until)
    return found


def annotations_set_headlines(annotations: list[Annotation], *, query: Query) -> None:
    """Set `headline` (HTML, hits in <mark>) on each of `annotations`, in one query."""
    found = headlines(
        index=ANNOTATIONS, query=query, column="body", ids=[a.pk for a in annotations]
    )
    for annotation in annotations:
        annotation.headline = found.get(annotation.pk, "")


@dataclass
class SearchResults:
    """One page of each kind of hit (None for a kind not asked for), headlines set."""

    query: Query | None
    page: int = 1
    passages: Page | None = None
    annotations: Page | None = None


def search_run(*, viewer, params: dict, page: int, per_page: int) -> SearchResults:
    """Text and annotation hits for the cleaned `SearchForm` data `params`: a constant
    number of queries, whatever the number of hits."""
    query = query_parse(params.get("q") or "")
    page = _page_number(page)
    results = SearchResults(query=query, page=page)
    if query is None:
        return results
    show, order = params.get("show") or "all", params.get("order") or "relevance"
    if show in ("all", "text"):
        results.passages = _text_page(viewer, query, params, order, page, per_page)
    if show in ("all", "annotations"):
        results.annotations = _annotation_page(viewer, query, params, order, page, per_page)
    return results


def _text_page(viewer, query, params, order, page, per_page) -> Page:
    hits = passage_hits(
        viewer=viewer,
        query=query,
        edition=params.get("edition") or "",
        section=params.get("section") or "",
        original=bool(params.get("original")),
        order=order,
    )
    found = _page(Paginator(hits, per_page), page)
    passages_set_headlines(list(found), query=query, original=bool(params.get("original")))
    return found


def _annotation_page(viewer, query, params, order, page, per_page) -> Page:
    hits = annotation_hits(
        viewer=viewer,
        query=query,
        order=order,
        **{k: params.get(k) for k in ANNOTATION_FILTERS if params.get(k) not in (None, "")},
    )
    found = _page(Paginator(hits, per_page), page)
    annotations_set_headlines(list(found), query=query)
    audience.set_shown_authors(list(found), viewer)
    return found


ANNOTATION_FILTERS = ("edition", "section", "tag", "author", "mine", "group", "since", "until")


def _page_number(page) -> int:
    try:
        return max(1, int(page))
    except (TypeError, ValueError):
        return 1


def _page(paginator: Paginator, number: int) -> Page:
    """Page `number`, or an empty page past the last (the other kind may go on)."""
    try:
        return paginator.page(number)
    except EmptyPage:
        return Page([], number, paginator)

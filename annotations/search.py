"""Search over the discussion: annotations and replies found by their body and tags.

Every search starts from `Annotation.objects.visible_to(viewer).shown_in_full_to(viewer)`,
the permission layer of every other read, so private, group, hidden-by-an-assignment,
moderated-away and pending items of others never reach a result, snippet or count;
deleted ones are left out too. The index holds only body and tags: moderation and
sharing change who may see an item, which is decided at query time, never in the index.
The services that write a body or tags keep the index current after commit.
"""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.db.models import QuerySet

from annotations.models import Annotation, AnnotationSearch
from edition.fulltext import Index, Query, headlines, index_update, matching

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
    return hits.for_output().order_by(*ORDERS.get(order, ORDERS["relevance"]))


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

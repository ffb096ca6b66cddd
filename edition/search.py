"""Search over the editions' text: the current passages, and optionally their OCR original.

Editions are public, so every current passage may be found by anyone. The index is kept
by the services that write passages (loading, versions, corrections), after commit.
"""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.db import transaction
from django.db.models import QuerySet

from edition.access import visible_edition_q
from edition.fulltext import Index, Query, headlines, index_update, matching
from edition.models import Passage, PassageSearch

PASSAGES = Index(
    model=Passage,
    fts_table="edition_passage_fts",
    fields=("text", "original"),
    columns={"text": ("text",), "with_original": ("text", "original")},
    search_model=PassageSearch,
)
ORDERS = {
    "relevance": ("-search_rank", "edition_id", "order"),
    "reading": ("edition__work__author", "edition__work__title", "edition_id", "order"),
}


def passages_index(*, ids: list[int] | None) -> None:
    """Bring the index rows of the passages `ids` (all passages when None) up to date."""
    index_update(PASSAGES, ids)


def passages_index_on_commit(*, ids: list[int]) -> None:
    """Index the passages `ids` once the current transaction commits."""
    ids = list(ids)
    transaction.on_commit(lambda: passages_index(ids=ids))


def edition_index_on_commit(*, edition_id: int) -> None:
    """Index every passage of the edition once the current transaction commits."""
    transaction.on_commit(
        lambda: passages_index(
            ids=list(Passage.objects.filter(edition_id=edition_id).values_list("pk", flat=True))
        )
    )


def passage_hits(
    *,
    query: Query,
    edition: str = "",
    section: str = "",
    original: bool = False,
    order: str = "relevance",
    viewer=None,
) -> QuerySet:
    """Current passages matching `query` (in the OCR original too when `original`),
    ranked, with their section and edition loaded; `edition` and `section` are slugs.
    Only passages of editions `viewer` may read (signed out: the public library)."""
    passages = Passage.objects.current().select_related("section", "edition__work")
    passages = passages.filter(visible_edition_q(viewer or AnonymousUser(), "edition"))
    if edition:
        passages = passages.filter(edition__slug=edition)
    if section:
        passages = passages.filter(section__slug=section)
    column = "with_original" if original else "text"
    hits = matching(passages, index=PASSAGES, query=query, column=column)
    return hits.order_by(*ORDERS.get(order, ORDERS["relevance"]))


def passages_set_headlines(passages: list[Passage], *, query: Query, original: bool) -> None:
    """Set `headline` (HTML, hits in <mark>) on each of `passages`, in one query."""
    column = "with_original" if original else "text"
    found = headlines(index=PASSAGES, query=query, column=column, ids=[p.pk for p in passages])
    for passage in passages:
        passage.headline = found.get(passage.pk, "")

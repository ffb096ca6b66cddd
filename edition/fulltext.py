"""The full-text engine behind search, one interface over two databases.

PostgreSQL keeps a stored tsvector per row in a side table with a GIN index, built with the
`lectio` text search configuration (English stemming after `unaccent`). SQLite keeps an FTS5
table (porter stemming over unicode61 with diacritics removed), so the embedded default
needs no service. Both are written by `index_update`, which the services that change the
indexed rows call after commit, and read by `matching` and `headlines`. The tables are
created by the migrations named in each `Index`.

A query is the reader's words: "quoted words" are a phrase, `word*` a prefix, and every
term must match. Words are folded the way the text is, so `Ordzhonikidze` finds
`Ordzhonikidze'` and `workers` finds `worker`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank
from django.db import connection
from django.db.models import F, QuerySet, TextField, Value
from django.db.models.expressions import RawSQL
from django.db.models.functions import Concat
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

CONFIG = "lectio"  # the PostgreSQL text search configuration the migration creates
START, STOP = "\x02", "\x03"  # hit markers in headlines, turned into <mark> after escaping
MAX_TERMS = 12
_TERM = re.compile(r'"([^"]*)"?|(\S+)')
_WORD = re.compile(r"[^\W_]+")


@dataclass(frozen=True)
class Term:
    words: tuple[str, ...]  # one word, or the words of a phrase, in order
    prefix: bool = False  # the last word is a prefix


@dataclass(frozen=True)
class Query:
    terms: tuple[Term, ...]

    @property
    def words(self) -> list[str]:
        return [w for t in self.terms for w in t.words]


def query_parse(text: str) -> Query | None:
    """The reader's query as terms, or None when it has no word to look for."""
    terms = []
    for phrase, bare in _TERM.findall(text or ""):
        words = tuple(w.lower() for w in _WORD.findall(phrase or bare))
        if words:
            terms.append(Term(words=words, prefix=bool(bare) and bare.endswith("*")))
    return Query(terms=tuple(terms[:MAX_TERMS])) if terms else None


@dataclass(frozen=True)
class Index:
    """What one index covers: the rows of `model`, and its named columns.

    `columns` maps a column name to the model fields it is made of. On SQLite the FTS5
    table `fts_table` has a column per field of `fields` (and the row's id as rowid), and
    a column name is a filter on its fields; on PostgreSQL a column name is a tsvector
    column of the unmanaged model `search_model` (keyed by `id`), reached from `model`
    through `relation`.
    """

    model: type
    fts_table: str
    fields: tuple[str, ...]
    columns: dict[str, tuple[str, ...]]
    search_model: type
    relation: str = "search_row"


def is_postgresql() -> bool:
    return connection.vendor == "postgresql"


def index_update(index: Index, ids: list[int] | None = None) -> None:
    """Write the index rows of `ids` (all rows when None) from their current values."""
    if ids is not None and not ids:
        return
    with connection.cursor() as cursor:
        for sql, params in _update_sql(index, ids):
            cursor.execute(sql, params)


def _update_sql(index: Index, ids):
    source = index.model._meta.db_table
    if is_postgresql():
        names = list(index.columns)
        vectors = ", ".join(_pg_vector(index.columns[n]) for n in names)
        where, params = ("", []) if ids is None else ("WHERE id = ANY(%s)", [list(ids)])
        updates = ", ".join(f"{n} = EXCLUDED.{n}" for n in names)
        yield (
            f"INSERT INTO {index.search_model._meta.db_table} (id, {', '.join(names)}) "
            f"SELECT id, {vectors} FROM {source} {where} "
            f"ON CONFLICT (id) DO UPDATE SET {updates}",
            params,
        )
        return
    fields = ", ".join(index.fields)
    table = index.fts_table
    if ids is None:
        yield f"DELETE FROM {table}", []
        yield f"INSERT INTO {table} (rowid, {fields}) SELECT id, {fields} FROM {source}", []
        return
    for chunk in _chunks(list(ids), 500):
        marks = ", ".join(["%s"] * len(chunk))
        yield f"DELETE FROM {table} WHERE rowid IN ({marks})", chunk
        yield (
            f"INSERT INTO {table} (rowid, {fields}) "
            f"SELECT id, {fields} FROM {source} WHERE id IN ({marks})",
            chunk,
        )


def _pg_vector(fields: tuple[str, ...]) -> str:
    text = " || ' ' || ".join(f"coalesce({f}, '')" for f in fields)
    return f"to_tsvector('{CONFIG}', {text})"


def _chunks(items: list, size: int):
    for i in range(0, len(items), size):
        yield items[i : i + size]


def matching(queryset: QuerySet, *, index: Index, query: Query, column: str) -> QuerySet:
    """`queryset` narrowed to the rows whose `column` matches, with `search_rank` (higher
    is better) annotated."""
    if is_postgresql():
        search = _pg_query(query)
        vector = F(f"{index.relation}__{column}")
        return queryset.filter(**{f"{index.relation}__{column}": search}).annotate(
            search_rank=SearchRank(vector, search)
        )
    match = _fts_match(query, index.columns[column])
    source, table = index.model._meta.db_table, index.fts_table
    return queryset.filter(
        pk__in=RawSQL(f"SELECT rowid FROM {table} WHERE {table} MATCH %s", [match])
    ).annotate(
        search_rank=RawSQL(
            f"(SELECT -bm25({table}) FROM {table} WHERE {table} MATCH %s AND rowid = {source}.id)",
            [match],
        )
    )


def headlines(*, index: Index, query: Query, column: str, ids: list[int]) -> dict[int, SafeString]:
    """{id: an HTML excerpt of the row around its hits, the hit words in <mark>}, in one
    query for all of `ids`."""
    if not ids:
        return {}
    if is_postgresql():
        rows = _pg_headlines(index, query, column, ids)
    else:
        rows = _fts_headlines(index, query, column, ids)
    return {pk: marked_html(text or "") for pk, text in rows}


def _pg_headlines(index, query, column, ids):
    fields = index.columns[column]
    text = F(fields[0])
    for field in fields[1:]:
        text = Concat(text, Value(" … "), F(field), output_field=TextField())
    headline = SearchHeadline(
        text,
        _pg_query(query),
        config=CONFIG,
        start_sel=START,
        stop_sel=STOP,
        max_words=30,
        min_words=12,
        max_fragments=2,
        fragment_delimiter=" … ",
    )
    return index.model.objects.filter(pk__in=ids).annotate(h=headline).values_list("pk", "h")


def _fts_headlines(index, query, column, ids):
    match = _fts_match(query, index.columns[column])
    marks = ", ".join(["%s"] * len(ids))
    table = index.fts_table
    sql = (
        f"SELECT rowid, snippet({table}, -1, %s, %s, ' … ', 24) FROM {table} "
        f"WHERE {table} MATCH %s AND rowid IN ({marks})"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [START, STOP, match, *ids])
        return cursor.fetchall()


def marked_html(text: str) -> SafeString:
    """Escape `text` and turn its hit markers into <mark> elements."""
    html = escape(text)
    return mark_safe(html.replace(START, "<mark>").replace(STOP, "</mark>"))


def _fts_match(query: Query, fields: tuple[str, ...]) -> str:
    """FTS5 query syntax: quoted strings (safe for any word), `*` for a prefix, AND."""
    terms = []
    for term in query.terms:
        phrase = '"' + " ".join(term.words) + '"'
        terms.append(phrase + (" *" if term.prefix else ""))
    return "{" + " ".join(fields) + "} : (" + " AND ".join(terms) + ")"


def _pg_query(query: Query) -> SearchQuery:
    """to_tsquery syntax: each word quoted as a lexeme, <-> inside a phrase, :* for a
    prefix, & between terms; the configuration stems and unaccents each lexeme."""
    terms = []
    for term in query.terms:
        lexemes = [f"'{w}'" for w in term.words]
        if term.prefix:
            lexemes[-1] += ":*"
        terms.append("(" + " <-> ".join(lexemes) + ")")
    return SearchQuery(" & ".join(terms), search_type="raw", config=CONFIG)

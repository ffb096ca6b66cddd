"""The search index of passages (edition/fulltext.py): on PostgreSQL the `lectio` text
search configuration (English stemming after unaccent) and a table of stored tsvectors
with GIN indexes; on SQLite an FTS5 table. Both are filled from the current passages."""

import django.contrib.postgres.search
import django.db.models.deletion
from django.db import migrations, models

POSTGRESQL = [
    "CREATE EXTENSION IF NOT EXISTS unaccent",
    """DO $$ BEGIN
      IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'lectio') THEN
        CREATE TEXT SEARCH CONFIGURATION lectio (COPY = pg_catalog.english);
        ALTER TEXT SEARCH CONFIGURATION lectio
          ALTER MAPPING FOR hword, hword_part, word WITH unaccent, english_stem;
      END IF;
    END $$""",
    """CREATE TABLE edition_passage_search (
      id bigint PRIMARY KEY,  -- no foreign key: test flushes truncate the indexed table alone;
      -- searches join the live rows, so a row left by a deletion is never found
      text tsvector NOT NULL,
      with_original tsvector NOT NULL)""",
    "CREATE INDEX edition_passage_search_text ON edition_passage_search USING gin (text)",
    """CREATE INDEX edition_passage_search_with_original ON edition_passage_search
      USING gin (with_original)""",
    """INSERT INTO edition_passage_search (id, text, with_original)
      SELECT id, to_tsvector('lectio', text),
        to_tsvector('lectio', text || ' ' || coalesce(original, '')) FROM edition_passage""",
]
SQLITE = [
    """CREATE VIRTUAL TABLE edition_passage_fts USING fts5(
      text, original, tokenize = 'porter unicode61 remove_diacritics 2')""",
    """INSERT INTO edition_passage_fts (rowid, text, original)
      SELECT id, text, original FROM edition_passage""",
]


def create_index(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for sql in {"postgresql": POSTGRESQL, "sqlite": SQLITE}.get(vendor, []):
        schema_editor.execute(sql)


def drop_index(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    table = {"postgresql": "edition_passage_search", "sqlite": "edition_passage_fts"}
    if vendor in table:
        schema_editor.execute(f"DROP TABLE {table[vendor]}")


class Migration(migrations.Migration):
    dependencies = [
        ("edition", "0006_selection_links"),
    ]

    operations = [
        migrations.CreateModel(
            name="PassageSearch",
            fields=[
                (
                    "passage",
                    models.OneToOneField(
                        db_column="id",
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        primary_key=True,
                        related_name="search_row",
                        serialize=False,
                        to="edition.passage",
                    ),
                ),
                ("text", django.contrib.postgres.search.SearchVectorField()),
                ("with_original", django.contrib.postgres.search.SearchVectorField()),
            ],
            options={
                "db_table": "edition_passage_search",
                "managed": False,
            },
        ),
        migrations.RunPython(create_index, drop_index),
    ]

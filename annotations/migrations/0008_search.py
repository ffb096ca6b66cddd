"""The search index of annotations (edition/fulltext.py), over body and tags: on
PostgreSQL a table of stored tsvectors with a GIN index (in the `lectio` configuration
that edition's migration creates); on SQLite an FTS5 table. Both are filled now."""

import django.contrib.postgres.search
import django.db.models.deletion
from django.db import migrations, models

POSTGRESQL = [
    """CREATE TABLE annotations_annotation_search (
      id bigint PRIMARY KEY,  -- no foreign key: test flushes truncate the indexed table alone;
      -- searches join the live rows, so a row left by a deletion is never found
      body tsvector NOT NULL)""",
    """CREATE INDEX annotations_annotation_search_body ON annotations_annotation_search
      USING gin (body)""",
    """INSERT INTO annotations_annotation_search (id, body)
      SELECT id, to_tsvector('lectio', body || ' ' || tag_index) FROM annotations_annotation""",
]
SQLITE = [
    """CREATE VIRTUAL TABLE annotations_annotation_fts USING fts5(
      body, tag_index, tokenize = 'porter unicode61 remove_diacritics 2')""",
    """INSERT INTO annotations_annotation_fts (rowid, body, tag_index)
      SELECT id, body, tag_index FROM annotations_annotation""",
]


def create_index(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for sql in {"postgresql": POSTGRESQL, "sqlite": SQLITE}.get(vendor, []):
        schema_editor.execute(sql)


def drop_index(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    table = {"postgresql": "annotations_annotation_search", "sqlite": "annotations_annotation_fts"}
    if vendor in table:
        schema_editor.execute(f"DROP TABLE {table[vendor]}")


class Migration(migrations.Migration):
    dependencies = [
        ("annotations", "0007_annotation_w3c_properties"),
        ("edition", "0007_search"),
    ]

    operations = [
        migrations.CreateModel(
            name="AnnotationSearch",
            fields=[
                (
                    "annotation",
                    models.OneToOneField(
                        db_column="id",
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        primary_key=True,
                        related_name="search_row",
                        serialize=False,
                        to="annotations.annotation",
                    ),
                ),
                ("body", django.contrib.postgres.search.SearchVectorField()),
            ],
            options={
                "db_table": "annotations_annotation_search",
                "managed": False,
            },
        ),
        migrations.RunPython(create_index, drop_index),
    ]

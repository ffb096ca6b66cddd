"""Annotations as CSV and as a W3C JSON-LD collection, for download."""

import csv
import json

from django.conf import settings
from django.http import HttpResponse

from annotations import audience
from annotations.serializers import collection_json

CSV_COLUMNS = [
    "id",
    "created",
    "modified",
    "author",
    "edition",
    "section",
    "passages",
    "motivation",
    "visibility",
    "group",
    "tags",
    "quote",
    "start",
    "end",
    "body",
    "anchor_state",
    "parent",
    "permalink",
    "status",
    "moderation_reason",
]


def cell(value) -> str:
    text = "" if value is None else str(value)
    # Spreadsheets run cells starting with these as formulas.
    return "'" + text if text[:1] in {"=", "+", "-", "@", "\t", "\r"} else text


_cell = cell  # seminars/exports.py imports this name


def _row(a, user, memo: dict) -> list[str]:
    author = audience.creator(a, user, memo)["nickname"]  # "student-N" to peers
    if not a.shows_body_to(user):  # a placeholder: where it was, not what it said
        return [
            cell(v)
            for v in [
                a.pk,
                a.created.isoformat(),
                a.modified.isoformat(),
                author,
                a.edition.slug,
                a.passage.section.slug,
                " ".join(a.passage_anchors),
                a.motivation,
                a.visibility,
                a.group.name if a.group_id else "",
                "",
                "",
                "",
                "",
                "Hidden by a moderator.",
                a.anchor_state,
                a.parent_id or "",
                settings.SITE_URL + a.get_permalink(),
                a.status,
                "",
            ]
        ]
    return [
        cell(v)
        for v in [
            a.pk,
            a.created.isoformat(),
            a.modified.isoformat(),
            author,
            a.edition.slug,
            a.passage.section.slug,
            " ".join(a.passage_anchors),
            a.motivation,
            a.visibility,
            a.group.name if a.group_id else "",
            ", ".join(a.tags),
            a.selector_exact,
            a.selector_start,
            a.selector_end,
            a.body,
            a.anchor_state,
            a.parent_id or "",
            settings.SITE_URL + a.get_permalink(),
            a.status,
            a.status_reason if user and user.pk == a.author_id else "",
        ]
    ]


def csv_response(annotations, *, filename: str, user) -> HttpResponse:
    """The annotations as CSV, as `user` sees them (placeholders for hidden ones)."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    writer = csv.writer(response)
    writer.writerow(CSV_COLUMNS)
    memo: dict = {}
    for annotation in annotations:
        writer.writerow(_row(annotation, user, memo))
    return response


def jsonld_response(annotations, *, filename: str, label: str, user) -> HttpResponse:
    data = collection_json(annotations=annotations, label=label, user=user)
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=1),
        content_type='application/ld+json; profile="http://www.w3.org/ns/anno.jsonld"',
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}.jsonld"'
    return response

"""Annotations as CSV and as a W3C JSON-LD collection, for download."""

import csv
import json

from django.conf import settings
from django.http import HttpResponse

from annotations.serializers import collection_json

CSV_COLUMNS = ["id", "created", "modified", "author", "edition", "section", "passages",
               "motivation", "visibility", "group", "tags", "quote", "start", "end", "body",
               "anchor_state", "parent", "permalink"]


def _cell(value) -> str:
    text = "" if value is None else str(value)
    # Spreadsheets run cells starting with these as formulas.
    return "'" + text if text[:1] in {"=", "+", "-", "@"} else text


def _row(a) -> list[str]:
    return [_cell(v) for v in [
        a.pk, a.created.isoformat(), a.modified.isoformat(), a.author.username, a.edition.slug,
        a.passage.section.slug, " ".join(a.passage_anchors), a.motivation, a.visibility,
        a.group.name if a.group_id else "", ", ".join(a.tags), a.selector_exact,
        a.selector_start, a.selector_end, a.body, a.anchor_state, a.parent_id or "",
        settings.SITE_URL + a.get_permalink()]]


def csv_response(annotations, *, filename: str) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    writer = csv.writer(response)
    writer.writerow(CSV_COLUMNS)
    for annotation in annotations:
        writer.writerow(_row(annotation))
    return response


def jsonld_response(annotations, *, filename: str, label: str, user) -> HttpResponse:
    data = collection_json(annotations=annotations, label=label, user=user)
    response = HttpResponse(json.dumps(data, ensure_ascii=False, indent=1),
                            content_type='application/ld+json; '
                                         'profile="http://www.w3.org/ns/anno.jsonld"')
    response["Content-Disposition"] = f'attachment; filename="{filename}.jsonld"'
    return response

"""Grades and activity of an assignment as CSV (annotations go out through
annotations/exports.py)."""

import csv

from django.http import HttpResponse
from django.utils import timezone

from annotations.exports import _cell
from seminars import work
from seminars.models import Assignment


def _when(value) -> str:
    return timezone.localtime(value).isoformat(timespec="minutes") if value else ""


def grades_rows(assignment: Assignment) -> list[list[str]]:
    """Header and one row per student: activity, rubric points, participation, total."""
    criteria = list(assignment.criteria.all())
    latest = work.latest_scores(assignment)
    header = (
        [
            "username",
            "name",
            "email",
            "status",
            "annotations",
            "replies",
            "words",
            "completed",
            "last_activity",
        ]
        + [c.name for c in criteria]
        + ["participation", "late_penalty_applied", "total", "max"]
    )
    rows = [header]
    max_points = work.max_points(assignment)
    for row in work.student_work(assignment, work.students_of(assignment)):
        s = row.student
        points = [latest[(c.pk, s.pk)].points if (c.pk, s.pk) in latest else "" for c in criteria]
        late = row.completed_at is not None and row.completed_at > assignment.due_at
        participation = round(assignment.participation_points * row.progress, 2)
        rows.append(
            [
                _cell(v)
                for v in [
                    s.username,
                    s.get_display_name(),
                    s.email,
                    row.status,
                    row.annotations,
                    row.replies,
                    row.words,
                    _when(row.completed_at),
                    _when(row.last_activity),
                    *points,
                    participation,
                    "yes" if late and assignment.late_penalty else "no",
                    row.total,
                    max_points,
                ]
            ]
        )
    return rows


def grades_response(assignment: Assignment) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="lectio-assignment-{assignment.pk}-grades.csv"'
    )
    csv.writer(response).writerows(grades_rows(assignment))
    return response

"""Where a student's note made on the reading page goes: to the seminar of an open
assignment whose range covers the passage, so that it counts for that assignment
(issue 6). The reader may still choose another visibility.
"""

from __future__ import annotations

from django.utils import timezone

from edition.models import Passage
from seminars.models import STUDENT, Assignment


def assignment_routes(user, passages: list[tuple[str, int]], edition_id: int) -> dict:
    """{passage anchor: Assignment} for the given (anchor, order) pairs of one edition:
    the open assignment of a seminar where `user` is a student whose range covers the
    passage (the one due first when several do). One query; none when signed out."""
    if not user.is_authenticated:
        return {}
    open_now = (
        Assignment.objects.open_at(timezone.now())
        .filter(
            edition_id=edition_id,
            seminar__group__memberships__user=user,
            seminar__group__memberships__role=STUDENT,
        )
        .select_related("seminar__group", "start_passage", "end_passage")
        .order_by("due_at", "pk")
    )
    assignments = list(open_now)
    routes = {}
    for anchor, order in passages:
        for assignment in assignments:
            if assignment.start_passage.order <= order <= assignment.end_passage.order:
                routes[anchor] = assignment
                break
    return routes


def section_routes(user, section) -> dict:
    """`assignment_routes` for every passage of `section`. Two queries at most."""
    if not user.is_authenticated:
        return {}
    passages = list(
        Passage.objects.filter(section=section, retired=False).values_list("anchor", "order")
    )
    return assignment_routes(user, passages, section.edition_id)


def route_label(assignment: Assignment) -> str:
    """What the editor says: "Goes to <seminar>: <assignment>"."""
    return f"Goes to {assignment.seminar.group.name}: {assignment.title}"

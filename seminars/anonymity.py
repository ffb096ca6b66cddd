"""Peers as "Student N": how an annotation's creator is shown to a given reader.

Called by the annotation output serializer (the single builder of annotation JSON) so that
the API, the in-page reader and the exports all show the same pseudonyms; server-rendered
pages and messages ask `shown_author_name` / `set_shown_authors`, built on the same rule.
"""

from __future__ import annotations

from groups.models import Membership
from seminars.models import STUDENT, Assignment


def _anonymous_ranges(viewer) -> dict:
    """{group id: ([(edition id, first order, last order)], {student id: number})} for the
    seminars where `viewer` is a student and an assignment hides names."""
    seminar_ids = list(
        Membership.objects.of(viewer)
        .with_role(STUDENT)
        .filter(group__seminar__isnull=False)
        .group_ids()
    )
    if not seminar_ids:
        return {}
    result = {}
    for a in Assignment.objects.filter(seminar_id__in=seminar_ids, anonymous=True).select_related(
        "start_passage", "end_passage"
    ):
        ranges, _ = result.setdefault(a.seminar_id, ([], {}))
        ranges.append((a.edition_id, a.start_passage.order, a.end_passage.order))
    for group_id, (_, numbers) in result.items():
        students = (
            Membership.objects.in_group(group_id)
            .with_role(STUDENT)
            .order_by("joined", "pk")
            .user_ids()
        )
        numbers.update({user_id: n for n, user_id in enumerate(students, start=1)})
    return result


def peer_creator(annotation, viewer, creator: dict, memo: dict) -> dict:
    """`creator` (the W3C creator JSON), or a pseudonym when `viewer` is a student peer of
    the author on the range of an anonymous assignment. `memo` is a dict kept for one
    response (the serializer context), so that each response costs a few queries at most."""
    if viewer is None or not viewer.is_authenticated:
        return creator
    # Read once per response, whatever the first item is, so that the query count of a
    # list does not depend on its content.
    if "seminars_anonymous" not in memo:
        memo["seminars_anonymous"] = _anonymous_ranges(viewer)
    if annotation.group_id is None or annotation.author_id == viewer.pk:
        return creator
    ranges, numbers = memo["seminars_anonymous"].get(annotation.group_id, ((), {}))
    number = numbers.get(annotation.author_id)
    if number is None:
        return creator
    order = annotation.passage.order
    if not any(e == annotation.edition_id and lo <= order <= hi for e, lo, hi in ranges):
        return creator
    return {"type": "Person", "nickname": f"student-{number}", "name": f"Student {number}"}


def creator_json(annotation) -> dict:
    """The W3C creator of `annotation` with its real name (expects `author` loaded)."""
    return {
        "type": "Person",
        "nickname": annotation.author.username,
        "name": annotation.author.get_display_name(),
    }


def shown_author_name(annotation, viewer, memo: dict | None = None) -> str:
    """The name of the author of `annotation` as `viewer` may see it."""
    memo = {} if memo is None else memo
    return peer_creator(annotation, viewer, creator_json(annotation), memo)["name"]


def set_shown_authors(annotations, viewer) -> None:
    """Set `shown_author` on each annotation (`author` and `passage` loaded), in a few
    queries for the lot."""
    memo: dict = {}
    for annotation in annotations:
        annotation.shown_author = shown_author_name(annotation, viewer, memo)


def pseudonym_map(assignment: Assignment) -> dict[int, str]:
    """{student id: "Student N"} for a seminar, numbered as `peer_creator` numbers them."""
    students = (
        Membership.objects.in_group(assignment.seminar_id)
        .with_role(STUDENT)
        .order_by("joined", "pk")
        .user_ids()
    )
    return {user_id: f"Student {n}" for n, user_id in enumerate(students, start=1)}

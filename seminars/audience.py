"""The seminars' audience backend (see annotations/audience.py), and the rules it is made of.

- Peer visibility: an assignment's peer rule hides the other students' work on its range
  from a student until they have posted enough, until the due time or until the reveal.
- Anonymity: on an anonymous assignment's range, a student sees peers as "Student N"
  (numbered by joining order); the teaching staff always see names.
- Routing: a student's note made on the reading page, in the range of an open assignment,
  goes to the seminar by default, so that it counts for the assignment. The reader may
  still choose another visibility.
"""

from __future__ import annotations

from django.db.models import Count, DateTimeField, Exists, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from accounts.models import User
from annotations.audience import AudienceBackend, Share
from annotations.models import Annotation
from groups.models import Membership
from seminars.models import STUDENT, TEACHING_ROLES, Assignment, Featured
from seminars.work import work_q


class AssignmentAudience(AudienceBackend):
    def hidden_from(self, user) -> Q | None:
        if not user.is_authenticated:
            return None
        return hidden_by_assignments(user)

    def creator(self, annotation, viewer, memo: dict) -> dict | None:
        return peer_pseudonym(annotation, viewer, memo)

    def anonymised_for(self, viewer) -> Q | None:
        if not viewer.is_authenticated:
            return None
        return anonymised_by_assignments(viewer)

    def default_shares(self, user, edition_id: int, passages) -> dict[str, Share]:
        if not user.is_authenticated:
            return {}
        return {
            anchor: Share(group_id=a.seminar_id, key=a.pk, label=route_label(a))
            for anchor, a in assignment_routes(user, list(passages), edition_id).items()
        }


# Peer visibility ---------------------------------------------------------------------------


def _counted_posts(student: User):
    """For the Assignment of the outer query: how many of `student`'s annotations (replies
    left out) count for it."""
    counted = work_q(
        seminar_id=OuterRef("seminar_id"),
        edition_id=OuterRef("edition_id"),
        first=OuterRef("start_passage__order"),
        last=OuterRef("end_passage__order"),
        opens_at=OuterRef("opens_at"),
        closes_at=Coalesce(
            OuterRef("late_until"), OuterRef("due_at"), output_field=DateTimeField()
        ),
    )
    posts = Annotation.objects.filter(counted, author=student, root__isnull=True)
    count = posts.order_by().values("author").annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(count), 0)


def _hiding(student: User, now) -> Q:
    """A Q over Assignment: those whose peer rule hides peers' work from `student` at `now`."""
    rule = Assignment.PeerRule
    return (
        Q(peer_rule=rule.AFTER_DUE, due_at__gt=now)
        | Q(peer_rule=rule.ON_REVEAL, revealed_at__isnull=True)
        | Q(peer_rule=rule.AFTER_POSTING, peer_threshold__gt=_counted_posts(student))
    )


def peers_hidden(assignment: Assignment, student: User, now=None) -> bool:
    """Whether the assignment's rule hides peers' work on its range from `student` now."""
    hiding = _hiding(student, now or timezone.now())
    return Assignment.objects.filter(hiding, pk=assignment.pk).exists()


def hidden_by_assignments(user: User) -> Q:
    """A Q over Annotation matching what `user` must not see because of assignment rules:
    peers' work on the range of an assignment of a seminar `user` studies in, whose rule
    hides it from `user` right now. Built without running a query.

    Only students are ever hidden from; their own work, the teaching staff's annotations
    and featured annotations stay visible.
    """
    studied = Membership.objects.filter(user=user, role=STUDENT).values("group_id")
    # Which assignments hide peers from `user` does not depend on the annotation: a
    # subquery the database computes once, not once per row.
    hiding = Assignment.objects.filter(_hiding(user, timezone.now()), seminar_id__in=studied)
    covering = Assignment.objects.filter(
        pk__in=hiding.values("pk"),
        seminar_id=OuterRef("group_id"),
        edition_id=OuterRef("edition_id"),
        start_passage__order__lte=OuterRef("selection__passage__order"),
        end_passage__order__gte=OuterRef("selection__passage__order"),
    )
    author_teaches = Membership.objects.filter(
        group_id=OuterRef("group_id"), user_id=OuterRef("author_id"), role__in=TEACHING_ROLES
    )
    featured = Featured.objects.filter(assignment__seminar_id__in=studied)
    return (
        Q(Exists(covering))
        & ~Q(Exists(author_teaches))
        & ~Q(author=user)
        & ~Q(pk__in=featured.values("annotation_id"))
    )


# Anonymity ---------------------------------------------------------------------------------


def _student_numbers(group_id: int) -> dict[int, int]:
    """{student id: N} for "Student N" in a seminar: numbered by joining order."""
    students = (
        Membership.objects.filter(group_id=group_id, role=STUDENT)
        .order_by("joined", "pk")
        .values_list("user_id", flat=True)
    )
    return {user_id: n for n, user_id in enumerate(students, start=1)}


def _anonymous_ranges(viewer: User) -> dict:
    """{group id: ([(edition id, first order, last order)], {student id: number})} for the
    seminars where `viewer` is a student and an assignment hides names."""
    seminar_ids = list(
        Membership.objects.filter(
            user=viewer, role=STUDENT, group__seminar__isnull=False
        ).values_list("group_id", flat=True)
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
        numbers.update(_student_numbers(group_id))
    return result


def peer_pseudonym(annotation, viewer, memo: dict) -> dict | None:
    """The W3C creator "Student N" when `viewer` is a student peer of the author on the
    range of an anonymous assignment; None otherwise. `memo` is a dict kept for one
    response (the serializer context), so that each response costs a few queries at most."""
    if viewer is None or not viewer.is_authenticated:
        return None
    # Read once per response, whatever the first item is, so that the query count of a
    # list does not depend on its content.
    if "seminars_anonymous" not in memo:
        memo["seminars_anonymous"] = _anonymous_ranges(viewer)
    if annotation.group_id is None or annotation.author_id == viewer.pk:
        return None
    ranges, numbers = memo["seminars_anonymous"].get(annotation.group_id, ((), {}))
    number = numbers.get(annotation.author_id)
    if number is None:
        return None
    order = annotation.passage.order
    if not any(e == annotation.edition_id and lo <= order <= hi for e, lo, hi in ranges):
        return None
    return {"type": "Person", "nickname": f"student-{number}", "name": f"Student {number}"}


def anonymised_by_assignments(viewer: User) -> Q:
    """A Q over Annotation matching what `peer_pseudonym` names "Student N" for `viewer`:
    other students' items on the range of an anonymous assignment of a seminar `viewer`
    studies in. Built without running a query."""
    studied = Membership.objects.filter(user=viewer, role=STUDENT).values("group_id")
    covering = Assignment.objects.filter(
        anonymous=True,
        seminar_id__in=studied,
        seminar_id=OuterRef("group_id"),
        edition_id=OuterRef("edition_id"),
        start_passage__order__lte=OuterRef("selection__passage__order"),
        end_passage__order__gte=OuterRef("selection__passage__order"),
    )
    author_studies = Membership.objects.filter(
        group_id=OuterRef("group_id"), user_id=OuterRef("author_id"), role=STUDENT
    )
    return Q(Exists(covering)) & Q(Exists(author_studies)) & ~Q(author=viewer)


def pseudonym_map(assignment: Assignment) -> dict[int, str]:
    """{student id: "Student N"} for a seminar, numbered as `peer_pseudonym` numbers them."""
    numbers = _student_numbers(assignment.seminar_id)
    return {user_id: f"Student {n}" for user_id, n in numbers.items()}


# Routing -----------------------------------------------------------------------------------


def assignment_routes(user: User, passages: list[tuple[str, int]], edition_id: int) -> dict:
    """{passage anchor: Assignment} for the given (anchor, order) pairs of one edition:
    the open assignment of a seminar where `user` is a student whose range covers the
    passage (the one due first when several do). One query."""
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


def route_label(assignment: Assignment) -> str:
    """What the editor says: "Goes to <seminar>: <assignment>"."""
    return f"Goes to {assignment.seminar.group.name}: {assignment.title}"

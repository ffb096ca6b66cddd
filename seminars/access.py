"""Who may see and do what in a seminar. The only place seminar permissions are decided.

Non-members get 404 for a seminar's pages, so that ids reveal nothing; members without the
role an action needs get 403. What assignments hide from students in the annotation
permission layer (`Annotation.objects.visible_to`) is the audience backend's, in
seminars/audience.py.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404

from accounts.models import User
from groups.models import Membership
from seminars.models import (
    INSTRUCTOR,
    STUDENT,
    TEACHING_ROLES,
    Assignment,
    Seminar,
)


def get_membership_for_user(
    user: User, seminar_pk: int, *, teach: bool = False, instruct: bool = False
) -> Membership:
    """The user's membership of seminar `seminar_pk` (404 for non-members).

    `teach` needs an instructor or teaching assistant, `instruct` an instructor (403).
    The membership's `group.seminar` is loaded.
    """
    if not user.is_authenticated:
        raise Http404("No such seminar.")
    membership = (
        Membership.objects.of(user)
        .select_related("group__seminar")
        .filter(group_id=seminar_pk, group__seminar__isnull=False)
        .first()
    )
    if membership is None:
        raise Http404("No such seminar.")
    if teach and membership.role not in TEACHING_ROLES:
        raise PermissionDenied("Only the seminar's instructors and assistants may do this.")
    if instruct and membership.role != INSTRUCTOR:
        raise PermissionDenied("Only the seminar's instructors may do this.")
    return membership


def get_assignment_for_user(user: User, pk: int, **kwargs) -> tuple[Assignment, Membership]:
    """Assignment `pk` of a seminar `user` belongs to, and the membership (404 otherwise).

    Keyword arguments are those of `get_membership_for_user`.
    """
    assignment = (
        Assignment.objects.select_related(
            "seminar__group", "edition__work", "start_passage__section", "end_passage__section"
        )
        .filter(pk=pk)
        .first()
    )
    if assignment is None:
        raise Http404("No such assignment.")
    membership = get_membership_for_user(user, assignment.seminar_id, **kwargs)
    return assignment, membership


def get_student(seminar: Seminar, user_pk: int) -> User:
    """A student of `seminar` (404 for anyone else)."""
    membership = (
        Membership.objects.in_group(seminar.pk)
        .with_role(STUDENT)
        .select_related("user")
        .filter(user_id=user_pk)
        .first()
    )
    if membership is None:
        raise Http404("No such student.")
    return membership.user


def can_edit_rubric(membership: Membership) -> bool:
    """Instructors; teaching assistants only when the seminar allows it."""
    if membership.role == INSTRUCTOR:
        return True
    if membership.role in TEACHING_ROLES:
        return membership.group.seminar.assistants_edit_rubric
    return False


def can_see_names(membership: Membership) -> bool:
    return membership.role in TEACHING_ROLES


def is_teaching(membership: Membership) -> bool:
    return membership.role in TEACHING_ROLES


def target_seminars_for_copy(user: User):
    """Seminars `user` instructs: where an assignment may be copied to."""
    return Seminar.objects.filter(
        group__memberships__user=user, group__memberships__role=INSTRUCTOR
    ).select_related("group")


# Assignments ------------------------------------------------------------------------------


def range_q(assignment: Assignment, prefix: str = "") -> Q:
    """A Q over Annotation (or `prefix`-ed relation) for the seminar's work on the range."""
    return Q(
        **{
            f"{prefix}group_id": assignment.seminar_id,
            f"{prefix}edition_id": assignment.edition_id,
            f"{prefix}selection__passage__order__gte": assignment.start_passage.order,
            f"{prefix}selection__passage__order__lte": assignment.end_passage.order,
        }
    )

"""Who may see and manage which group. The only place group permissions are decided.

Non-members get 404 for a group's pages, so that group ids reveal nothing.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from accounts.models import Membership, ReadingGroup, User


def get_membership_for_user(
    user: User, group_pk: int, *, manage: bool = False, own: bool = False
) -> Membership:
    """The user's membership of group `group_pk`: 404 for non-members.

    `manage` needs an owner or moderator; `own` needs an owner (403 otherwise).
    """
    if not user.is_authenticated:
        raise Http404("No such group.")
    membership = (
        Membership.objects.select_related("group").filter(user=user, group_id=group_pk).first()
    )
    if membership is None:
        raise Http404("No such group.")
    if manage and not membership.can_manage:
        raise PermissionDenied("Only the group's owners and moderators may do this.")
    if own and membership.role != Membership.Role.OWNER:
        raise PermissionDenied("Only the group's owners may do this.")
    return membership


def can_see_members(membership: Membership) -> bool:
    """Members of a reading group see each other; a seminar's roster is for its teaching
    staff (owners and moderators) only, as on the seminar's own pages."""
    if membership.group.kind != ReadingGroup.Kind.SEMINAR:
        return True
    return membership.can_manage


def get_group_for_user(user: User, group_pk: int, **kwargs) -> ReadingGroup:
    return get_membership_for_user(user, group_pk, **kwargs).group

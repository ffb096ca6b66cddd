"""Who may see, manage and share with which group. The only place group rules are decided.

Non-members get 404 for a group's pages, so that group ids reveal nothing; members without
the role an action needs get 403.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from accounts.models import User
from groups.models import Membership, ReadingGroup


def get_membership_for_user(
    user: User, group_pk: int, *, manage: bool = False, own: bool = False
) -> Membership:
    """The user's membership of group `group_pk`: 404 for non-members.

    `manage` needs an owner or moderator; `own` needs an owner (403 otherwise).
    """
    membership = (
        Membership.objects.of(user).select_related("group").filter(group_id=group_pk).first()
    )
    if membership is None:
        raise Http404("No such group.")
    if manage and not membership.can_manage:
        raise PermissionDenied("Only the group's owners and moderators may do this.")
    if own and membership.role != Membership.Role.OWNER:
        raise PermissionDenied("Only the group's owners may do this.")
    return membership


def get_group_for_user(user: User, group_pk: int, **kwargs) -> ReadingGroup:
    """The group `group_pk`; keyword arguments are those of `get_membership_for_user`."""
    return get_membership_for_user(user, group_pk, **kwargs).group


def get_group_export_for_user(user: User, group_pk: int) -> ReadingGroup:
    """A group whose annotations `user` may export: owners only; 404 for non-members."""
    membership = get_membership_for_user(user, group_pk)
    if membership.role != Membership.Role.OWNER:
        raise PermissionDenied("Only the group's owners may export its annotations.")
    return membership.group


def can_see_members(membership: Membership) -> bool:
    """Members of a reading group see each other; a seminar's roster is for its teaching
    staff (owners and moderators) only, as on the seminar's own pages."""
    if membership.group.kind != ReadingGroup.Kind.SEMINAR:
        return True
    return membership.can_manage


def can_share_with_group(user: User, group: ReadingGroup) -> bool:
    """Whether `user` may make an annotation visible to `group`: members only."""
    return Membership.objects.of(user).in_group(group.pk).exists()


def managed_group_ids(user: User) -> list[int]:
    """Groups `user` manages as owner or moderator, and so whose content they moderate."""
    return list(Membership.objects.of(user).managing().group_ids())


def manages_group(user: User, group_id: int | None) -> bool:
    """Whether `user` is an owner or moderator of group `group_id` (False for no group)."""
    if group_id is None:
        return False
    return Membership.objects.of(user).in_group(group_id).managing().exists()

"""Group workflows: create a group, invite by code, join, leave, change roles."""

from __future__ import annotations

import secrets
from datetime import datetime

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from accounts.models import User
from groups.models import GroupInvite, Membership, ReadingGroup


class GroupError(Exception):
    """A group change that the group's rules forbid; the message is for the user."""


@transaction.atomic
def group_create(
    *, creator: User, name: str, description: str = "", kind: str = ReadingGroup.Kind.READING
) -> ReadingGroup:
    """Create a group whose first member and owner is `creator`."""
    group = ReadingGroup.objects.create(
        name=name, description=description, kind=kind, created_by=creator
    )
    Membership.objects.create(group=group, user=creator, role=Membership.Role.OWNER)
    return group


def invite_create(
    *, group: ReadingGroup, creator: User, expires_at: datetime | None = None
) -> GroupInvite:
    """A new join code for `group`; it works until revoked or `expires_at`."""
    return GroupInvite.objects.create(
        group=group, created_by=creator, expires_at=expires_at, code=secrets.token_urlsafe(12)
    )


def invite_revoke(*, invite: GroupInvite) -> None:
    if invite.revoked_at is None:
        invite.revoked_at = timezone.now()
        invite.save(update_fields=["revoked_at"])


@transaction.atomic
def invite_accept(*, invite: GroupInvite, user: User) -> Membership:
    """Make `user` a member through `invite`; already-members keep their role."""
    if not invite.is_usable:
        raise GroupError("This invitation has expired or been revoked.")
    membership, created = Membership.objects.get_or_create(
        group=invite.group, user=user, defaults={"role": invite.role}
    )
    if created:
        GroupInvite.objects.filter(pk=invite.pk).update(uses=F("uses") + 1)
    return membership


def _other_owners(membership: Membership) -> bool:
    owners = Membership.objects.in_group(membership.group_id).with_role(Membership.Role.OWNER)
    return owners.exclude(pk=membership.pk).exists()


@transaction.atomic
def membership_leave(*, membership: Membership) -> None:
    """Leave a group. The last owner must first make someone else owner."""
    if membership.role == Membership.Role.OWNER and not _other_owners(membership):
        raise GroupError("You are the group's only owner: make another member owner first.")
    membership.delete()


@transaction.atomic
def membership_set_role(*, membership: Membership, role: str) -> Membership:
    """Change a member's role; a group always keeps at least one owner."""
    if role not in Membership.Role.values:
        raise GroupError("Unknown role.")
    demoting_owner = membership.role == Membership.Role.OWNER and role != Membership.Role.OWNER
    if demoting_owner and not _other_owners(membership):
        raise GroupError("A group needs an owner: make another member owner first.")
    membership.role = role
    membership.save(update_fields=["role"])
    return membership

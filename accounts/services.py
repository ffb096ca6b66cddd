"""Account and group workflows: sign-up, profile, API tokens, groups, invites, roles."""

from __future__ import annotations

import secrets
from datetime import datetime

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from rest_framework.authtoken.models import Token

from accounts.models import GroupInvite, Membership, ReadingGroup, User


class GroupError(Exception):
    """A group change that the group's rules forbid; the message is for the user."""


def user_create(*, username: str, password: str, email: str = "", display_name: str = "") -> User:
    """Create an active reader account with a hashed password."""
    return User.objects.create_user(
        username=username, password=password, email=email, display_name=display_name
    )


def profile_update(*, user: User, display_name: str, email: str) -> User:
    user.display_name, user.email = display_name, email
    user.save(update_fields=["display_name", "email"])
    return user


def token_create(*, user: User) -> Token:
    """Return a fresh API token for `user`, replacing any previous one."""
    with transaction.atomic():
        Token.objects.filter(user=user).delete()
        return Token.objects.create(user=user)


def token_revoke(*, user: User) -> None:
    Token.objects.filter(user=user).delete()


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
    return (
        Membership.objects.filter(group_id=membership.group_id, role=Membership.Role.OWNER)
        .exclude(pk=membership.pk)
        .exists()
    )


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

"""Suspensions of a user's posting, in one group or site-wide, logged like decisions."""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from accounts.models import User
from annotations.moderation import notify
from annotations.moderation.models import ModerationEvent, Reason, Sanction
from groups.models import ReadingGroup

SANCTION_DAYS_MAX = 365


class SanctionError(ValueError):
    """A suspension the rules do not allow; the message says why."""


def posting_suspension(*, user: User, group: ReadingGroup | None) -> Sanction | None:
    """The active suspension that stops `user` posting publicly (site-wide ones) or in
    `group` (site-wide or that group's), if any."""
    scope = Q(group__isnull=True)
    if group is not None:
        scope |= Q(group=group)
    return Sanction.objects.active().filter(scope, user=user).order_by("-ends").first()


@transaction.atomic
def sanction_create(
    *,
    user: User,
    moderator: User,
    group: ReadingGroup | None,
    days: int,
    reason: str,
    note: str = "",
) -> Sanction:
    """Suspend `user`'s posting for `days` (1 to 365); logged as a ModerationEvent."""
    if user.pk == moderator.pk:
        raise SanctionError("You cannot suspend yourself.")
    if not 1 <= days <= SANCTION_DAYS_MAX:
        raise SanctionError(f"days: between 1 and {SANCTION_DAYS_MAX}")
    if reason not in Reason.values or reason == Reason.FINE:
        raise SanctionError("reason: off_topic, abusive, spam, copyright or other")
    now = timezone.now()
    sanction = Sanction.objects.create(
        user=user,
        group=group,
        moderator=moderator,
        reason=reason,
        note=note,
        starts=now,
        ends=now + timedelta(days=days),
    )
    event = ModerationEvent.objects.create(
        moderator=moderator,
        subject=user,
        group=group,
        action=ModerationEvent.Action.SUSPEND,
        reason=reason,
        note=f"{days} days. {note}".strip(),
    )
    transaction.on_commit(lambda: notify.sanction_changed(event_id=event.pk))
    return sanction


@transaction.atomic
def sanction_lift(*, sanction: Sanction, moderator: User, note: str = "") -> ModerationEvent:
    if sanction.lifted_at is not None:
        raise SanctionError("This suspension was lifted already.")
    sanction.lifted_at = timezone.now()
    sanction.save(update_fields=["lifted_at"])
    event = ModerationEvent.objects.create(
        moderator=moderator,
        subject=sanction.user,
        group=sanction.group,
        action=ModerationEvent.Action.LIFT,
        reason=sanction.reason,
        note=note,
    )
    transaction.on_commit(lambda: notify.sanction_changed(event_id=event.pk))
    return event

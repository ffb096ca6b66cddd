"""Notifications about moderation: decisions (to the author and the flaggers), appeals
and suspensions.

Each function takes ids and is run by `transaction.on_commit` from a service, so it reads
committed rows and nothing is sent for a change that was rolled back.
"""

from __future__ import annotations

from accounts.models import User
from annotations.moderation.models import Appeal, ModerationEvent
from notifications.models import Notification
from notifications.services import notification_send


def _what(annotation) -> str:
    return "reply" if annotation.is_reply else "annotation"


def decision_made(*, event_id: int, flagger_ids: list[int]) -> None:
    """Tell the author the outcome and reason, and each flagger the outcome of their flag."""
    event = (
        ModerationEvent.objects.select_related("annotation", "moderator", "subject")
        .filter(pk=event_id)
        .first()
    )
    if event is None:
        return
    annotation = event.annotation
    url = annotation.get_absolute_url() + f"#a-{annotation.pk}"
    reason = event.get_reason_display()
    if event.action == ModerationEvent.Action.APPROVE and flagger_ids:
        # Its author never heard of the flag: "approved" alone would read as a riddle.
        text = (
            f"A reader flagged your {_what(annotation)} for moderators; a moderator "
            f"kept it as it is (reason: {reason})."
        )
    else:
        text = (
            f"A moderator’s decision on your {_what(annotation)}: "
            f"{event.get_action_display().lower()} (reason: {reason})."
        )
    if event.note:
        text += f" “{event.note[:200]}”"
    if event.is_appealable:
        text += " You may appeal once."
    notification_send(
        recipient=event.subject,
        actor=event.moderator,
        url=url,
        kind=Notification.Kind.MODERATION,
        text=text,
    )
    for flagger in User.objects.filter(pk__in=flagger_ids):
        notification_send(
            recipient=flagger,
            actor=event.moderator,
            url=url,
            kind=Notification.Kind.FLAG_OUTCOME,
            text=f"The {_what(annotation)} you flagged was reviewed: "
            f"{event.get_action_display().lower()}.",
        )


def appeal_filed(*, appeal_id: int) -> None:
    """Tell the moderator whose decision is appealed (another moderator decides)."""
    appeal = Appeal.objects.select_related("event__moderator", "author").get(pk=appeal_id)
    if appeal.event.moderator is not None:
        notification_send(
            recipient=appeal.event.moderator,
            actor=appeal.author,
            kind=Notification.Kind.APPEAL,
            url="/moderation/?show=appeals",
            text=f"{appeal.author.get_display_name()} appealed your decision; "
            "another moderator will decide.",
        )


def appeal_decided(*, appeal_id: int) -> None:
    """Both sides are told: the author, and the moderator whose decision was appealed."""
    appeal = Appeal.objects.select_related(
        "event__moderator", "event__annotation", "author", "decided_by"
    ).get(pk=appeal_id)
    annotation = appeal.event.annotation
    url = annotation.get_absolute_url() + f"#a-{annotation.pk}"
    outcome = appeal.get_status_display().lower()
    note = f" “{appeal.decision_note[:200]}”" if appeal.decision_note else ""
    notification_send(
        recipient=appeal.author,
        actor=appeal.decided_by,
        url=url,
        kind=Notification.Kind.APPEAL,
        text=f"Your appeal was decided: {outcome}.{note}",
    )
    if appeal.event.moderator is not None:
        notification_send(
            recipient=appeal.event.moderator,
            actor=appeal.decided_by,
            url=url,
            kind=Notification.Kind.APPEAL,
            text=f"An appeal of your decision was decided: {outcome}.{note}",
        )


def sanction_changed(*, event_id: int) -> None:
    event = ModerationEvent.objects.select_related("subject", "group").get(pk=event_id)
    where = f"in {event.group.name}" if event.group_id else "on Lectio"
    text = (
        f"Your posting {where} was suspended ({event.get_reason_display()}): {event.note}"
        if event.action == ModerationEvent.Action.SUSPEND
        else f"Your suspension {where} was lifted."
    )
    notification_send(
        recipient=event.subject,
        actor=event.moderator,
        url="/notifications/",
        kind=Notification.Kind.SANCTION,
        text=text,
    )

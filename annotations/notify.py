"""Notifications about annotations: replies, @mentions, moderation outcomes, appeals.

Each function takes ids and is run by `transaction.on_commit` from a service, so it reads
committed rows and nothing is sent for a change that was rolled back.
"""

from __future__ import annotations

import re

from accounts.models import User
from annotations.audience import shown_author_name
from notifications.models import Notification
from notifications.services import notification_send

MENTION = re.compile(r"(?<![\w@])@([\w.+-]{1,150})")


def _annotation(pk: int):
    from annotations.models import Annotation

    return (
        Annotation.objects.select_related("author", "parent__author", "passage")
        .filter(pk=pk)
        .first()
    )


def _what(annotation) -> str:
    return "reply" if annotation.is_reply else "annotation"


def mentioned_usernames(body: str) -> set[str]:
    return {name.rstrip(".") for name in MENTION.findall(body)}


def published(*, annotation_id: int) -> None:
    """A new item is visible to others: tell the parent's author and those it mentions
    (only readers who can see it)."""
    from annotations.models import Annotation

    annotation = _annotation(annotation_id)
    if annotation is None or annotation.status != Annotation.Status.APPROVED:
        return
    url = annotation.get_absolute_url() + f"#a-{annotation.pk}"
    told = {annotation.author_id}
    if annotation.parent is not None and annotation.parent.author_id not in told:
        who = shown_author_name(annotation, annotation.parent.author)
        notification_send(
            recipient=annotation.parent.author,
            actor=annotation.author,
            kind=Notification.Kind.REPLY,
            url=url,
            text=f"{who} replied to your {_what(annotation.parent)}.",
        )
        told.add(annotation.parent.author_id)
    for user in User.objects.filter(username__in=mentioned_usernames(annotation.body)):
        if user.pk in told:
            continue
        if Annotation.objects.visible_to(user).filter(pk=annotation.pk).exists():
            who = shown_author_name(annotation, user)
            notification_send(
                recipient=user,
                actor=annotation.author,
                url=url,
                kind=Notification.Kind.MENTION,
                text=f"{who} mentioned you in an {_what(annotation)}.",
            )
            told.add(user.pk)


def decision_made(*, event_id: int, flagger_ids: list[int]) -> None:
    """Tell the author the outcome and reason, and each flagger the outcome of their flag."""
    from annotations.models import ModerationEvent

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
    from annotations.models import Appeal

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
    from annotations.models import Appeal

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
    from annotations.models import ModerationEvent

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

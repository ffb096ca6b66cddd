"""Notifications about annotations: replies and @mentions (moderation's are in
annotations/moderation/notify.py).

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
        Annotation.objects.select_related("author", "parent__author", "selection__passage")
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

    def sees(user) -> bool:  # e.g. an assignment's peer rule may hide the item from them
        return Annotation.objects.visible_to(user).filter(pk=annotation.pk).exists()

    parent = annotation.parent
    if parent is not None and parent.author_id not in told and sees(parent.author):
        who = shown_author_name(annotation, parent.author)
        notification_send(
            recipient=parent.author,
            actor=annotation.author,
            kind=Notification.Kind.REPLY,
            url=url,
            text=f"{who} replied to your {_what(parent)}.",
        )
        told.add(parent.author_id)
    for user in User.objects.filter(username__in=mentioned_usernames(annotation.body)):
        if user.pk in told:
            continue
        if sees(user):
            who = shown_author_name(annotation, user)
            notification_send(
                recipient=user,
                actor=annotation.author,
                url=url,
                kind=Notification.Kind.MENTION,
                text=f"{who} mentioned you in an {_what(annotation)}.",
            )
            told.add(user.pk)

"""Holds: what puts a new public or group item in the queue before others see it.

A spam signal (many links, the same body on other passages, a burst of posts), a group
that pre-moderates, or an author's first public posts hold the item for a moderator;
nothing is dropped.
"""

from __future__ import annotations

import re
from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from accounts.models import User
from annotations.models import Annotation
from annotations.moderation.models import GroupModeration, ModerationEvent, Reason
from groups.models import ReadingGroup

Status = Annotation.Status

DUPLICATE_WINDOW = 200
LINK = re.compile(r"https?://|www\.", re.IGNORECASE)


def link_count(body: str) -> int:
    return len(LINK.findall(body))


def normalised(body: str) -> str:
    return " ".join(body.lower().split())


def spam_signal(*, author, body: str, passage_id: int) -> str:
    """A short description of the first matching signal, or "" for none."""
    links = link_count(body)
    if links >= settings.MODERATION_MAX_LINKS:
        return f"{links} links"
    text = normalised(body)
    if len(text) >= settings.MODERATION_DUPLICATE_MIN_LENGTH:
        # The author's latest posts elsewhere, compared with whitespace and case ignored.
        others = (
            Annotation.objects.filter(author=author)
            .exclude(selection__passage_id=passage_id)
            .order_by("-created")
            .values_list("body", flat=True)[:DUPLICATE_WINDOW]
        )
        if any(normalised(other) == text for other in others):
            return "the same text on another passage"
    since = timezone.now() - timedelta(seconds=settings.MODERATION_BURST_SECONDS)
    recent = Annotation.objects.filter(
        author=author, created__gte=since, visibility=Annotation.Visibility.PUBLIC
    ).count()
    if recent >= settings.MODERATION_BURST_POSTS:
        return f"{recent + 1} posts within {settings.MODERATION_BURST_SECONDS} seconds"
    return ""


def hold_reason(
    *, author: User, body: str, passage_id: int, visibility: str, group: ReadingGroup | None
) -> tuple[str, str]:
    """(reason code, note) when a new public or group item must wait for a moderator:
    the item looks like spam (public items), the group pre-moderates, or the author is new
    (public items); else ("", "").
    """
    if visibility == Annotation.Visibility.PRIVATE:
        return "", ""
    # Groups are invited circles with their own moderators: spam signals watch public posts.
    public = visibility == Annotation.Visibility.PUBLIC
    signal = spam_signal(author=author, body=body, passage_id=passage_id) if public else ""
    if signal:
        return Reason.SPAM, f"Spam signal: {signal}."
    if group is not None and GroupModeration.objects.filter(group=group, premoderate=True).exists():
        return Reason.OTHER, "The group pre-moderates new posts."
    first = getattr(settings, "MODERATION_FIRST_POSTS", 0)
    if visibility == Annotation.Visibility.PUBLIC and first and not author.is_staff:
        published = Annotation.objects.filter(
            author=author, status=Status.APPROVED, visibility=Annotation.Visibility.PUBLIC
        ).count()
        if published < first:
            return Reason.OTHER, f"A new account's first {first} public posts are reviewed."
    return "", ""


def annotation_hold(*, annotation: Annotation, reason: str, note: str) -> ModerationEvent:
    """Record that a new item (saved as pending) waits for a moderator."""
    return ModerationEvent.objects.create(
        annotation=annotation,
        moderator=None,
        subject_id=annotation.author_id,
        group_id=annotation.group_id,
        action=ModerationEvent.Action.HOLD,
        old_status="",
        new_status=Status.PENDING,
        reason=reason,
        note=note,
    )


def group_premoderation_set(*, group: ReadingGroup, premoderate: bool) -> GroupModeration:
    settings_row, _ = GroupModeration.objects.update_or_create(
        group=group, defaults={"premoderate": premoderate}
    )
    return settings_row

"""Spam signals on a new public or group item: many links, the same body on other
passages, a burst of posts. A match holds the item for a moderator; nothing is dropped."""

from __future__ import annotations

import re
from datetime import timedelta

from django.conf import settings
from django.utils import timezone

DUPLICATE_WINDOW = 200
LINK = re.compile(r"https?://|www\.", re.IGNORECASE)


def link_count(body: str) -> int:
    return len(LINK.findall(body))


def normalised(body: str) -> str:
    return " ".join(body.lower().split())


def spam_signal(*, author, body: str, passage_id: int) -> str:
    """A short description of the first matching signal, or "" for none."""
    from annotations.models import Annotation

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

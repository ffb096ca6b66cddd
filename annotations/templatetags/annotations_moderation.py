"""Pieces of the moderation queue: an item in its passage's context, its hold, its appeal."""

from datetime import timedelta

from django import template
from django.utils import timezone
from django.utils.html import format_html
from django.utils.timesince import timesince

from annotations.moderation.access import is_moderator
from annotations.moderation.models import Appeal, ModerationEvent

register = template.Library()
CONTEXT_CHARS = 200


@register.simple_tag
def passage_context(annotation) -> str:
    """The passage text around the item's quote, with the quote marked."""
    text = annotation.passage.text
    start, end = annotation.selector_start, annotation.selector_end
    if start is None or end is None or end > len(text):
        return text[: CONTEXT_CHARS * 2] + ("…" if len(text) > CONTEXT_CHARS * 2 else "")
    before = text[max(0, start - CONTEXT_CHARS) : start]
    after = text[end : end + CONTEXT_CHARS]
    return format_html(
        "{}{}<mark>{}</mark>{}{}",
        "…" if start > CONTEXT_CHARS else "",
        before,
        text[start:end],
        after,
        "…" if end + CONTEXT_CHARS < len(text) else "",
    )


@register.simple_tag
def hold_note(annotation) -> str:
    event = (
        ModerationEvent.objects.filter(annotation=annotation, action=ModerationEvent.Action.HOLD)
        .order_by("-created")
        .first()
    )
    return event.note if event else "awaiting approval"


@register.simple_tag
def open_appeal(annotation):
    return (
        Appeal.objects.select_related("event__moderator")
        .filter(event__annotation=annotation, status=Appeal.Status.OPEN)
        .first()
    )


@register.filter
def waited(since) -> str:
    """How long an item has waited, in words: "waiting 3 hours", "arrived just now"."""
    if since is None:
        return ""
    if timezone.now() - since < timedelta(minutes=1):
        return "arrived just now"
    return f"waiting {timesince(since)}"


@register.filter
def get_item(mapping, key):
    return mapping.get(key, {}) if mapping else {}


@register.filter
def moderates_anything(user) -> bool:
    """For the header's Moderation link."""
    return is_moderator(user)


@register.filter
def shows_body_to(annotation, user) -> bool:
    """Whether `user` sees the item's body, or a "hidden by a moderator" placeholder."""
    return annotation.shows_body_to(user)

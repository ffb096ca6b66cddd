"""Configuration for the in-page annotation UI of section pages (static/js/annotate.js)."""

import json

from django import template
from django.conf import settings
from django.urls import NoReverseMatch, reverse

from annotations import audience
from edition.models import Passage
from groups.models import ReadingGroup

register = template.Library()

ANCHOR_PLACEHOLDER = "__anchor__"


@register.simple_tag
def reader_groups(user) -> list[dict]:
    """The reading groups of `user` as {"id", "name"} dicts (none when anonymous)."""
    return list(ReadingGroup.objects.for_user(user).order_by("name", "pk").values("id", "name"))


@register.simple_tag
def reader_assignments(user, section) -> dict:
    """{anchor: {"group", "assignment", "label"}} for the passages of `section` where a
    note by `user` goes to a group by default (annotations/audience.py `default_shares`;
    "assignment" is the share's key, e.g. a seminar assignment's id)."""
    if not user.is_authenticated:
        return {}
    passages = Passage.objects.filter(section=section, retired=False).values_list("anchor", "order")
    shares = audience.default_shares(user=user, edition_id=section.edition_id, passages=passages)
    return {
        anchor: {"group": s.group_id, "assignment": s.key, "label": s.label}
        for anchor, s in shares.items()
    }


@register.filter
def reader_json(value) -> str:
    """`value` as JSON, for a data- attribute (the template escapes it)."""
    return json.dumps(value, ensure_ascii=False)


@register.simple_tag
def reader_passage_iri(edition) -> str:
    """The IRI of a passage of `edition`, with `__anchor__` where the anchor goes."""
    path = reverse("edition:passage", kwargs={"slug": edition.slug, "anchor": ANCHOR_PLACEHOLDER})
    return settings.SITE_URL + path


@register.simple_tag
def reader_api_url() -> str:
    """The annotation container's URL (the W3C API), or its documented path."""
    try:
        return reverse("api:annotations")
    except NoReverseMatch:
        return "/api/annotations/"

"""The W3C Web Annotation JSON, in and out. The only place that JSON is built or read."""

from __future__ import annotations

from urllib.parse import urlparse

from django.conf import settings
from django.urls import Resolver404, resolve, reverse
from rest_framework import serializers

from annotations import audience
from annotations.iris import url_formats
from annotations.models import Annotation
from annotations.moderation.access import can_moderate
from annotations.moderation.models import Reason
from annotations.provenance import version_bodies, version_extension
from groups.access import managed_group_ids

ANNO_CONTEXT = "http://www.w3.org/ns/anno.jsonld"
LDP_CONTEXT = "http://www.w3.org/ns/ldp.jsonld"
PREFER_MINIMAL = "http://www.w3.org/ns/ldp#PreferMinimalContainer"
PREFER_IRIS = "http://www.w3.org/ns/oa#PreferContainedIRIs"
PREFER_DESCRIPTIONS = "http://www.w3.org/ns/oa#PreferContainedDescriptions"
PLACEHOLDER_TEXT = "Hidden by a moderator."


def annotation_context() -> list:
    lectio = {"@id": f"{settings.SITE_URL}/api/ns/lectio#lectio", "@type": "@json"}
    return [ANNO_CONTEXT, {"lectio": lectio}]


def _absolute(path: str) -> str:
    return settings.SITE_URL + path


def annotation_iri(pk: int) -> str:
    return _absolute(reverse("api:annotation", kwargs={"pk": pk}))


class AnnotationOutputSerializer(serializers.BaseSerializer):
    """An Annotation row as W3C JSON-LD. Context: `user` (for `mine`), `embedded` (no
    @context on annotations inside a page or collection)."""

    def to_representation(self, a: Annotation) -> dict:
        data = {} if self.context.get("embedded") else {"@context": annotation_context()}
        urls = url_formats(self.context)
        data.update(
            {
                "id": urls.annotation.fill(pk=a.pk),
                "type": "Annotation",
                "motivation": a.motivation,
                "created": a.created.isoformat(),
                "modified": a.modified.isoformat(),
            }
        )
        data["creator"] = audience.creator(a, self.context.get("user"), self.context)
        # A placeholder ("hidden by a moderator") carries no body at all, and targets its
        # passages without the quote, as pages and exports show it.
        full = a.shows_body_to(self.context.get("user"))
        bodies = self._bodies(a) if full else []
        if bodies:
            data["body"] = bodies
        data["target"] = self._target(a) if full else self._passages_only(a)
        data["lectio"] = self._lectio(a)
        return data

    def _bodies(self, a: Annotation) -> list[dict]:
        bodies = []
        if a.body:
            purpose = "replying" if a.is_reply else "commenting"
            bodies.append(
                {
                    "type": "TextualBody",
                    "purpose": purpose,
                    "format": "text/markdown",
                    "value": a.body,
                }
            )
        bodies += [{"type": "TextualBody", "purpose": "tagging", "value": t} for t in a.tags]
        bodies += version_bodies(a)  # a suggested correction's proposed text
        return bodies

    def _target(self, a: Annotation):
        urls = url_formats(self.context)
        if a.is_reply:
            return urls.annotation.fill(pk=a.parent_id)
        slug = a.edition.slug
        if not a.selectors:
            return {"source": urls.passage.fill(slug=slug, anchor=a.passage.anchor)}
        targets = [
            {
                "source": urls.passage.fill(slug=slug, anchor=p["passage"]),
                "selector": [
                    {
                        "type": "TextQuoteSelector",
                        "exact": p["exact"],
                        "prefix": p["prefix"],
                        "suffix": p["suffix"],
                    },
                    {"type": "TextPositionSelector", "start": p["start"], "end": p["end"]},
                ],
            }
            for p in a.selectors
        ]
        return targets[0] if len(targets) == 1 else targets

    def _passages_only(self, a: Annotation):
        urls = url_formats(self.context)
        if a.is_reply:
            return urls.annotation.fill(pk=a.parent_id)
        slug = a.edition.slug
        targets = [
            {"source": urls.passage.fill(slug=slug, anchor=anchor)} for anchor in a.passage_anchors
        ]
        return targets[0] if len(targets) == 1 else targets

    def _moderates(self, a: Annotation) -> bool:
        """Whether the viewer may moderate `a` (their moderated groups read once)."""
        user = self.context.get("user")
        if user is None:
            return False
        if user.is_authenticated and "_managed" not in self.context:
            self.context["_managed"] = managed_group_ids(user)
        return can_moderate(user, a, managed=self.context.get("_managed"))

    def _moderation(self, a: Annotation, user) -> dict | None:
        """What the author is told about moderation of their item."""
        if not (user and user.is_authenticated and user.pk == a.author_id):
            return None
        if a.status == Annotation.Status.APPROVED and not a.status_event_id:
            return None
        appeal = getattr(a, "appeal_status", None)
        appealable = a.is_placeholder_status and a.status_event_id is not None and appeal is None
        return {
            "status": a.status,
            "statusLabel": a.get_status_display(),
            "reason": a.status_reason,
            "reasonLabel": Reason(a.status_reason).label if a.status_reason else "",
            "note": a.status_note,
            "appealable": appealable,
            "appeal": appeal,
            "appealUrl": url_formats(self.context).appeal.fill(pk=a.pk),
        }

    def _flag(self, a: Annotation) -> dict | None:
        reason = getattr(a, "my_flag_reason", None)
        if not reason:
            return None
        return {"reason": reason, "outcome": getattr(a, "my_flag_outcome", "") or "open"}

    def _lectio(self, a: Annotation) -> dict:
        user = self.context.get("user")
        group = {"id": a.group.pk, "name": a.group.name} if a.group_id else None
        if not a.shows_body_to(user):
            return self._placeholder(a, group)
        return {
            "bodyHtml": a.body_html,
            "tags": a.tags,
            "visibility": a.visibility,
            "group": group,
            "edition": a.edition.slug,
            "editionVersion": a.edition_version,
            "section": a.passage.section.slug,
            "passages": a.passage_anchors,
            "anchorState": a.anchor_state,
            "status": a.status,
            "deleted": a.deleted,
            "parent": a.parent_id,
            "root": a.root_id,
            "replyCount": getattr(a, "reply_total", None),
            "mine": bool(user and user.is_authenticated and user.pk == a.author_id),
            "permalink": url_formats(self.context).permalink.fill(pk=a.pk),
            "discussion": url_formats(self.context).discussion.fill(pk=a.pk),
            **version_extension(a, self.context),  # suggestion, correctedSince, citation
            "placeholder": False,
            "locked": a.locked,
            "version": a.version,
            "moderation": self._moderation(a, user),
            "myFlag": self._flag(a),
            "canModerate": self._moderates(a),
        }

    def _placeholder(self, a: Annotation, group) -> dict:
        """A hidden item as others see it (docs/moderation.md): where it was and that a
        moderator hid it; no body, tags, quote, suggestion or moderation details."""
        return {
            "bodyHtml": "",
            "tags": [],
            "visibility": a.visibility,
            "group": group,
            "edition": a.edition.slug,
            "editionVersion": a.edition_version,
            "section": a.passage.section.slug,
            "passages": a.passage_anchors,
            "anchorState": a.anchor_state,
            "status": a.status,
            "deleted": a.deleted,
            "parent": a.parent_id,
            "root": a.root_id,
            "replyCount": getattr(a, "reply_total", None),
            "mine": False,
            "permalink": url_formats(self.context).permalink.fill(pk=a.pk),
            "discussion": url_formats(self.context).discussion.fill(pk=a.pk),
            "placeholder": True,
            "placeholderText": PLACEHOLDER_TEXT,
            "locked": a.locked,
            "version": a.version,
            "moderation": None,
            "myFlag": self._flag(a),
            "canModerate": self._moderates(a),
        }


def _items(annotations, *, iris_only: bool, user) -> list:
    context = {"user": user, "embedded": True}
    if iris_only:
        iri = url_formats(context).annotation
        return [iri.fill(pk=a.pk) for a in annotations]
    if user is not None and user.is_authenticated:
        context["_managed"] = set(managed_group_ids(user))  # one query, however many items
    return AnnotationOutputSerializer(annotations, many=True, context=context).data


def page_json(
    *,
    annotations,
    page_iri,
    container_iri,
    total,
    start_index,
    prev_iri,
    next_iri,
    user,
    iris_only=False,
    embedded=False,
) -> dict:
    """An AnnotationPage: standalone (with @context and partOf) or embedded as `first`."""
    data = {} if embedded else {"@context": ANNO_CONTEXT}
    data.update({"id": page_iri, "type": "AnnotationPage"})
    if not embedded:
        data["partOf"] = {"id": container_iri, "total": total}
    data["startIndex"] = start_index
    if prev_iri:
        data["prev"] = prev_iri
    if next_iri:
        data["next"] = next_iri
    data["items"] = _items(annotations, iris_only=iris_only, user=user)
    return data


def container_json(
    *, container_iri, total, first_iri, last_iri, first_page: dict | None, label: str = ""
) -> dict:
    """The container: `first` is the embedded first page, or its IRI (minimal container)."""
    data = {
        "@context": [ANNO_CONTEXT, LDP_CONTEXT],
        "id": container_iri,
        "type": ["BasicContainer", "AnnotationCollection"],
        "total": total,
    }
    if label:
        data["label"] = label
    data["first"] = first_page if first_page is not None else first_iri
    data["last"] = last_iri
    return data


def collection_json(*, annotations, label: str, user) -> dict:
    """A whole collection in one document, for exports."""
    items = _items(annotations, iris_only=False, user=user)
    return {
        "@context": annotation_context(),
        "type": "AnnotationCollection",
        "label": label,
        "total": len(items),
        "first": {"type": "AnnotationPage", "startIndex": 0, "items": items},
    }


# Input -------------------------------------------------------------------------------------


def _resolve_iri(iri: str):
    try:
        return resolve(urlparse(iri).path)
    except Resolver404:
        return None


def _as_list(value) -> list:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _editing_text(raw) -> str | None:
    """The proposed text of a suggested correction: the body with purpose "editing"."""
    found = [
        item.get("value")
        for item in _as_list(raw)
        if isinstance(item, dict) and item.get("purpose") == "editing"
    ]
    if len(found) > 1 or (found and not isinstance(found[0], str)):
        raise serializers.ValidationError("body: at most one editing body, with a string value")
    return found[0] if found else None


class AnnotationInputSerializer(serializers.Serializer):
    """Reads a W3C annotation sent by a client into plain values:
    `body`, `tags`, `motivation`, `visibility`, `group_id`, and `reply_to` (an annotation
    id) or `pieces` (a list of {edition, anchor, start, end, exact, prefix, suffix})."""

    motivation = serializers.CharField(required=False, default="")
    body = serializers.JSONField(required=False, default=None)
    target = serializers.JSONField(required=False, default=None)
    lectio = serializers.DictField(required=False, default=dict)

    def validate(self, attrs):
        body, tags = self._body(attrs["body"])
        lectio = attrs["lectio"]
        extra_tags = lectio.get("tags", [])
        if not isinstance(extra_tags, list):
            raise serializers.ValidationError("lectio.tags: must be a list of strings")
        group = lectio.get("group")
        if isinstance(group, dict):
            group = group.get("id")
        if group is not None and not (isinstance(group, int) and not isinstance(group, bool)):
            raise serializers.ValidationError("lectio.group: must be a group id")
        result = {
            "body": body,
            "tags": tags + [str(t) for t in extra_tags],
            "motivation": attrs["motivation"] or "",
            "visibility": lectio.get("visibility"),
            "group_id": group,
        }
        result["replacement"] = _editing_text(attrs["body"])
        if self.context.get("with_target", True):
            result.update(self._target(attrs["target"], result["motivation"]))
        return result

    def _body(self, raw) -> tuple[str, list[str]]:
        texts, tags = [], []
        for item in _as_list(raw):
            if isinstance(item, dict) and item.get("purpose") == "editing":
                continue  # read by _editing_text
            if isinstance(item, str):
                texts.append(item)
                continue
            if not isinstance(item, dict) or not isinstance(item.get("value", ""), str):
                raise serializers.ValidationError("body: TextualBody objects with a string value")
            if item.get("purpose") == "tagging":
                tags.append(item.get("value", ""))
            else:
                texts.append(item.get("value", ""))
        if len(texts) > 1:
            raise serializers.ValidationError("body: at most one text body")
        return (texts[0] if texts else ""), tags

    def _target(self, raw, motivation: str) -> dict:
        if isinstance(raw, str) or motivation == "replying":
            match = _resolve_iri(raw) if isinstance(raw, str) else None
            if match is None or match.view_name not in {"api:annotation", "annotations:detail"}:
                raise serializers.ValidationError(
                    "target: a reply's target must be the IRI of an annotation"
                )
            return {"reply_to": match.kwargs["pk"]}
        items = _as_list(raw)
        if not items:
            raise serializers.ValidationError("target: required")
        return {"pieces": [self._piece(item) for item in items]}

    def _piece(self, item) -> dict:
        if not isinstance(item, dict) or not isinstance(item.get("source"), str):
            raise serializers.ValidationError("target: each target needs a source IRI")
        match = _resolve_iri(item["source"])
        if match is None or match.view_name != "edition:passage":
            raise serializers.ValidationError("target: source is not a passage IRI")
        piece = {"edition": match.kwargs["slug"], "anchor": match.kwargs["anchor"]}
        for selector in _as_list(item.get("selector")):
            piece.update(self._selector(selector))
        return piece

    def _selector(self, selector) -> dict:
        kind = selector.get("type") if isinstance(selector, dict) else None
        if kind == "TextPositionSelector":
            return {"start": selector.get("start"), "end": selector.get("end")}
        if kind == "TextQuoteSelector":
            values = {k: selector.get(k) for k in ("exact", "prefix", "suffix")}
            if not all(v is None or isinstance(v, str) for v in values.values()):
                raise serializers.ValidationError("TextQuoteSelector: values must be strings")
            return values
        raise serializers.ValidationError(
            "target: selectors must be TextQuoteSelector or TextPositionSelector"
        )

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
LDP_NS = "http://www.w3.org/ns/ldp#"
PREFER_MINIMAL = "http://www.w3.org/ns/ldp#PreferMinimalContainer"
PREFER_IRIS = "http://www.w3.org/ns/oa#PreferContainedIRIs"
PREFER_DESCRIPTIONS = "http://www.w3.org/ns/oa#PreferContainedDescriptions"
PLACEHOLDER_TEXT = "Hidden by a moderator."
# Passages one annotation may span: each is read and checked, so a target of thousands
# would cost the server before anything could be refused.
TARGET_PIECES_MAX = 50

# W3C properties a client may send that Lectio keeps and serves back unchanged.
KEPT_PROPERTIES = (
    "canonical",
    "via",
    "rights",
    "generator",
    "language",
    "textDirection",
    "audience",
)
# Motivations of the W3C vocabulary that Lectio treats as commenting, and serves back as sent.
OTHER_MOTIVATIONS = {
    "assessing",
    "bookmarking",
    "classifying",
    "describing",
    "identifying",
    "linking",
    "moderating",
    "questioning",
    "tagging",
}


def annotation_context() -> list:
    lectio = {"@id": f"{settings.SITE_URL}/api/ns/lectio#lectio", "@type": "@json"}
    return [ANNO_CONTEXT, {"lectio": lectio}]


def container_context() -> list:
    """The annotation context and the one LDP term a container uses, given inline: every
    context a response names is shipped (api/ns/anno.jsonld), none needs the network."""
    anno, local = annotation_context()
    return [anno, {**local, "ldp": LDP_NS, "BasicContainer": "ldp:BasicContainer"}]


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
                "motivation": a.w3c.get("motivation", a.motivation),
                "created": a.created.isoformat(),
                "modified": a.modified.isoformat(),
            }
        )
        data.update({key: a.w3c[key] for key in KEPT_PROPERTIES if key in a.w3c})
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
    # The lectio term too, so that the items' extension data survives expansion.
    data = {} if embedded else {"@context": annotation_context()}
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
        "@context": container_context(),
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


def _kept(data) -> dict:
    kept = {key: data[key] for key in KEPT_PROPERTIES if isinstance(data, dict) and key in data}
    for key in ("canonical", "via"):
        if key in kept and not isinstance(kept[key], str):
            raise serializers.ValidationError(f"{key}: must be an IRI")
    if kept.get("textDirection", "ltr") not in {"ltr", "rtl", "auto"}:
        raise serializers.ValidationError("textDirection: must be ltr, rtl or auto")
    return kept


def _in_section_page(source: str, selectors: list) -> tuple[str, list]:
    """The passage a client annotating the section page names, and the text selectors
    within it: a FragmentSelector `p-<anchor>` refined by them (or `#p-<anchor>` in the
    source) scopes them to the passage element, whose text content is the passage text."""
    fragments = [
        s for s in selectors if isinstance(s, dict) and s.get("type") == "FragmentSelector"
    ]
    if len(fragments) == 1 and str(fragments[0].get("value", "")).startswith("p-"):
        return fragments[0]["value"][2:], _as_list(fragments[0].get("refinedBy"))
    fragment = urlparse(source).fragment
    if not fragments and fragment.startswith("p-"):
        return fragment[2:], selectors
    raise serializers.ValidationError(
        "target: on a section page, name the passage with a FragmentSelector p-<anchor> "
        "refined by the text selectors"
    )


class AnnotationInputSerializer(serializers.Serializer):
    """Reads a W3C annotation sent by a client into plain values:
    `body`, `tags`, `motivation`, `visibility`, `group_id`, and `reply_to` (an annotation
    id) or `pieces` (a list of {edition, anchor, start, end, exact, prefix, suffix})."""

    id = serializers.CharField(required=False, default=None)
    motivation = serializers.CharField(required=False, default="")
    body = serializers.JSONField(required=False, default=None)
    bodyValue = serializers.CharField(required=False, default=None, allow_blank=True)  # noqa: N815
    target = serializers.JSONField(required=False, default=None)
    lectio = serializers.DictField(required=False, default=dict)

    def validate(self, attrs):
        if attrs["bodyValue"] is not None:
            if attrs["body"] not in (None, []):
                raise serializers.ValidationError("bodyValue: send either body or bodyValue")
            attrs["body"] = attrs["bodyValue"]  # the model's shorthand for one plain text body
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
        motivation, w3c = attrs["motivation"] or "", _kept(self.initial_data)
        if motivation in OTHER_MOTIVATIONS:
            motivation, w3c["motivation"] = "commenting", motivation
        result = {
            "body": body,
            "tags": tags + [str(t) for t in extra_tags],
            "motivation": motivation,
            "visibility": lectio.get("visibility"),
            "group_id": group,
            "client_id": attrs["id"],
            "w3c": w3c,
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
        match = _resolve_iri(raw) if isinstance(raw, str) else None
        if match is not None and match.view_name == "edition:passage":
            if motivation == "replying":
                raise serializers.ValidationError(
                    "target: a reply's target must be the IRI of an annotation"
                )
            return {"pieces": [self._piece(raw)]}  # a passage's IRI: the whole passage
        if isinstance(raw, str) or motivation == "replying":
            if match is None or match.view_name not in {"api:annotation", "annotations:detail"}:
                raise serializers.ValidationError(
                    "target: a reply's target must be the IRI of an annotation "
                    "and any other target the IRI of a passage"
                )
            return {"reply_to": match.kwargs["pk"]}
        items = _as_list(raw)
        if not items:
            raise serializers.ValidationError("target: required")
        if len(items) > TARGET_PIECES_MAX:
            raise serializers.ValidationError(
                f"target: at most {TARGET_PIECES_MAX} passages in one annotation"
            )
        return {"pieces": [self._piece(item) for item in items]}

    def _piece(self, item) -> dict:
        if isinstance(item, str):
            item = {"source": item}
        if not isinstance(item, dict) or not isinstance(item.get("source"), str):
            raise serializers.ValidationError("target: each target needs a source IRI")
        match = _resolve_iri(item["source"])
        selectors = _as_list(item.get("selector"))
        if match is not None and match.view_name == "edition:section":
            anchor, selectors = _in_section_page(item["source"], selectors)
            piece = {"edition": match.kwargs["slug"], "anchor": anchor}
        elif match is not None and match.view_name == "edition:passage":
            piece = {"edition": match.kwargs["slug"], "anchor": match.kwargs["anchor"]}
        else:
            raise serializers.ValidationError("target: source is not a passage IRI")
        kinds = set()
        for selector in selectors:
            kind = selector.get("type") if isinstance(selector, dict) else None
            if kind in kinds:
                raise serializers.ValidationError(f"target: one {kind} per target")
            kinds.add(kind)
            piece.update(self._selector(selector))
        return piece

    def _selector(self, selector) -> dict:
        kind = selector.get("type") if isinstance(selector, dict) else None
        if kind == "TextPositionSelector":
            start, end = selector.get("start"), selector.get("end")
            if not all(isinstance(v, int) and not isinstance(v, bool) for v in (start, end)):
                raise serializers.ValidationError(
                    "TextPositionSelector: start and end must be integers"
                )
            return {"start": start, "end": end}
        if kind == "TextQuoteSelector":
            values = {k: selector.get(k) for k in ("exact", "prefix", "suffix")}
            if not all(v is None or isinstance(v, str) for v in values.values()):
                raise serializers.ValidationError("TextQuoteSelector: values must be strings")
            return values
        raise serializers.ValidationError(
            "target: selectors must be TextQuoteSelector or TextPositionSelector"
        )

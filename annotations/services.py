"""Annotation workflows: create, reply, edit, delete, and re-anchor after text changes."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from accounts.models import User
from annotations import moderation, notify
from annotations.models import Annotation, AnnotationRevision
from annotations.rendering import markdown_to_html
from annotations.sanctions import posting_suspension
from annotations.selectors import SelectorError, TargetPiece, piece_reanchor, pieces_validate
from edition.models import Passage
from groups.access import can_share_with_group
from groups.models import ReadingGroup

BODY_MAX = 20_000
TAGS_MAX = 20
TAG_MAX = 50


class AnnotationError(ValueError):
    """Input an annotation cannot have; the message names the problem (a 400)."""


class PostingNotAllowed(AnnotationError):
    """The author may not post here now: suspended, or the thread is locked (a 403)."""


def _check_may_post(author: User, visibility: str, group: ReadingGroup | None) -> None:
    if visibility == Annotation.Visibility.PRIVATE:
        return  # private notes reach nobody else
    suspension = posting_suspension(user=author, group=group)
    if suspension is not None:
        where = f"in {suspension.group.name}" if suspension.group_id else "on Lectio"
        raise PostingNotAllowed(
            f"Your posting {where} is suspended until {suspension.ends:%d %b %Y, %H:%M} UTC "
            f"({suspension.get_reason_display()}). Private notes are still possible."
        )


def _hold_if_needed(annotation: Annotation) -> None:
    """Save a new item as pending, with its hold event, when it must wait for a moderator;
    tell those it concerns once it is published."""
    reason, note = moderation.hold_reason(
        author=annotation.author,
        body=annotation.body,
        passage_id=annotation.passage_id,
        visibility=annotation.visibility,
        group=annotation.group,
    )
    if reason:
        annotation.status = Annotation.Status.PENDING
    annotation.save()
    if reason:
        moderation.annotation_hold(annotation=annotation, reason=reason, note=note)
    else:
        transaction.on_commit(lambda: notify.published(annotation_id=annotation.pk))


def _clean_tags(tags) -> list[str]:
    cleaned = []
    for tag in tags:
        tag = " ".join(str(tag).split()).lower()
        if len(tag) > TAG_MAX or "|" in tag:
            raise AnnotationError(f"tags: a tag is at most {TAG_MAX} characters, without '|'")
        if tag and tag not in cleaned:
            cleaned.append(tag)
    if len(cleaned) > TAGS_MAX:
        raise AnnotationError(f"tags: at most {TAGS_MAX}")
    return cleaned


def _check_body(body: str) -> None:
    if len(body) > BODY_MAX:
        raise AnnotationError(f"body: longer than {BODY_MAX} characters")


def _check_visibility(author: User, visibility: str, group: ReadingGroup | None) -> None:
    if visibility not in Annotation.Visibility.values:
        raise AnnotationError("lectio.visibility: must be private, group or public")
    if visibility == Annotation.Visibility.GROUP and group is None:
        raise AnnotationError("lectio.group: a group annotation needs a group")
    if group is not None and not can_share_with_group(author, group):
        raise AnnotationError("lectio.group: not a group of yours")


def _set_body(annotation: Annotation, body: str, tags: list[str]) -> None:
    annotation.body, annotation.body_html = body, markdown_to_html(body)
    annotation.tags = tags
    annotation.tag_index = "|" + "|".join(tags) + "|" if tags else ""


def _revision(annotation: Annotation, editor: User) -> AnnotationRevision:
    return AnnotationRevision.objects.create(
        annotation=annotation,
        editor=editor,
        body=annotation.body,
        tags=annotation.tags,
        visibility=annotation.visibility,
        deleted=annotation.deleted,
    )


def _selection(pieces: list[TargetPiece]) -> dict:
    first = pieces[0].passage
    section_passages = []
    if len(pieces) > 1:
        section_passages = list(
            Passage.objects.reading()
            .filter(section_id=first.section_id)
            .order_by("order")
            .only("pk")
        )
    stored = pieces_validate(pieces, section_passages)
    return {
        "passage": first,
        "end_passage": pieces[-1].passage if len(pieces) > 1 else None,
        "selectors": stored,
        **selection_columns(stored),
    }


def selection_columns(stored: list[dict]) -> dict:
    """The queryable selector columns of a stored selection (see Annotation.selectors)."""
    if not stored:
        return {
            "selector_exact": "",
            "selector_prefix": "",
            "selector_suffix": "",
            "selector_start": None,
            "selector_end": None,
        }
    return {
        "selector_exact": "\n".join(p["exact"] for p in stored),
        "selector_prefix": stored[0]["prefix"],
        "selector_suffix": stored[-1]["suffix"],
        "selector_start": stored[0]["start"],
        "selector_end": stored[-1]["end"],
    }


@transaction.atomic
def annotation_create(
    *,
    author: User,
    pieces: list[TargetPiece],
    body: str = "",
    tags: list[str] = (),
    motivation: str = Annotation.Motivation.COMMENTING,
    visibility: str = Annotation.Visibility.PRIVATE,
    group: ReadingGroup | None = None,
) -> Annotation:
    """Annotate one passage, part of it, or a range over adjacent passages of a section.

    Raises AnnotationError (SelectorError included) naming the problem; writes nothing then.
    """
    if motivation not in Annotation.Motivation.values or motivation == "replying":
        raise AnnotationError("motivation: must be commenting, highlighting or editing")
    _check_body(body)
    _check_visibility(author, visibility, group)
    if visibility != Annotation.Visibility.GROUP:
        group = None
    _check_may_post(author, visibility, group)
    try:
        selection = _selection(pieces)
    except SelectorError as e:
        raise AnnotationError(str(e))
    passage = selection["passage"]
    annotation = Annotation(
        author=author,
        edition_id=passage.edition_id,
        motivation=motivation,
        visibility=visibility,
        group=group,
        edition_version=passage.edition.version,
        **selection,
    )
    _set_body(annotation, body, _clean_tags(tags))
    _hold_if_needed(annotation)
    _revision(annotation, author)
    return annotation


@transaction.atomic
def reply_create(
    *, author: User, parent: Annotation, body: str, tags: list[str] = ()
) -> Annotation:
    """Reply to `parent` (which `author` can see). The reply joins the parent's thread and
    shares its root's passages, visibility and group. Raises PostingNotAllowed when the
    thread is locked or the author suspended; the reply may be held for moderation."""
    _check_body(body)
    if not body.strip():
        raise AnnotationError("body: a reply needs text")
    if parent.deleted:
        raise AnnotationError("target: cannot reply to a deleted annotation")
    if parent.status != Annotation.Status.APPROVED:
        raise PostingNotAllowed("target: only published annotations can be replied to")
    root = parent.root or parent
    if Annotation.objects.filter(pk=root.pk, locked=True).exists():
        raise PostingNotAllowed("target: a moderator locked this thread; no new replies")
    _check_may_post(author, root.visibility, root.group)
    reply = Annotation(
        author=author,
        edition_id=root.edition_id,
        passage_id=root.passage_id,
        end_passage_id=root.end_passage_id,
        parent=parent,
        root=root,
        motivation=Annotation.Motivation.REPLYING,
        visibility=root.visibility,
        group_id=root.group_id,
        edition_version=root.edition_version,
    )
    _set_body(reply, body, _clean_tags(tags))
    _hold_if_needed(reply)
    _revision(reply, author)
    return reply


def _hold_if_shared_anew(annotation: Annotation, visibility: str, group, fields: list) -> None:
    """A private note made public or shared with a group passes the same holds as a new
    post (else pre-moderation could be skipped by posting privately first)."""
    if annotation.visibility != Annotation.Visibility.PRIVATE:
        return
    if annotation.status != Annotation.Status.APPROVED:
        return
    reason, note = moderation.hold_reason(
        author=annotation.author,
        body=annotation.body,
        passage_id=annotation.passage_id,
        visibility=visibility,
        group=group,
    )
    if reason:
        annotation.status = Annotation.Status.PENDING
        fields.append("status")
        moderation.annotation_hold(annotation=annotation, reason=reason, note=note)


@transaction.atomic
def annotation_update(
    *,
    annotation: Annotation,
    editor: User,
    body: str,
    tags: list[str] = (),
    visibility: str | None = None,
    group: ReadingGroup | None = None,
) -> Annotation:
    """Replace body and tags, and for a thread's root its visibility (the thread follows).
    Keeps the new state as a revision."""
    _check_body(body)
    fields = ["body", "body_html", "tags", "tag_index", "version", "modified"]
    _set_body(annotation, body, _clean_tags(tags))
    annotation.version += 1
    if visibility is not None and not annotation.is_reply:
        _check_visibility(editor, visibility, group)
        _check_may_post(editor, visibility, group)
        _hold_if_shared_anew(annotation, visibility, group, fields)
        annotation.visibility = visibility
        annotation.group = group if visibility == Annotation.Visibility.GROUP else None
        fields += ["visibility", "group"]
        Annotation.objects.filter(root=annotation).update(
            visibility=annotation.visibility, group=annotation.group, modified=timezone.now()
        )
    annotation.save(update_fields=fields)
    _revision(annotation, editor)
    return annotation


@transaction.atomic
def annotation_delete(*, annotation: Annotation, editor: User) -> bool:
    """Delete an annotation. With replies it stays as an empty tombstone ("deleted by its
    author") so that the thread survives; returns True when the row is really gone."""
    if annotation.replies.exists():
        _set_body(annotation, "", [])
        annotation.deleted = True
        annotation.version += 1
        annotation.save(
            update_fields=[
                "body",
                "body_html",
                "tags",
                "tag_index",
                "deleted",
                "version",
                "modified",
            ]
        )
        _revision(annotation, editor)
        return False
    parent = annotation.parent
    annotation.delete()
    # A tombstone whose last reply went is no longer needed.
    while parent is not None and parent.deleted and not parent.replies.exists():
        grandparent = parent.parent
        parent.delete()
        parent = grandparent
    return True


_STATE_RANK = {
    Annotation.AnchorState.OK: 0,
    Annotation.AnchorState.MOVED: 1,
    Annotation.AnchorState.CHANGED: 2,
    Annotation.AnchorState.ORPHANED: 3,
}


def annotations_touching(passage: Passage):
    """Annotations whose selection includes `passage` (replies excluded)."""
    return Annotation.objects.touching(passage).filter(
        root__isnull=True, selector_start__isnull=False
    )


@transaction.atomic
def annotations_reanchor(*, passage: Passage, old_text: str) -> dict[str, int]:
    """Re-anchor the annotations on `passage` after its text changed from `old_text` to
    `passage.text`. Nothing is deleted: what cannot be found is marked orphaned.

    Call after saving the new text. Returns counts by resulting state of the changed piece.
    """
    counts = {"ok": 0, "moved": 0, "orphaned": 0}
    if old_text == passage.text:
        return counts
    changed, now = [], timezone.now()
    for annotation in annotations_touching(passage).select_for_update(of=("self",)):
        pieces, state = list(annotation.selectors), Annotation.AnchorState.OK
        for i, piece in enumerate(pieces):
            if piece["passage_id"] == passage.pk:
                pieces[i], state = piece_reanchor(piece, old_text, passage.text)
                counts[state] += 1
        annotation.selectors = pieces
        for name, value in selection_columns(pieces).items():
            setattr(annotation, name, value)
        if _STATE_RANK[state] > _STATE_RANK[annotation.anchor_state]:
            annotation.anchor_state = state
        annotation.edition_version = passage.edition.version
        annotation.modified = now
        changed.append(annotation)
    Annotation.objects.bulk_update(
        changed,
        [
            "selectors",
            "selector_exact",
            "selector_prefix",
            "selector_suffix",
            "selector_start",
            "selector_end",
            "anchor_state",
            "edition_version",
            "modified",
        ],
    )
    return counts


def annotations_reanchor_many(*, changes: list[tuple[Passage, str]]) -> dict[str, int]:
    """`annotations_reanchor` for each (passage, old_text) pair; one query when the
    editions hold no annotations (the common case of a first or unannotated ingest)."""
    counts = {"ok": 0, "moved": 0, "orphaned": 0}
    editions = {passage.edition_id for passage, _ in changes}
    if not changes or not Annotation.objects.filter(edition_id__in=editions).exists():
        return counts
    for passage, old_text in changes:
        for state, n in annotations_reanchor(passage=passage, old_text=old_text).items():
            counts[state] += n
    return counts


def annotations_orphan(*, passages: list[Passage]) -> int:
    """Mark the annotations on `passages` (retired from the text) orphaned. Returns how many."""
    ids = [p.pk for p in passages]
    if not ids:
        return 0
    touching = Annotation.objects.filter(
        Q(passage_id__in=ids) | Q(end_passage_id__in=ids), root__isnull=True
    )
    return touching.exclude(anchor_state=Annotation.AnchorState.ORPHANED).update(
        anchor_state=Annotation.AnchorState.ORPHANED, modified=timezone.now()
    )

"""Annotation workflows: create, reply, edit, delete, and put an orphan back on the text."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from annotations import notify
from annotations.models import Annotation, AnnotationRevision
from annotations.moderation import holds
from annotations.moderation.sanctions import posting_suspension
from annotations.rendering import markdown_to_html
from annotations.search import annotations_index_on_commit
from edition.anchoring import (
    SelectorError,
    TargetPiece,
    pieces_validate,
    selection_create,
    selection_reattach,
)
from edition.models import Passage, Reattachment
from edition.suggestions import suggestion_touch, suggestion_withdraw
from groups.access import can_share_with_group
from groups.models import ReadingGroup

BODY_MAX = 20_000
TAGS_MAX = 20
TAG_MAX = 50


class AnnotationError(ValueError):
    """Input an annotation cannot have; the message names the problem (a 400)."""


class AnnotationChanged(AnnotationError):
    """Someone changed the annotation since the editor read it (a 412, or a form error)."""


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
    reason, note = holds.hold_reason(
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
        holds.annotation_hold(annotation=annotation, reason=reason, note=note)
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
    w3c: dict | None = None,
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
        selection = selection_create(pieces=pieces)
    except SelectorError as e:
        raise AnnotationError(str(e))
    annotation = Annotation(
        author=author,
        edition_id=selection.edition_id,
        selection=selection,
        motivation=motivation,
        visibility=visibility,
        group=group,
        w3c=w3c or {},
    )
    _set_body(annotation, body, _clean_tags(tags))
    _hold_if_needed(annotation)
    _revision(annotation, author)
    annotations_index_on_commit(ids=[annotation.pk])
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
    # Locked for the rest of the transaction: a deletion of the parent running at the same
    # time waits for this reply (and then keeps a tombstone), or has already removed it.
    parent = Annotation.objects.select_for_update().filter(pk=parent.pk).first()
    if parent is None:
        raise AnnotationError("target: the annotation was deleted; there is nothing to reply to")
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
        selection_id=root.selection_id,
        parent=parent,
        root=root,
        motivation=Annotation.Motivation.REPLYING,
        visibility=root.visibility,
        group_id=root.group_id,
    )
    _set_body(reply, body, _clean_tags(tags))
    _hold_if_needed(reply)
    _revision(reply, author)
    annotations_index_on_commit(ids=[reply.pk])
    return reply


def _hold_if_moved(annotation: Annotation, fields: list) -> None:
    """An item that reaches a new audience (private to shared, or another group, or
    between a group and the public) passes the same holds as a new post there; else
    pre-moderation, the spam hold and the new-account hold could be skipped by posting
    somewhere else first."""
    if annotation.status != Annotation.Status.APPROVED:
        return
    reason, note = holds.hold_reason(
        author=annotation.author,
        body=annotation.body,
        passage_id=annotation.passage_id,
        visibility=annotation.visibility,
        group=annotation.group,
    )
    if reason:
        annotation.status = Annotation.Status.PENDING
        fields.append("status")
        holds.annotation_hold(annotation=annotation, reason=reason, note=note)


def _check_audience_kept(annotation: Annotation) -> None:
    """Replies by others were written for the thread's audience: it cannot change under
    them (else widening a group thread would publish other members' replies)."""
    others = Annotation.objects.filter(root=annotation).exclude(author_id=annotation.author_id)
    if others.exists():
        raise AnnotationError(
            "lectio.visibility: others have replied in this thread; its audience stays "
            "the one they wrote for"
        )


def _move_audience(
    annotation: Annotation, editor: User, visibility: str, group, fields: list
) -> None:
    _check_visibility(editor, visibility, group)
    group = group if visibility == Annotation.Visibility.GROUP else None
    _check_may_post(editor, visibility, group)
    if (visibility, getattr(group, "pk", None)) == (annotation.visibility, annotation.group_id):
        return
    _check_audience_kept(annotation)
    annotation.visibility, annotation.group = visibility, group
    fields += ["visibility", "group"]
    _hold_if_moved(annotation, fields)
    Annotation.objects.filter(root=annotation).update(
        visibility=annotation.visibility, group=annotation.group, modified=timezone.now()
    )


def _claim_version(annotation: Annotation, seen_version: int | None) -> None:
    """Move the row from the version the editor saw to the next one, in one conditional
    UPDATE: of two edits made from the same version, the second finds none to move (the
    database serialises the two UPDATEs) and fails instead of overwriting the first."""
    seen = annotation.version if seen_version is None else seen_version
    claimed = Annotation.objects.filter(pk=annotation.pk, version=seen).update(version=seen + 1)
    if not claimed:
        raise AnnotationChanged(
            "The annotation changed since you opened it: reload it, then make your edit again."
        )
    annotation.version = seen + 1


@transaction.atomic
def annotation_update(
    *,
    annotation: Annotation,
    editor: User,
    body: str,
    tags: list[str] = (),
    visibility: str | None = None,
    group: ReadingGroup | None = None,
    seen_version: int | None = None,
    w3c: dict | None = None,
) -> Annotation:
    """Replace body and tags, and for a thread's root its visibility (the thread follows,
    unless others have replied: then it stays). Keeps the new state as a revision.

    `seen_version` is the version the editor started from (default: `annotation`'s);
    raises AnnotationChanged when the row has moved on since. `w3c` replaces the kept W3C
    properties, except `canonical` and `via`, which never change once set.
    """
    _check_body(body)
    fields = ["body", "body_html", "tags", "tag_index", "version", "modified"]
    _claim_version(annotation, seen_version)
    if w3c is not None:
        fixed = {k: annotation.w3c[k] for k in ("canonical", "via") if k in annotation.w3c}
        if "canonical" in fixed and w3c.get("canonical", fixed["canonical"]) != fixed["canonical"]:
            raise AnnotationError("canonical: an annotation's canonical IRI never changes")
        annotation.w3c = {**w3c, **fixed}
        fields.append("w3c")
    _set_body(annotation, body, _clean_tags(tags))
    if visibility is not None and not annotation.is_reply:
        _move_audience(annotation, editor, visibility, group, fields)
    annotation.save(update_fields=fields)
    _revision(annotation, editor)
    annotations_index_on_commit(ids=[annotation.pk])
    if annotation.suggestion_id:
        suggestion_touch(suggestion=annotation.suggestion)
    return annotation


def annotation_target_check(*, annotation: Annotation, pieces: list[TargetPiece]) -> None:
    """Refuse a new target for an existing annotation: replies and suggestions share its
    selection, so moving it would move them. The same target (as the anchoring engine
    reads it) passes. Raises AnnotationError."""
    try:
        stored = pieces_validate(pieces, _section_passages(pieces))
    except SelectorError as e:
        raise AnnotationError(str(e))
    same_place = [(p["passage_id"], p["start"], p["end"]) for p in stored] == [
        (p["passage_id"], p["start"], p["end"]) for p in annotation.selectors
    ]
    if not same_place or (not stored and pieces[0].passage.pk != annotation.passage.pk):
        raise AnnotationError(
            "target: the target of an annotation cannot be changed; create a new annotation"
        )


def _section_passages(pieces: list[TargetPiece]) -> list:
    if len(pieces) == 1:
        return []
    return list(
        Passage.objects.reading()
        .filter(section_id=pieces[0].passage.section_id)
        .order_by("order")
        .only("pk")
    )


def _fresh(pk: int | None) -> Annotation | None:
    return Annotation.objects.filter(pk=pk).first() if pk else None


@transaction.atomic
def annotation_delete(*, annotation: Annotation, editor: User) -> bool:
    """Delete an annotation. With replies it stays as an empty tombstone ("deleted by its
    author") so that the thread survives; returns True when the row is really gone. A
    pending correction it proposed is withdrawn. Raises AnnotationChanged when the row
    moved on from the version `annotation` was read at (an edit would be lost unseen)."""
    _claim_version(annotation, None)  # also locks the row until the transaction ends
    if annotation.suggestion_id:
        suggestion_withdraw(suggestion=annotation.suggestion)
    if annotation.replies.exists():
        _set_body(annotation, "", [])
        annotation.deleted = True
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
        annotations_index_on_commit(ids=[annotation.pk])
        return False
    # Read again: the thread may have changed since `annotation` was loaded.
    parent, gone = _fresh(annotation.parent_id), [annotation.pk]
    annotation.delete()
    # A tombstone whose last reply went is no longer needed.
    while parent is not None and parent.deleted and not parent.replies.exists():
        grandparent = _fresh(parent.parent_id)
        gone.append(parent.pk)
        parent.delete()
        parent = grandparent
    annotations_index_on_commit(ids=gone)
    return True


@transaction.atomic
def annotation_reattach(
    *,
    annotation: Annotation,
    user: User,
    passage: Passage,
    start: int,
    end: int,
    score: float | None = None,
) -> Reattachment:
    """Put an orphaned annotation back on `passage` at start..end; its thread follows (it
    shares the selection). Raises AnnotationError for a place outside the edition's text."""
    try:
        return selection_reattach(
            selection=annotation.selection,
            user=user,
            passage=passage,
            start=start,
            end=end,
            score=score,
        )
    except SelectorError as e:
        raise AnnotationError(str(e))

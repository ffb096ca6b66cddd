"""Moderation: `annotation_moderate` and the allowed status transitions, flags, appeals,
and the holds that put new items in the queue. Every change writes a ModerationEvent.

Permission checks are the callers' (see annotations/access.py); these functions enforce
the rules that hold whoever calls them (transitions, one flag per reader, one appeal per
decision, a different moderator decides an appeal, stale decisions are refused).
"""

from __future__ import annotations

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Min

from accounts.models import User
from annotations import notify, spam
from annotations.models import (
    FLAG_REASONS,
    Annotation,
    Appeal,
    Flag,
    GroupModeration,
    ModerationEvent,
    Reason,
)
from groups.models import ReadingGroup

Status = Annotation.Status
Action = ModerationEvent.Action

# action -> (statuses it applies to, resulting status)
TRANSITIONS = {
    Action.APPROVE: ({Status.PENDING, Status.APPROVED}, Status.APPROVED),
    Action.HIDE: ({Status.APPROVED, Status.PENDING}, Status.HIDDEN),
    Action.SPAM: ({Status.APPROVED, Status.PENDING, Status.HIDDEN}, Status.SPAM),
    Action.RESTORE: ({Status.HIDDEN, Status.SPAM}, Status.APPROVED),
}
THREAD_ACTIONS = {Action.LOCK: True, Action.UNLOCK: False}
DECISIONS = [*TRANSITIONS, *THREAD_ACTIONS]
NOTE_MAX = 2000


class ModerationError(ValueError):
    """A decision, flag or appeal the rules do not allow; the message says why (400)."""


class StaleDecision(ModerationError):
    """The item changed since the moderator loaded it (409); `current` is its new state."""

    def __init__(self, current: Annotation):
        super().__init__(
            "This item changed since you loaded it; its current state is shown. "
            "Decide again if you still want to."
        )
        self.current = current


class DuplicateFlag(ModerationError):
    """The reader flagged this item already (409)."""


def ensure_transition_allowed(action: str, annotation: Annotation) -> str:
    """The status `action` leads to from the annotation's; raises ModerationError."""
    if action in THREAD_ACTIONS:
        if annotation.is_reply:
            raise ModerationError("Only a thread's first annotation can be locked or unlocked.")
        if annotation.locked is THREAD_ACTIONS[action]:
            raise ModerationError(f"The thread is already {action}ed.")
        return annotation.status
    if action not in TRANSITIONS:
        raise ModerationError(f"Unknown decision {action!r}: one of {', '.join(DECISIONS)}.")
    sources, target = TRANSITIONS[action]
    if annotation.status not in sources:
        raise ModerationError(f"Cannot {action} an item that is {annotation.status}.")
    return target


def _check_reason(reason: str, note: str, choices) -> None:
    if reason not in {value for value, _ in choices}:
        raise ModerationError(f"reason: one of {', '.join(v for v, _ in choices)}")
    if reason == Reason.OTHER and not note.strip():
        raise ModerationError("note: say why when the reason is “other”")
    if len(note) > NOTE_MAX:
        raise ModerationError(f"note: at most {NOTE_MAX} characters")


def _waited_since(annotation: Annotation):
    first_flag = annotation.flags.filter(outcome="").aggregate(t=Min("created"))["t"]
    if annotation.status == Status.PENDING:
        return min(filter(None, [first_flag, annotation.created]))
    return first_flag


@transaction.atomic
def annotation_moderate(
    *,
    annotation: Annotation,
    moderator: User,
    action: str,
    reason: str,
    note: str = "",
    version: int | None,
) -> ModerationEvent:
    """Decide on an annotation or reply: approve, hide, spam, restore, lock or unlock.

    `version` is the `Annotation.version` the moderator saw; if the item changed since,
    raises StaleDecision (nothing written). None skips the check (callers that hold a
    fresh row). Open flags on the item get the outcome; author and flaggers are told.
    """
    current = Annotation.objects.select_for_update().get(pk=annotation.pk)
    if version is not None and current.version != version:
        raise StaleDecision(current)
    _check_reason(reason, note, Reason.choices)
    new_status = ensure_transition_allowed(action, current)
    event = ModerationEvent.objects.create(
        annotation=current,
        moderator=moderator,
        subject_id=current.author_id,
        group_id=current.group_id,
        action=action,
        old_status=current.status,
        new_status=new_status,
        reason=reason,
        note=note,
        waited_since=_waited_since(current),
    )
    fields = ["version", "modified"]
    if action in THREAD_ACTIONS:
        current.locked = THREAD_ACTIONS[action]
        fields.append("locked")
    else:
        was_pending = current.status == Status.PENDING
        current.status, current.status_reason, current.status_note = new_status, reason, note
        current.status_event = event
        fields += ["status", "status_reason", "status_note", "status_event"]
    current.version += 1
    current.save(update_fields=fields)
    flagger_ids = list(current.flags.filter(outcome="").values_list("flagger_id", flat=True))
    current.flags.filter(outcome="").update(outcome=action, resolved_by=event)
    transaction.on_commit(lambda: notify.decision_made(event_id=event.pk, flagger_ids=flagger_ids))
    if action == Action.APPROVE and was_pending:
        transaction.on_commit(lambda: notify.published(annotation_id=current.pk))
    _copy_fields(annotation, current)
    return event


def _copy_fields(target: Annotation, source: Annotation) -> None:
    for name in (
        "status",
        "status_reason",
        "status_note",
        "status_event_id",
        "locked",
        "version",
        "modified",
    ):
        setattr(target, name, getattr(source, name))


def annotations_moderate_many(
    *,
    moderator: User,
    decisions: list[tuple[Annotation, int]],
    action: str,
    reason: str,
    note: str = "",
) -> dict:
    """Bulk decision: each (annotation, version seen) is decided on its own, so one stale
    or not allowed item does not stop the others. Returns {"done", "stale", "refused"}:
    lists of annotation ids."""
    result = {"done": [], "stale": [], "refused": []}
    for annotation, version in decisions:
        try:
            annotation_moderate(
                annotation=annotation,
                moderator=moderator,
                action=action,
                reason=reason,
                note=note,
                version=version,
            )
        except StaleDecision:
            result["stale"].append(annotation.pk)
        except ModerationError:
            result["refused"].append(annotation.pk)
        else:
            result["done"].append(annotation.pk)
    return result


# Flags ------------------------------------------------------------------------------------


def flag_create(*, annotation: Annotation, flagger: User, reason: str, text: str = "") -> Flag:
    """Report an item to its moderators. One flag per reader and item (DuplicateFlag);
    authors cannot flag their own items."""
    _check_reason(reason, text, FLAG_REASONS)
    if annotation.author_id == flagger.pk:
        raise ModerationError("You cannot flag your own annotation.")
    try:
        with transaction.atomic():
            return Flag.objects.create(
                annotation=annotation, flagger=flagger, reason=reason, text=text
            )
    except IntegrityError:
        raise DuplicateFlag("You flagged this already; a moderator will look at it.")


# Appeals ----------------------------------------------------------------------------------


@transaction.atomic
def appeal_create(*, event: ModerationEvent, author: User, text: str) -> Appeal:
    """Appeal a decision (once). Only the item's author, only a hide or spam decision
    that is still the item's latest."""
    annotation = Annotation.objects.filter(pk=event.annotation_id).first()  # fresh state
    if annotation is None or annotation.author_id != author.pk:
        raise ModerationError("Only the author may appeal a decision on their item.")
    if not event.is_appealable or annotation.status_event_id != event.pk:
        raise ModerationError("Only the latest decision hiding an item can be appealed.")
    if not text.strip() or len(text) > NOTE_MAX:
        raise ModerationError(f"text: say why, in at most {NOTE_MAX} characters")
    try:
        with transaction.atomic():
            appeal = Appeal.objects.create(event=event, author=author, text=text)
    except IntegrityError:
        raise ModerationError("This decision was appealed already: one appeal per decision.")
    transaction.on_commit(lambda: notify.appeal_filed(appeal_id=appeal.pk))
    return appeal


@transaction.atomic
def appeal_decide(
    *, appeal: Appeal, moderator: User, overturn: bool, note: str = ""
) -> ModerationEvent:
    """Decide an appeal: overturn (the item is approved again) or uphold. A different
    moderator than the one who made the decision decides; never the author."""
    appeal = Appeal.objects.select_for_update().select_related("event").get(pk=appeal.pk)
    if appeal.status != Appeal.Status.OPEN:
        raise ModerationError("This appeal was decided already.")
    if moderator.pk in (appeal.event.moderator_id, appeal.author_id):
        raise ModerationError("A different moderator must decide this appeal.")
    if len(note) > NOTE_MAX:
        raise ModerationError(f"note: at most {NOTE_MAX} characters")
    annotation = Annotation.objects.select_for_update().get(pk=appeal.event.annotation_id)
    new_status = Status.APPROVED if overturn else annotation.status
    action = Action.APPEAL_OVERTURNED if overturn else Action.APPEAL_UPHELD
    event = ModerationEvent.objects.create(
        annotation=annotation,
        moderator=moderator,
        subject_id=annotation.author_id,
        group_id=annotation.group_id,
        action=action,
        old_status=annotation.status,
        new_status=new_status,
        reason=appeal.event.reason,
        note=note,
        waited_since=appeal.created,
    )
    if overturn:
        annotation.status, annotation.status_reason = new_status, Reason.FINE
        annotation.status_note, annotation.status_event = note, event
        annotation.version += 1
        annotation.save(
            update_fields=[
                "status",
                "status_reason",
                "status_note",
                "status_event",
                "version",
                "modified",
            ]
        )
    appeal.status = Appeal.Status.OVERTURNED if overturn else Appeal.Status.UPHELD
    appeal.decided_by, appeal.decided_at, appeal.decision_note = moderator, event.created, note
    appeal.save(update_fields=["status", "decided_by", "decided_at", "decision_note"])
    transaction.on_commit(lambda: notify.appeal_decided(appeal_id=appeal.pk))
    return event


# Holds: what puts a new item in the queue ------------------------------------------------


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
    signal = spam.spam_signal(author=author, body=body, passage_id=passage_id) if public else ""
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
        action=Action.HOLD,
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

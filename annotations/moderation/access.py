"""Who may moderate what: decide on items, decide appeals, suspend, see the queue and the
staff pages. The only place these rules are decided.

Site staff moderate public content; a group's owners and moderators moderate that group's
content only. Nobody moderates private notes, nor their own items.
"""

from collections.abc import Collection

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404

from accounts.models import User
from annotations.access import get_annotation_for_user
from annotations.models import Annotation
from annotations.moderation.models import Appeal, ModerationEvent, Sanction
from groups.access import managed_group_ids
from groups.models import Membership, ReadingGroup


def moderatable_by(user: User):
    """Every annotation and reply `user` may moderate (their own items included: see
    `can_moderate`, which leaves those out of decisions)."""
    if not user.is_authenticated:
        return Annotation.objects.none()
    scope = Q(visibility=Annotation.Visibility.GROUP, group_id__in=managed_group_ids(user))
    if user.is_staff:
        scope |= Q(visibility=Annotation.Visibility.PUBLIC)
    return Annotation.objects.filter(scope)


def events_seen_by(user: User) -> Q:
    """A Q over ModerationEvent: the events of what `user` moderates (their groups', and
    for staff the public and site-wide ones); an author's record elsewhere is not theirs
    to read."""
    scope = Q(group_id__in=managed_group_ids(user))
    if user.is_staff:
        scope |= Q(group__isnull=True)
    return scope


def is_moderator(user: User) -> bool:
    """Whether `user` moderates anything (for the header's link and the queue page)."""
    if not user.is_authenticated:
        return False
    return user.is_staff or bool(managed_group_ids(user))


def can_moderate(
    user: User, annotation: Annotation, *, managed: Collection[int] | None = None
) -> bool:
    """Whether `user` may decide on `annotation`. `managed`: their `managed_group_ids`,
    when the caller already has them (pages checking many items)."""
    if not user.is_authenticated:
        return False
    if annotation.author_id == user.pk:
        return False
    if annotation.visibility == Annotation.Visibility.PUBLIC:
        return user.is_staff
    if annotation.visibility == Annotation.Visibility.GROUP:
        managed = managed_group_ids(user) if managed is None else managed
        return annotation.group_id in managed
    return False


def get_annotation_for_moderator(user: User, pk: int) -> Annotation:
    """The annotation `pk` if `user` may moderate it: 404 if they cannot see it or it is
    pending (unseen); 403 if they can see it but not moderate it (e.g. their own)."""
    annotation = Annotation.objects.select_related("author", "group").filter(pk=pk).first()
    if annotation is None:
        raise Http404("No such annotation.")
    if can_moderate(user, annotation):
        return annotation
    if not Annotation.objects.visible_to(user).filter(pk=pk).exists():
        raise Http404("No such annotation.")
    raise PermissionDenied("You may not moderate this annotation.")


def can_decide_appeal(user: User, appeal: Appeal) -> bool:
    """Another moderator of the item than the one who decided, and not its author."""
    annotation = appeal.event.annotation
    if not can_moderate(user, annotation):
        return False
    return appeal.event.moderator_id != user.pk


def get_appeal_for_moderator(user: User, pk: int) -> Appeal:
    appeal = (
        Appeal.objects.select_related("event__annotation__author", "event__moderator", "author")
        .filter(pk=pk)
        .first()
    )
    if appeal is None or not can_moderate_or_decided(user, appeal):
        raise Http404("No such appeal.")
    if not can_decide_appeal(user, appeal):
        raise PermissionDenied(
            "A different moderator than the one who decided must decide "
            "this appeal; authors never decide their own."
        )
    return appeal


def can_moderate_or_decided(user: User, appeal: Appeal) -> bool:
    return can_moderate(user, appeal.event.annotation) or appeal.event.moderator_id == user.pk


def get_event_for_appeal(user: User, annotation_pk: int) -> ModerationEvent:
    """The decision `user` may appeal on their annotation `annotation_pk`: its latest one,
    if it hid the item or marked it spam and was not appealed yet (404 / 403 otherwise)."""
    annotation = get_annotation_for_user(user, annotation_pk, queryset=Annotation.objects.all())
    if annotation.author_id != user.pk:
        raise PermissionDenied("Only its author may appeal a decision.")
    event = annotation.status_event
    if event is None or not event.is_appealable:
        raise PermissionDenied("There is no decision to appeal.")
    if Appeal.objects.filter(event=event).exists():
        raise PermissionDenied("This decision was appealed already: one appeal per decision.")
    return event


def can_flag(user: User, annotation: Annotation) -> bool:
    """Signed-in readers flag published items of others (once: see flag_create)."""
    if not user.is_authenticated:
        return False
    if annotation.author_id == user.pk or annotation.deleted:
        return False
    return annotation.status == Annotation.Status.APPROVED


def can_sanction(user: User, group: ReadingGroup | None) -> bool:
    """Site-wide suspensions are for staff; a group's for its owners and moderators."""
    if not user.is_authenticated:
        return False
    if group is None:
        return user.is_staff
    return group.pk in managed_group_ids(user)


def liftable_sanctions(user: User):
    """The active suspensions `user` may see and lift (see `can_sanction`)."""
    if not user.is_authenticated:
        return Sanction.objects.none()
    scope = Q(group_id__in=managed_group_ids(user))
    if user.is_staff:
        scope |= Q(group__isnull=True)
    return Sanction.objects.active().filter(scope)


def get_sanction_for_moderator(user: User, pk: int) -> Sanction:
    """The suspension `pk` if `user` may lift it (see `can_sanction`); 404 otherwise."""
    sanction = Sanction.objects.select_related("group", "user").filter(pk=pk).first()
    if sanction is None or not can_sanction(user, sanction.group):
        raise Http404("No such suspension.")
    return sanction


def get_group_for_moderator(user: User, group_pk: int) -> ReadingGroup:
    group = ReadingGroup.objects.filter(pk=group_pk).first()
    if group is None or not Membership.objects.filter(user=user, group=group).exists():
        raise Http404("No such group.")
    if not can_sanction(user, group):
        raise PermissionDenied("Only the group's owners and moderators may do this.")
    return group


def require_staff(user: User) -> None:
    """Site-wide moderation pages (log, statistics) are for staff only."""
    if not (user.is_authenticated and user.is_staff):
        raise PermissionDenied("Only site staff may see this page.")

"""Who may see and change which annotation. The only place these rules are decided
(moderation's are in annotations/moderation/access.py).

An annotation someone may not see does not exist for them: 404, never 403, and it is left
out of every list, count, thread and export.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from accounts.models import Membership, ReadingGroup, User
from annotations.models import Annotation


def get_annotation_for_user(
    user: User, pk: int, *, write: bool = False, queryset=None
) -> Annotation:
    """The annotation `pk` if `user` may see it (404 otherwise).

    `write` also requires `user` to be its author (403 otherwise: they can see it anyway).
    """
    queryset = queryset if queryset is not None else Annotation.objects.for_output()
    annotation = queryset.visible_to(user).filter(pk=pk).first()
    if annotation is None:
        raise Http404("No such annotation.")
    if write and annotation.author_id != user.pk:
        raise PermissionDenied("Only its author may change this annotation.")
    if write and annotation.deleted:
        raise Http404("No such annotation.")
    return annotation


def can_reply(user: User, parent: Annotation) -> bool:
    """Signed-in readers reply to what they can see, unless the thread is locked or the
    item is not published (pending, hidden, spam)."""
    if not user.is_authenticated or parent.deleted:
        return False
    root = parent.root or parent
    if root.locked:
        return False
    return parent.status == Annotation.Status.APPROVED


def can_share_with_group(user: User, group: ReadingGroup) -> bool:
    """Whether `user` may make an annotation visible to `group`: members only."""
    return Membership.objects.filter(user=user, group=group).exists()


def get_group_export_for_user(user: User, group_pk: int) -> ReadingGroup:
    """A group whose annotations `user` may export: owners only; 404 for non-members."""
    membership = (
        Membership.objects.select_related("group").filter(user=user, group_id=group_pk).first()
        if user.is_authenticated
        else None
    )
    if membership is None:
        raise Http404("No such group.")
    if membership.role != Membership.Role.OWNER:
        raise PermissionDenied("Only the group's owners may export its annotations.")
    return membership.group


def exportable_for_group(user: User, group: ReadingGroup):
    """The group's annotations as its members see them: the author's private notes excluded."""
    return Annotation.objects.visible_to(user).filter(
        group=group, visibility=Annotation.Visibility.GROUP
    )

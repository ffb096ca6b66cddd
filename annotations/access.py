"""Who may see and change which annotation. The only place these rules are decided
(moderation's are in annotations/moderation/access.py).

An annotation someone may not see does not exist for them: 404, never 403, and it is left
out of every list, count, thread and export.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import Http404

from accounts.models import User
from annotations.models import Annotation
from edition.access import editable_editions, is_editor
from edition.models import Edition, Suggestion
from groups.access import manages_group
from groups.models import ReadingGroup


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


# Orphans: annotations whose quoted words are no longer in the text ----------------------


def get_suggestions_for_editor(user: User, pks: list[int]) -> list[Suggestion]:
    """The suggestions `pks`, in that order, for an editor of their editions (404 if any
    one is not theirs to decide)."""
    found = {
        s.pk: s
        for s in suggestions_for_editor(user)
        .select_related("author", "annotation", "edition", "selection__passage__section")
        .filter(pk__in=pks)
    }
    if not set(pks) <= set(found):
        raise Http404("No such suggestion.")
    return [found[pk] for pk in pks]


def can_reattach(user: User, annotation: Annotation) -> bool:
    """Its author, the edition's editors, and the moderators and owners of its group."""
    if not user.is_authenticated:
        return False
    if annotation.author_id == user.pk:
        return True
    if is_editor(user, annotation.edition):
        return True
    return manages_group(user, annotation.group_id)


def orphans_for_user(user: User, edition: Edition, *, limit: int = 50) -> list[Annotation]:
    """The first `limit` orphaned threads of `edition` that `user` may see and re-attach,
    oldest first."""
    orphans = (
        Annotation.objects.visible_to(user)
        .filter(edition=edition, root__isnull=True)
        .orphaned()
        .select_related("author", "selection__passage", "edition", "group")
        .order_by("created")[:limit]
    )
    return [a for a in orphans if can_reattach(user, a)]


def get_orphan_for_user(user: User, pk: int) -> Annotation:
    """An orphaned annotation `user` may re-attach: 404 when unseen, 403 when not theirs."""
    annotation = (
        Annotation.objects.visible_to(user)
        .select_related("edition", "selection__passage")
        .filter(pk=pk, root__isnull=True)
        .first()
    )
    if annotation is None:
        raise Http404("No such annotation.")
    if not can_reattach(user, annotation):
        raise PermissionDenied("Only its author, editors and moderators may re-attach it.")
    return annotation


def exportable_for_group(user: User, group: ReadingGroup):
    """The group's annotations as its members see them: the author's private notes excluded."""
    return Annotation.objects.visible_to(user).filter(
        group=group, visibility=Annotation.Visibility.GROUP
    )


# Suggested corrections and orphans: edition rules plus who may see the annotation -------


def suggestions_for_editor(user: User):
    """Suggestions on the editions `user` edits whose annotation `user` may see (its author
    may have made it private since, or a moderator may hold it)."""
    return Suggestion.objects.filter(
        edition__in=editable_editions(user), annotation__in=Annotation.objects.visible_to(user)
    )


def get_suggestion_for_editor(user: User, pk: int) -> Suggestion:
    """The suggestion `pk` for an editor of its edition (404 for anyone else)."""
    suggestion = (
        suggestions_for_editor(user)
        .select_related("author", "annotation", "edition", "selection__passage__section")
        .filter(pk=pk)
        .first()
    )
    if suggestion is None:
        raise Http404("No such suggestion.")
    if not is_editor(user, suggestion.edition):
        raise Http404("No such suggestion.")
    return suggestion


def write_origin_allowed(request) -> bool:
    """Whether a write through the API may come from the page that sent it: the site itself,
    a client without an Origin (not a browser page), or an origin in ANNOTATION_WRITE_ORIGINS."""
    origin = request.headers.get("Origin")
    if not origin:
        return True
    site = urlsplit(str(settings.SITE_URL))
    own = {f"{request.scheme}://{request.get_host()}", f"{site.scheme}://{site.netloc}"}
    return origin in own or origin in settings.ANNOTATION_WRITE_ORIGINS

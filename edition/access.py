"""Who may edit an edition's text and look after its annotations. Decided only here."""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from accounts.models import User
from annotations.models import Annotation
from edition.models import Edition, EditionRole, Suggestion
from groups.access import manages_group


def is_editor(user: User, edition: Edition) -> bool:
    """Editors of `edition`: site staff, and users granted the editor role on it."""
    if not user.is_authenticated:
        return False
    if user.is_staff:
        return True
    return EditionRole.objects.filter(
        user=user, edition=edition, role=EditionRole.Role.EDITOR
    ).exists()


def editable_editions(user: User):
    """The editions `user` edits (all of them for staff)."""
    if not user.is_authenticated:
        return Edition.objects.none()
    if user.is_staff:
        return Edition.objects.all()
    return Edition.objects.filter(roles__user=user, roles__role=EditionRole.Role.EDITOR)


def get_edition_role_for_staff(user: User, edition: Edition, pk: int) -> EditionRole:
    """An editor role of `edition`, for site staff (404 for anyone else, or another
    edition's role)."""
    role = EditionRole.objects.select_related("user").filter(pk=pk, edition=edition).first()
    if role is None or not (user.is_authenticated and user.is_staff):
        raise Http404("No such editor.")
    return role


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
        .select_related("annotation__author", "edition", "annotation__passage__section")
        .filter(pk=pk)
        .first()
    )
    if suggestion is None:
        raise Http404("No such suggestion.")
    if not is_editor(user, suggestion.edition):
        raise Http404("No such suggestion.")
    return suggestion


def can_accept(user: User, suggestion: Suggestion) -> bool:
    """Editors accept suggestions, but never their own."""
    return is_editor(user, suggestion.edition) and suggestion.annotation.author_id != user.pk


def can_reattach(user: User, annotation: Annotation) -> bool:
    """Its author, the edition's editors, and the moderators and owners of its group."""
    if not user.is_authenticated:
        return False
    if annotation.author_id == user.pk:
        return True
    if is_editor(user, annotation.edition):
        return True
    return manages_group(user, annotation.group_id)


def get_orphan_for_user(user: User, pk: int) -> Annotation:
    """An orphaned annotation `user` may re-attach: 404 when unseen, 403 when not theirs."""
    annotation = (
        Annotation.objects.visible_to(user)
        .select_related("edition", "passage")
        .filter(pk=pk, root__isnull=True)
        .first()
    )
    if annotation is None:
        raise Http404("No such annotation.")
    if not can_reattach(user, annotation):
        raise PermissionDenied("Only its author, editors and moderators may re-attach it.")
    return annotation

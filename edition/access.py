"""Who may edit an edition's text. Decided only here."""

from django.http import Http404

from accounts.models import User
from edition.models import Edition, EditionRole, Suggestion


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


def can_accept(user: User, suggestion: Suggestion) -> bool:
    """Editors accept suggestions, but never their own."""
    return is_editor(user, suggestion.edition) and suggestion.author_id != user.pk

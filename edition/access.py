"""Who may edit and review an edition's text, and manage its editors. Decided only here."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from accounts.models import User
from edition.models import Correction, Edition, EditionRole, FlaggedRegion, Suggestion


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


def get_editions_for_editor(user: User):
    """The editions `user` edits; 403 when there is none (pages for editors only)."""
    editions = editable_editions(user)
    if not editions.exists():
        raise PermissionDenied("Only editors see the correction queue.")
    return editions


def can_review(user: User, edition: Edition) -> bool:
    """Editors review an edition's OCR corrections and flagged regions, and see its
    ingestion report."""
    return is_editor(user, edition)


def can_manage_editors(user: User) -> bool:
    """Site staff grant and revoke the editor role."""
    if not user.is_authenticated:
        return False
    return user.is_staff


def get_edition_for_reviewer(user: User, slug: str) -> Edition:
    """The edition `slug` for its editors: 404 if there is none, 403 for anyone else
    (editions are public; only reviewing them is not)."""
    edition = get_object_or_404(Edition.objects.select_related("work"), slug=slug)
    if not can_review(user, edition):
        raise PermissionDenied("Only the edition's editors review its text.")
    return edition


def get_correction_for_reviewer(user: User, slug: str, pk: int) -> Correction:
    """A current correction of the edition `slug`, for its editors (404 if not one of
    its current corrections, 403 for anyone else)."""
    correction = get_object_or_404(
        Correction.objects.select_related("passage__edition"),
        pk=pk,
        passage__edition__slug=slug,
        superseded=False,
    )
    if not can_review(user, correction.passage.edition):
        raise PermissionDenied("Only the edition's editors decide on its corrections.")
    return correction


def get_region_for_reviewer(user: User, slug: str, pk: int) -> FlaggedRegion:
    """A flagged region of the edition `slug`, for its editors (404 / 403 as above)."""
    region = get_object_or_404(
        FlaggedRegion.objects.select_related("edition", "passage"), pk=pk, edition__slug=slug
    )
    if not can_review(user, region.edition):
        raise PermissionDenied("Only the edition's editors decide on its flagged regions.")
    return region


def get_edition_for_staff(user: User, slug: str) -> Edition:
    """The edition `slug` for site staff, who manage its editors (404 if there is none,
    403 for anyone else)."""
    edition = get_object_or_404(Edition.objects.select_related("work"), slug=slug)
    if not can_manage_editors(user):
        raise PermissionDenied("Only site staff manage an edition's editors.")
    return edition


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

"""Who may edit and review an edition's text, and manage its editors. Decided only here."""

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404

from accounts.models import User
from edition.models import (
    Correction,
    Edition,
    EditionRole,
    FlaggedRegion,
    Passage,
    Section,
    SourceUpload,
    Suggestion,
)
from groups.models import Membership, ReadingGroup


def edition_visibility(user: User) -> Q | None:
    """A Q over Edition matching what `user` may read; None: everything (staff).

    Published editions without an audience are public. A published edition for a group
    is read by the group's members. A draft is read by its uploader and its editors."""
    public = Q(status=Edition.Status.PUBLISHED, audience__isnull=True)
    if not user.is_authenticated:
        return public
    if user.is_staff:
        return None
    edited = EditionRole.objects.filter(user=user, role=EditionRole.Role.EDITOR)
    return (
        public
        | Q(status=Edition.Status.PUBLISHED, audience__in=Membership.objects.of(user).group_ids())
        | Q(uploaded_by=user)
        | Q(pk__in=edited.values("edition_id"))
    )


def visible_editions(user: User, editions=None):
    """The editions of `editions` (all by default) `user` may read."""
    editions = Edition.objects.all() if editions is None else editions
    rule = edition_visibility(user)
    return editions if rule is None else editions.filter(rule)


def visible_edition_q(user: User, prefix: str) -> Q:
    """The rule as a Q over a model that points at Edition through `prefix`, e.g.
    `visible_edition_q(user, "edition")` over Passage; Q() for staff."""
    rule = edition_visibility(user)
    if rule is None:
        return Q()
    return Q(**{f"{prefix}__in": Edition.objects.filter(rule).values("pk")})


def annotatable_passages(user: User):
    """Passages `user` may annotate: of editions they read, once published (a draft is
    read by its uploader and editors, and annotated by no one)."""
    return Passage.objects.filter(
        visible_edition_q(user, "edition"), edition__status=Edition.Status.PUBLISHED
    )


def visible_sections(user: User):
    """Sections of the editions `user` may read."""
    return Section.objects.filter(visible_edition_q(user, "edition"))


def get_edition_for_user(user: User, slug: str) -> Edition:
    """The edition `slug` if `user` may read it; 404 otherwise, so that a private
    edition's slug reveals nothing."""
    editions = visible_editions(user, Edition.objects.select_related("work"))
    return get_object_or_404(editions, slug=slug)


def can_publish(user: User, edition: Edition) -> bool:
    """A draft is published or discarded by its uploader or its editors."""
    if not user.is_authenticated or not edition.is_draft:
        return False
    return edition.uploaded_by_id == user.pk or is_editor(user, edition)


def get_draft_for_publisher(user: User, slug: str) -> Edition:
    """A draft `user` may publish or discard: 404 when they cannot read it, 403 when
    they read it but may not decide on it."""
    edition = get_edition_for_user(user, slug)
    if not can_publish(user, edition):
        raise PermissionDenied("Only the uploader and the editors publish a draft.")
    return edition


def can_make_public(user: User, edition: Edition) -> bool:
    """Only site staff move a group's reading into the public library."""
    return user.is_authenticated and user.is_staff and edition.audience_id is not None


def can_upload_public(user: User) -> bool:
    """Staff and edition editors add texts to the public library."""
    if not user.is_authenticated:
        return False
    return user.is_staff or EditionRole.objects.filter(user=user).exists()


def upload_audiences(user: User):
    """The groups `user` may add a reading for: those they own (a seminar's instructors
    own its group)."""
    owned = Membership.objects.of(user).with_role(Membership.Role.OWNER).group_ids()
    return ReadingGroup.objects.filter(pk__in=owned)


def can_upload(user: User) -> bool:
    """Whether `user` may add a text anywhere (the page offers them where)."""
    return can_upload_public(user) or upload_audiences(user).exists()


def get_upload_for_user(user: User, pk: int) -> SourceUpload:
    """An upload, for its uploader and staff; 404 for anyone else."""
    uploads = SourceUpload.objects.select_related("edition")
    if not (user.is_authenticated and user.is_staff):
        uploads = uploads.filter(uploader_id=user.pk or 0)
    return get_object_or_404(uploads, pk=pk)


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
    """The edition `slug` for its editors: 404 if there is none or `user` may not read
    it, 403 for other readers (reading is open; reviewing is not)."""
    edition = get_edition_for_user(user, slug)
    if not can_review(user, edition):
        raise PermissionDenied("Only the edition's editors review its text.")
    return edition


def get_correction_for_reviewer(user: User, slug: str, pk: int) -> Correction:
    """A current correction of the edition `slug`, for its editors (404 if not one of
    its current corrections, 403 for anyone else)."""
    correction = get_object_or_404(
        Correction.objects.select_related("passage__edition").filter(
            visible_edition_q(user, "passage__edition")
        ),
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
        FlaggedRegion.objects.select_related("edition", "passage").filter(
            visible_edition_q(user, "edition")
        ),
        pk=pk,
        edition__slug=slug,
    )
    if not can_review(user, region.edition):
        raise PermissionDenied("Only the edition's editors decide on its flagged regions.")
    return region


def get_edition_for_staff(user: User, slug: str) -> Edition:
    """The edition `slug` for site staff, who manage its editors (404 if there is none,
    403 for anyone else)."""
    edition = get_edition_for_user(user, slug)
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

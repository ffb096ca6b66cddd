"""Small `make_*` functions that build rows directly through the ORM (no parsing)."""

from __future__ import annotations

from django.utils import timezone

from accounts.models import User
from edition.models import Edition, Passage, Section, Work
from groups.models import Membership, ReadingGroup

DEFAULT_TEXTS = [
    "The reader is addressed to the reader of the book, not to its author.",
    "A second paragraph follows the first one and continues the argument.",
    "The third paragraph closes the section with a short conclusion.",
]


def make_user(
    username: str, *, staff: bool = False, password: str | None = None, display_name: str = ""
) -> User:
    """A user; without `password` it cannot sign in with one (fast: no hashing)."""
    return User.objects.create_user(
        username=username,
        password=password,
        is_staff=staff,
        email=f"{username}@example.org",
        display_name=display_name or username.title(),
    )


def make_edition(
    slug: str = "thesis",
    *,
    texts: list[str] | None = None,
    section_slug: str = "chapter-1",
    title: str = "A Thesis",
) -> Edition:
    """An Edition with one Section holding one paragraph Passage per text (anchors p1...)."""
    texts = DEFAULT_TEXTS if texts is None else texts
    work = Work.objects.create(title=title, author="A. Author", year=2001)
    edition = Edition.objects.create(
        work=work,
        slug=slug,
        kind=Edition.Kind.CLEAN,
        source_file=f"{slug}.txt",
        raw_text="\n\n".join(texts),
        raw_sha256="0" * 64,
        ingested_at=timezone.now(),
    )
    section = make_section(edition, slug=section_slug, order=1)
    for i, text in enumerate(texts, start=1):
        make_passage(section, anchor=f"p{i}", order=i, text=text)
    return edition


def make_section(edition: Edition, *, slug: str, order: int, title: str = "") -> Section:
    return Section.objects.create(
        edition=edition,
        order=order,
        slug=slug,
        role="chapter",
        number=str(order),
        title=title or slug.title(),
        line_start=order * 100,
        line_end=order * 100 + 99,
    )


def make_passage(
    section: Section, *, anchor: str, order: int, text: str, kind: str = Passage.Kind.PARAGRAPH
) -> Passage:
    return Passage.objects.create(
        edition=section.edition,
        section=section,
        anchor=anchor,
        order=order,
        kind=kind,
        text=text,
        line_start=order,
        line_end=order,
    )


def make_group(
    owner: User, name: str = "Thursday seminar", *, members=(), moderators=()
) -> ReadingGroup:
    group = ReadingGroup.objects.create(name=name, created_by=owner)
    Membership.objects.create(group=group, user=owner, role=Membership.Role.OWNER)
    for user in members:
        Membership.objects.create(group=group, user=user, role=Membership.Role.MEMBER)
    for user in moderators:
        Membership.objects.create(group=group, user=user, role=Membership.Role.MODERATOR)
    return group


def make_annotation(
    author: User,
    passage: Passage,
    *,
    body: str = "A note.",
    visibility: str = "private",
    group: ReadingGroup | None = None,
    start: int | None = None,
    end: int | None = None,
    tags=(),
    motivation: str = "commenting",
):
    """An annotation through the service (so columns, HTML and history are consistent)."""
    from annotations.services import annotation_create
    from edition.anchoring import TargetPiece

    piece = TargetPiece(
        passage=passage,
        start=start,
        end=end,
        exact=passage.text[start:end] if start is not None else None,
    )
    return annotation_create(
        author=author,
        pieces=[piece],
        body=body,
        tags=list(tags),
        visibility=visibility,
        group=group,
        motivation=motivation,
    )


def make_reply(author: User, parent, *, body: str = "A reply."):
    from annotations.services import reply_create

    return reply_create(author=author, parent=parent, body=body)


def make_seminar(
    instructor: User, name: str = "Close reading", *, students=(), assistants=(), **settings
):
    """A seminar (group of kind "seminar" with its settings row) and its members."""
    from seminars.models import Seminar

    group = ReadingGroup.objects.create(
        name=name, created_by=instructor, kind=ReadingGroup.Kind.SEMINAR
    )
    Membership.objects.create(group=group, user=instructor, role=Membership.Role.OWNER)
    for user in assistants:
        Membership.objects.create(group=group, user=user, role=Membership.Role.MODERATOR)
    for user in students:
        Membership.objects.create(group=group, user=user, role=Membership.Role.MEMBER)
    return Seminar.objects.create(group=group, **settings)


def make_assignment(
    seminar,
    edition: Edition,
    *,
    start: str = "p1",
    end: str = "",
    title: str = "Read chapter 1",
    **values,
):
    """An assignment open since an hour ago and due in a week, unless told otherwise."""
    from seminars.services import assignment_save

    now = timezone.now()
    values = {
        "opens_at": now - timezone.timedelta(hours=1),
        "due_at": now + timezone.timedelta(days=7),
        "min_annotations": 2,
        "min_replies": 1,
        "instructions": "",
        **values,
    }
    return assignment_save(
        seminar=seminar,
        by=seminar.group.created_by,
        edition=edition,
        start=start,
        end=end,
        title=title,
        **values,
    )


def make_decision(
    annotation, moderator, action: str = "hide", *, reason: str = "abusive", note: str = ""
):
    """A moderation decision through the service (on the item's current version)."""
    from annotations.moderation.services import annotation_moderate

    annotation.refresh_from_db()
    return annotation_moderate(
        annotation=annotation,
        moderator=moderator,
        action=action,
        reason=reason,
        note=note,
        version=annotation.version,
    )

"""Demo content for `manage.py demo`: a seminar with an assignment, annotations, a thread."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from accounts.models import User
from annotations.services import reply_create
from edition.models import Edition, Passage
from groups.models import Membership, ReadingGroup
from groups.services import invite_create
from seminars import services
from seminars.models import Assignment
from seminars.work import assignment_work

TITLE = "Week 1: the opening chapter"


def _student(username: str, name: str, password: str) -> User:
    user, _ = User.objects.get_or_create(username=username)
    user.display_name, user.email = name, f"{username}@example.org"
    user.set_password(password)
    user.save(update_fields=["display_name", "email", "password"])
    return user


def _passages(edition: Edition) -> list[Passage]:
    paragraphs = Passage.objects.reading().filter(edition=edition, kind="paragraph")
    first = paragraphs.filter(section__role="chapter").order_by("order").first()
    first = first or paragraphs.order_by("order").first()
    if first is None:
        return []
    return list(paragraphs.filter(section=first.section).order_by("order")[:3])


def seminar_demo(*, password: str, write=print) -> None:
    """Make "Demo seminar" (Ines instructs; Sam and Sol study) a seminar with an open
    assignment on the first chapter of the first edition, a rubric, and some work.
    Idempotent."""
    ines, sam = User.objects.get(username="ines"), User.objects.get(username="sam")
    sol = _student("sol", "Sol Student", password)
    group = ReadingGroup.objects.filter(name="Demo seminar", created_by=ines).first()
    if group is None:
        group = services.seminar_create(creator=ines, name="Demo seminar").group
    seminar = services.seminar_adopt(group=group)
    for user in (sam, sol):
        Membership.objects.get_or_create(group=group, user=user)
    # A seminar made by seminar_create has a code; one adopted from a group needs one.
    invite = group.invites.usable().first() or invite_create(group=group, creator=ines)
    write(f"Join code of “{group.name}”: {invite.code} (at /seminars/join/{invite.code}/)")
    edition = Edition.objects.order_by("pk").first()
    passages = _passages(edition) if edition else []
    if not passages:
        write("Demo seminar: no edition ingested yet, so no assignment.")
        return
    assignment = Assignment.objects.filter(seminar=seminar, title=TITLE).first()
    if assignment is None:
        now = timezone.now()
        assignment = services.assignment_save(
            seminar=seminar,
            by=ines,
            edition=edition,
            start=passages[0].section.slug,
            end="",
            title=TITLE,
            instructions="Annotate **two** passages that puzzle you, and reply "
            "to a classmate. Quote precisely.",
            opens_at=now - timedelta(days=1),
            due_at=now + timedelta(days=6),
            late_until=now + timedelta(days=8),
            late_penalty=20,
            min_annotations=2,
            min_replies=1,
            participation_points=10,
            peer_rule=Assignment.PeerRule.AFTER_POSTING,
            peer_threshold=1,
        )
        services.criteria_set(
            assignment=assignment,
            criteria=[
                {"name": "Close reading", "description": "Quotes and reads precisely", "points": 6},
                {"name": "Discussion", "description": "Engages classmates", "points": 4},
            ],
        )
    if not assignment_work(assignment).exists():
        _work(assignment, passages, ines=ines, sam=sam, sol=sol)
    write(
        f"Seminar “{group.name}”: ines (instructor), sam and sol (students); "
        f"assignment “{assignment.title}” at /assignments/{assignment.pk}/"
    )


def _work(assignment, passages, *, ines, sam, sol) -> None:
    p = passages + passages[-1:] * (3 - len(passages))
    services.assignment_annotate(
        assignment=assignment,
        author=ines,
        passage=p[0],
        body="Notice how the opening sets up the whole argument.",
    )
    sols = services.assignment_annotate(
        assignment=assignment,
        author=sol,
        passage=p[1],
        body="Is this claim supported anywhere later?",
    )
    services.assignment_annotate(
        assignment=assignment,
        author=sam,
        passage=p[2],
        body="The tone shifts here, from report to *argument*.",
    )
    reply_create(author=sam, parent=sols, body="I think chapter two answers this.")
    reply_create(author=sol, parent=sols, body="Good point, I will look there.")

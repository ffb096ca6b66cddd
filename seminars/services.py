"""Seminar workflows: seminars, roster, sections, assignments, rubric, scores, feedback."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from annotations import services as annotation_services
from annotations.models import Annotation
from annotations.rendering import markdown_to_html
from edition.anchoring import TargetPiece
from edition.models import Edition, Passage
from groups import services as groups_services
from groups.models import GroupInvite, Membership, ReadingGroup
from notifications.models import Notification
from notifications.services import notification_send
from seminars.models import (
    STUDENT,
    TEACHING_ROLES,
    Assignment,
    DiscussionSection,
    Featured,
    Feedback,
    RubricCriterion,
    Score,
    Seminar,
)
from seminars.roster import RosterProblem, roster_parse
from seminars.work import assignment_work, range_passages, unshared_notes

INSTRUCTIONS_MAX = 20_000


class SeminarError(ValueError):
    """A change the seminar's rules forbid; the message is for the user."""


class RosterError(SeminarError):
    """A roster file with bad rows: nothing was imported."""

    def __init__(self, problems: list[RosterProblem]):
        self.problems = problems
        super().__init__(f"{len(problems)} bad row(s): nothing was imported.")


# Seminars and roster -----------------------------------------------------------------------


@transaction.atomic
def seminar_create(*, creator: User, name: str, description: str = "", term: str = "") -> Seminar:
    """A seminar group whose instructor is `creator`, with a first join code."""
    group = groups_services.group_create(
        creator=creator, name=name, description=description, kind=ReadingGroup.Kind.SEMINAR
    )
    seminar = Seminar.objects.create(group=group, term=term)
    groups_services.invite_create(group=group, creator=creator)
    return seminar


def seminar_adopt(*, group: ReadingGroup) -> Seminar:
    """The seminar settings of an existing group, which becomes a seminar if it was not."""
    if group.kind != ReadingGroup.Kind.SEMINAR:
        group.kind = ReadingGroup.Kind.SEMINAR
        group.save(update_fields=["kind"])
    seminar, _ = Seminar.objects.get_or_create(group=group)
    return seminar


@transaction.atomic
def seminar_update(
    *, seminar: Seminar, by: User, joining_open: bool, assistants_edit_rubric: bool, term: str = ""
) -> Seminar:
    """Change the settings. Closing revokes every join code; reopening makes a new one."""
    was_open = seminar.joining_open
    seminar.joining_open, seminar.term = joining_open, term
    seminar.assistants_edit_rubric = assistants_edit_rubric
    seminar.save(update_fields=["joining_open", "assistants_edit_rubric", "term"])
    if was_open and not joining_open:
        for invite in GroupInvite.objects.usable().filter(group_id=seminar.pk):
            groups_services.invite_revoke(invite=invite)
    if joining_open and not GroupInvite.objects.usable().filter(group_id=seminar.pk).exists():
        groups_services.invite_create(group=seminar.group, creator=by)
    return seminar


def seminar_join(*, invite: GroupInvite, user: User) -> Membership:
    """Join a seminar as a student through its code (members keep their role)."""
    seminar = Seminar.objects.filter(pk=invite.group_id).first()
    already = Membership.objects.of(user).in_group(invite.group_id).first()
    if already is not None:
        return already
    if seminar is not None and not seminar.joining_open:
        raise SeminarError("This seminar is closed to new students: ask its instructor.")
    try:
        return groups_services.invite_accept(invite=invite, user=user)
    except groups_services.GroupError as e:
        raise SeminarError(str(e))


def _username_for(email: str) -> str:
    base = re.sub(r"[^\w.+-]", "", email.split("@")[0])[:120] or "student"
    candidate, n = base, 1
    while User.objects.filter(username__iexact=candidate).exists():
        n += 1
        candidate = f"{base}{n}"
    return candidate


@dataclass
class RosterResult:
    created: int = 0  # new accounts
    added: int = 0  # existing accounts added
    already: int = 0  # already members


@transaction.atomic
def roster_import(*, seminar: Seminar, text: str) -> RosterResult:
    """Add the students of a CSV roster ("e-mail, name" per line) to `seminar`.

    All or nothing: with any bad row, raises RosterError listing every bad line and
    imports nobody. Unknown e-mails get a new account without a password (they set one
    through "forgot password"); known ones are matched case-insensitively.
    """
    rows, problems = roster_parse(text)
    if problems:
        raise RosterError(problems)
    if not rows:
        raise SeminarError("The file holds no students.")
    result = RosterResult()
    for row in rows:
        user = User.objects.filter(email__iexact=row.email).order_by("pk").first()
        if user is None:
            user = User(username=_username_for(row.email), email=row.email, display_name=row.name)
            user.set_unusable_password()
            user.save()
            result.created += 1
        elif Membership.objects.of(user).in_group(seminar.pk).exists():
            result.already += 1
            continue
        else:
            result.added += 1
        Membership.objects.create(group_id=seminar.pk, user=user, role=STUDENT)
    return result


@transaction.atomic
def sections_form(*, seminar: Seminar, size: int) -> list[DiscussionSection]:
    """Replace the seminar's discussion sections by sections of about `size` students,
    balanced, in alphabetical order of username."""
    if size < 2:
        raise SeminarError("A discussion section needs at least 2 students.")
    students = list(
        User.objects.filter(memberships__group_id=seminar.pk, memberships__role=STUDENT).order_by(
            "username"
        )
    )
    seminar.sections.all().delete()
    seminar.section_size = size
    seminar.save(update_fields=["section_size"])
    if not students:
        return []
    count = max(1, round(len(students) / size))
    sections = [
        DiscussionSection.objects.create(seminar=seminar, number=n) for n in range(1, count + 1)
    ]
    bounds = [len(students) * i // count for i in range(count + 1)]  # sizes differ by <= 1
    for i, section in enumerate(sections):
        section.members.set(students[bounds[i] : bounds[i + 1]])
    return sections


# Assignments -------------------------------------------------------------------------------


def _passage_bound(edition: Edition, ref: str, *, last: bool) -> Passage:
    ref = ref.strip()
    passage = Passage.objects.reading().filter(edition=edition, anchor=ref).first()
    if passage is not None:
        return passage
    section_passages = Passage.objects.reading().filter(edition=edition, section__slug=ref)
    passage = section_passages.order_by("-order" if last else "order").first()
    if passage is None:
        raise SeminarError(f"“{ref}” is neither a section nor a passage of {edition}.")
    return passage


def range_resolve(*, edition: Edition, start: str, end: str = "") -> tuple[Passage, Passage]:
    """The first and last passage of a range given as section slugs or passage anchors.

    `end` defaults to `start` (a whole section, or one passage). Raises SeminarError when a
    bound is not in the edition or the range runs backwards.
    """
    first = _passage_bound(edition, start, last=False)
    final = _passage_bound(edition, end or start, last=True)
    if final.order < first.order:
        raise SeminarError("The range ends before it starts.")
    return first, final


def dates_check(*, opens_at: datetime, due_at: datetime, late_until: datetime | None) -> None:
    if due_at <= opens_at:
        raise SeminarError("The due time must be after the opening time.")
    if late_until is not None and late_until <= due_at:
        raise SeminarError("The late window must end after the due time.")


@transaction.atomic
def assignment_save(
    *,
    seminar: Seminar,
    by: User,
    edition: Edition,
    start: str,
    end: str,
    title: str,
    instructions: str,
    opens_at: datetime,
    due_at: datetime,
    late_until: datetime | None = None,
    late_penalty: int = 0,
    min_annotations: int = 0,
    min_replies: int = 0,
    participation_points: int = 0,
    peer_rule: str = Assignment.PeerRule.ALWAYS,
    peer_threshold: int = 1,
    anonymous: bool = False,
    assignment: Assignment | None = None,
) -> Assignment:
    """Create an assignment of `seminar`, or update `assignment`. Checks the range against
    the edition and the dates; raises SeminarError naming the problem and writes nothing."""
    first, final = range_resolve(edition=edition, start=start, end=end)
    dates_check(opens_at=opens_at, due_at=due_at, late_until=late_until)
    if len(instructions) > INSTRUCTIONS_MAX:
        raise SeminarError(f"Instructions are at most {INSTRUCTIONS_MAX} characters.")
    if peer_rule not in Assignment.PeerRule.values:
        raise SeminarError("Unknown visibility rule.")
    if not 0 <= late_penalty <= 100:
        raise SeminarError("The late penalty is a percentage from 0 to 100.")
    values = dict(
        title=title,
        edition=edition,
        start_passage=first,
        end_passage=final,
        range_label=f"{start.strip()} – {end.strip()}" if end.strip() else start.strip(),
        instructions=instructions,
        instructions_html=markdown_to_html(instructions),
        opens_at=opens_at,
        due_at=due_at,
        late_until=late_until,
        late_penalty=late_penalty,
        min_annotations=min_annotations,
        min_replies=min_replies,
        participation_points=participation_points,
        peer_rule=peer_rule,
        peer_threshold=max(1, peer_threshold),
        anonymous=anonymous,
    )
    if assignment is None:
        return Assignment.objects.create(seminar=seminar, created_by=by, **values)
    for name, value in values.items():
        setattr(assignment, name, value)
    assignment.save(update_fields=list(values))
    return assignment


def assignment_reveal(*, assignment: Assignment) -> Assignment:
    """Show peers' work to the students now (for the "on reveal" rule)."""
    if assignment.revealed_at is None:
        assignment.revealed_at = timezone.now()
        assignment.save(update_fields=["revealed_at"])
    return assignment


def assignment_release(*, assignment: Assignment, released: bool = True) -> Assignment:
    """Show (or hide again) the students their scores and overall feedback."""
    was_released = assignment.released_at is not None
    assignment.released_at = timezone.now() if released else None
    assignment.save(update_fields=["released_at"])
    if released and not was_released:
        transaction.on_commit(lambda: scores_released(assignment_id=assignment.pk))
    return assignment


def scores_released(*, assignment_id: int) -> None:
    """Tell each student their scores and feedback can be read (run after the commit)."""
    assignment = Assignment.objects.select_related("seminar__group").get(pk=assignment_id)
    students = Membership.objects.filter(
        group=assignment.seminar.group, role=Membership.Role.MEMBER
    ).select_related("user")
    for membership in students:
        notification_send(
            recipient=membership.user,
            kind=Notification.Kind.RELEASE,
            text=f"Your scores and feedback for “{assignment.title}” are released.",
            url=assignment.get_absolute_url(),
        )


def assignment_annotate(
    *, assignment: Assignment, author: User, passage: Passage, body: str, tags: list[str] = ()
) -> Annotation:
    """Annotate a passage of the assigned range: the annotation goes to the seminar (and so
    counts for the assignment). Raises SeminarError outside the range or when closed."""
    if not range_passages(assignment).filter(pk=passage.pk).exists():
        raise SeminarError("This passage is not part of the assignment.")
    if not assignment.is_open:
        raise SeminarError("This assignment does not accept work now.")
    try:
        return annotation_services.annotation_create(
            author=author,
            pieces=[TargetPiece(passage=passage)],
            body=body,
            tags=list(tags),
            visibility=Annotation.Visibility.GROUP,
            group=assignment.seminar.group,
        )
    except annotation_services.AnnotationError as e:
        raise SeminarError(str(e))


@transaction.atomic
def notes_share(*, assignment: Assignment, student: User) -> int:
    """Share the student's private notes on the range with the seminar; returns how many."""
    notes = list(unshared_notes(assignment, student))
    for note in notes:
        annotation_services.annotation_update(
            annotation=note,
            editor=student,
            body=note.body,
            tags=note.tags,
            visibility=Annotation.Visibility.GROUP,
            group=assignment.seminar.group,
        )
    return len(notes)


# Rubric, scores, feedback ------------------------------------------------------------------


@transaction.atomic
def criteria_set(*, assignment: Assignment, criteria: list[dict]) -> list[RubricCriterion]:
    """Make the rubric exactly `criteria` ({"id"?, "name", "description", "points"}, in
    order): rows with an id are updated, new ones created, missing ones deleted (with
    their scores)."""
    existing = {c.pk: c for c in assignment.criteria.all()}
    kept = []
    for position, item in enumerate(criteria):
        if not item["name"].strip() or item["points"] is None or item["points"] < 1:
            raise SeminarError("Each criterion needs a name and at least 1 point.")
        criterion = existing.get(item.get("id")) or RubricCriterion(assignment=assignment)
        criterion.position, criterion.name = position, item["name"].strip()
        criterion.description, criterion.points = item.get("description", ""), item["points"]
        criterion.save()
        kept.append(criterion)
    assignment.criteria.exclude(pk__in=[c.pk for c in kept]).delete()
    return kept


def score_record(
    *, criterion: RubricCriterion, student: User, points: Decimal, scorer: User
) -> Score:
    """Record a score (a new row: earlier ones stay as history)."""
    if points < 0 or points > criterion.points:
        raise SeminarError(f"{criterion.name}: between 0 and {criterion.points} points.")
    return Score.objects.create(criterion=criterion, student=student, points=points, scorer=scorer)


@transaction.atomic
def scores_record(
    *, assignment: Assignment, student: User, points: dict[int, Decimal], scorer: User
) -> list[Score]:
    """Scores for several criteria at once, all or none; unchanged scores are not repeated."""
    from seminars.work import latest_scores

    latest = latest_scores(assignment)
    recorded = []
    for criterion in assignment.criteria.all():
        value = points.get(criterion.pk)
        current = latest.get((criterion.pk, student.pk))
        if value is None or (current is not None and current.points == value):
            continue
        recorded.append(
            score_record(criterion=criterion, student=student, points=value, scorer=scorer)
        )
    return recorded


def feedback_create(
    *,
    assignment: Assignment,
    student: User,
    author: User,
    body: str,
    annotation: Annotation | None = None,
) -> Feedback:
    """Private feedback to `student`, on one of their annotations or on the whole work."""
    if not body.strip():
        raise SeminarError("Feedback needs some text.")
    if annotation is not None and annotation.author_id != student.pk:
        raise SeminarError("Feedback on an annotation goes to its author.")
    return Feedback.objects.create(
        assignment=assignment,
        student=student,
        author=author,
        annotation=annotation,
        body=body,
        body_html=markdown_to_html(body),
    )


def annotation_feature(
    *, assignment: Assignment, annotation: Annotation, by: User, featured: bool = True
) -> None:
    """Show (or stop showing) an annotation of the assignment to the whole class."""
    if featured:
        if not assignment_work(assignment).filter(pk=annotation.pk).exists():
            raise SeminarError("Only work of this assignment can be featured.")
        Featured.objects.get_or_create(
            assignment=assignment, annotation=annotation, defaults={"featured_by": by}
        )
    else:
        Featured.objects.filter(assignment=assignment, annotation=annotation).delete()


# Reuse -------------------------------------------------------------------------------------


def _copy_annotation(note: Annotation, *, group: ReadingGroup, author: User) -> Annotation:
    passages = {
        p.pk: p
        for p in Passage.objects.filter(
            pk__in=[piece["passage_id"] for piece in note.selectors] or [note.passage_id]
        )
    }
    pieces = [
        TargetPiece(
            passage=passages[p["passage_id"]],
            start=p["start"],
            end=p["end"],
            exact=p["exact"],
            prefix=p["prefix"],
            suffix=p["suffix"],
        )
        for p in note.selectors
    ] or [TargetPiece(passage=passages[note.passage_id])]
    return annotation_services.annotation_create(
        author=author,
        pieces=pieces,
        body=note.body,
        tags=note.tags,
        motivation=note.motivation,
        visibility=Annotation.Visibility.GROUP,
        group=group,
    )


@transaction.atomic
def assignment_copy(*, assignment: Assignment, seminar: Seminar, by: User) -> Assignment:
    """Copy `assignment` (settings, rubric, and the teaching staff's annotations on its
    range) into `seminar`, by `by`, who must teach there. Reveal and release are reset."""
    copy = Assignment.objects.get(pk=assignment.pk)
    copy.pk, copy.seminar, copy.created_by = None, seminar, by
    copy.revealed_at = copy.released_at = None
    copy.title = assignment.title
    copy.save()
    for criterion in assignment.criteria.all():
        RubricCriterion.objects.create(
            assignment=copy,
            position=criterion.position,
            name=criterion.name,
            points=criterion.points,
            description=criterion.description,
        )
    staff = Membership.objects.in_group(assignment.seminar_id).with_role(*TEACHING_ROLES).user_ids()
    notes = Annotation.objects.filter(
        group_id=assignment.seminar_id,
        edition_id=assignment.edition_id,
        root__isnull=True,
        deleted=False,
        author_id__in=staff,
        selection__passage__order__gte=assignment.start_passage.order,
        selection__passage__order__lte=assignment.end_passage.order,
    ).order_by("created", "pk")
    for note in notes:
        _copy_annotation(note, group=seminar.group, author=by)
    return copy

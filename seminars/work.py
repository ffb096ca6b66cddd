"""Which annotations count for an assignment, and what each student has done.

Nothing links an annotation to an assignment in the database: the work of an assignment is
the seminar's group annotations on the assigned range, made while the assignment accepted
work (from opening to the end of the late window), resolved here at query time.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from django.db.models import Q
from django.utils import timezone

from accounts.models import User
from annotations.models import Annotation
from edition.models import Passage
from groups.models import Membership
from seminars.models import STUDENT, Assignment, Score


class Status:
    NOT_STARTED = "not started"
    IN_PROGRESS = "in progress"
    DONE = "done"
    LATE = "late"


def assignment_work(assignment: Assignment, *, base=None):
    """Annotations and replies that count for `assignment` (any author, not deleted).

    From `base` (e.g. `Annotation.objects.visible_to(user)`), or else from all annotations:
    then callers are the seminar's teaching staff, or filter by author themselves.
    """
    base = Annotation.objects.all() if base is None else base
    return base.filter(
        work_q(
            seminar_id=assignment.seminar_id,
            edition_id=assignment.edition_id,
            first=assignment.start_passage.order,
            last=assignment.end_passage.order,
            opens_at=assignment.opens_at,
            closes_at=assignment.closes_at,
        )
    )


def work_q(*, seminar_id, edition_id, first, last, opens_at, closes_at) -> Q:
    """What counts for an assignment with these values, as a Q over Annotation: the
    seminar's group annotations on passages `first` to `last` (orders), not deleted, made
    from `opens_at` until `closes_at`. The values are an assignment's, or OuterRefs to the
    Assignment of a subquery, which asks it of every assignment at once."""
    return Q(
        group_id=seminar_id,
        edition_id=edition_id,
        selection__passage__order__gte=first,
        selection__passage__order__lte=last,
        visibility=Annotation.Visibility.GROUP,
        deleted=False,
        created__gte=opens_at,
        created__lt=closes_at,
    )


def range_passages(assignment: Assignment):
    """The reading passages of the assigned range, in order."""
    return (
        Passage.objects.reading()
        .filter(
            edition_id=assignment.edition_id,
            order__gte=assignment.start_passage.order,
            order__lte=assignment.end_passage.order,
        )
        .select_related("section")
        .order_by("order")
    )


def unshared_notes(assignment: Assignment, student: User):
    """The student's private notes on the range: they do not count until shared."""
    return Annotation.objects.filter(
        author=student,
        edition_id=assignment.edition_id,
        root__isnull=True,
        deleted=False,
        visibility=Annotation.Visibility.PRIVATE,
        selection__passage__order__gte=assignment.start_passage.order,
        selection__passage__order__lte=assignment.end_passage.order,
    )


def students_of(assignment: Assignment) -> list[User]:
    memberships = (
        Membership.objects.in_group(assignment.seminar_id)
        .with_role(STUDENT)
        .select_related("user")
        .order_by("user__username")
    )
    return [m.user for m in memberships]


@dataclass
class StudentWork:
    """What one student did for an assignment, and where that leaves them."""

    student: User
    annotations: int = 0
    replies: int = 0
    words: int = 0
    last_activity: datetime | None = None
    completed_at: datetime | None = None
    times: list[datetime] = field(default_factory=list)
    rubric: Decimal = Decimal(0)
    status: str = Status.NOT_STARTED
    progress: float = 0.0
    total: Decimal = Decimal(0)

    @property
    def progress_percent(self) -> int:
        return round(self.progress * 100)

    @property
    def on_time(self) -> bool:
        return self.status == Status.DONE


def _completed_at(assignment: Assignment, items: list[tuple[datetime, bool]]):
    """When the student first met both minimums (None if not yet)."""
    annotations = replies = 0
    for created, is_reply in sorted(items):
        replies += is_reply
        annotations += not is_reply
        if annotations >= assignment.min_annotations and replies >= assignment.min_replies:
            return created
    return None


def _status(assignment: Assignment, work: StudentWork, now: datetime) -> str:
    if work.completed_at is not None:
        return Status.DONE if work.completed_at <= assignment.due_at else Status.LATE
    if now >= assignment.due_at:
        return Status.LATE
    return Status.IN_PROGRESS if work.annotations or work.replies else Status.NOT_STARTED


def _progress(assignment: Assignment, work: StudentWork) -> float:
    target = assignment.participation_target
    if target == 0:
        return 1.0 if work.annotations or work.replies else 0.0
    done = min(work.annotations, assignment.min_annotations) + min(
        work.replies, assignment.min_replies
    )
    return done / target


def latest_scores(assignment: Assignment) -> dict[tuple[int, int], Score]:
    """The score that counts per (criterion id, student id): the latest one."""
    scores = (
        Score.objects.filter(criterion__assignment=assignment)
        .select_related("scorer")
        .order_by("created", "pk")
    )
    return {(s.criterion_id, s.student_id): s for s in scores}


def max_points(assignment: Assignment) -> int:
    return sum(c.points for c in assignment.criteria.all()) + assignment.participation_points


def _total(assignment: Assignment, work: StudentWork) -> Decimal:
    total = work.rubric + Decimal(assignment.participation_points) * Decimal(work.progress)
    if work.completed_at is not None and work.completed_at > assignment.due_at:
        total *= Decimal(100 - min(assignment.late_penalty, 100)) / 100
    return total.quantize(Decimal("0.01"))


def student_work(assignment: Assignment, students: list[User], *, now=None) -> list[StudentWork]:
    """One StudentWork per student, in the order given, in three queries."""
    now = now or timezone.now()
    rows = {s.pk: StudentWork(student=s) for s in students}
    items = {s.pk: [] for s in students}
    for author_id, created, parent_id, body in (
        assignment_work(assignment)
        .filter(author_id__in=rows)
        .values_list("author_id", "created", "parent_id", "body")
    ):
        work = rows[author_id]
        is_reply = parent_id is not None
        work.replies += is_reply
        work.annotations += not is_reply
        work.words += len(body.split())
        work.times.append(created)
        work.last_activity = max(filter(None, [work.last_activity, created]))
        items[author_id].append((created, is_reply))
    scores = latest_scores(assignment)
    for work in rows.values():
        work.completed_at = _completed_at(assignment, items[work.student.pk])
        work.status = _status(assignment, work, now)
        work.progress = _progress(assignment, work)
        work.rubric = sum(
            (s.points for (c, sid), s in scores.items() if sid == work.student.pk), Decimal(0)
        )
        work.total = _total(assignment, work)
    return list(rows.values())


def passage_counts(assignment: Assignment) -> Counter:
    """Annotations (replies excluded) per passage id over the range."""
    return Counter(
        assignment_work(assignment)
        .filter(root__isnull=True)
        .values_list("selection__passage_id", flat=True)
    )

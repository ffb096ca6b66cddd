"""What the seminar pages show: context builders, so that views stay thin.

Every annotation query for students goes through `Annotation.objects.visible_to`.
"""

from __future__ import annotations

from collections import defaultdict

from django.utils import timezone

from annotations.models import Annotation
from groups.models import GroupInvite, Membership
from seminars import access, work
from seminars.audience import peers_hidden, pseudonym_map
from seminars.charts import activity_svg, heat_strip_svg
from seminars.forms import (
    FeedbackForm,
    RoleForm,
    RosterImportForm,
    ScoreForm,
    SectionsForm,
    SeminarSettingsForm,
)
from seminars.models import ROLE_LABELS, STUDENT, Assignment, Featured, Feedback, Score


def roster_context(membership: Membership, *, import_form=None, problems=()) -> dict:
    seminar = membership.group.seminar
    members = (
        Membership.objects.in_group(seminar.pk)
        .select_related("user")
        .order_by("role", "user__username")
    )
    section_of = {}
    sections = list(seminar.sections.prefetch_related("members"))
    for section in sections:
        section_of.update({u.pk: section.number for u in section.members.all()})
    return {
        "seminar": seminar,
        "membership": membership,
        "is_instructor": membership.role == Membership.Role.OWNER,
        "members": [(m, ROLE_LABELS[m.role], section_of.get(m.user_id)) for m in members],
        "students": sum(m.role == STUDENT for m in members),
        "sections": sections,
        "roles": list(ROLE_LABELS.items()),
        "role_form": RoleForm(),
        "invites": GroupInvite.objects.usable().filter(group_id=seminar.pk),
        "settings_form": SeminarSettingsForm(
            initial={
                "term": seminar.term,
                "joining_open": seminar.joining_open,
                "assistants_edit_rubric": seminar.assistants_edit_rubric,
            }
        ),
        "import_form": import_form or RosterImportForm(),
        "problems": problems,
        "sections_form": SectionsForm(initial={"size": seminar.section_size or 4}),
    }


def _show_authors(annotations, assignment: Assignment, teaching: bool, viewer) -> None:
    """Set `shown_author` on each annotation: a pseudonym for student peers when the
    assignment is anonymous and the viewer is a student."""
    names = pseudonym_map(assignment) if assignment.anonymous and not teaching else {}
    for a in annotations:
        pseudonym = names.get(a.author_id) if a.author_id != viewer.pk else None
        a.shown_author = pseudonym or a.author.get_display_name()


def _released_scores(assignment: Assignment, student) -> dict:
    latest = work.latest_scores(assignment)
    criteria = [(c, latest.get((c.pk, student.pk))) for c in assignment.criteria.all()]
    overall = Feedback.objects.filter(
        assignment=assignment, student=student, annotation__isnull=True
    ).select_related("author")
    return {"criteria": criteria, "overall": overall, "max": work.max_points(assignment)}


def assignment_page_context(assignment: Assignment, membership: Membership, user) -> dict:
    teaching = access.is_teaching(membership)
    visible = Annotation.objects.visible_to(user)
    in_range = visible.filter(access.range_q(assignment), deleted=False)
    own = list(in_range.filter(author=user).for_output().order_by("created", "pk"))
    feedback = defaultdict(list)
    for f in Feedback.objects.filter(
        assignment=assignment, student=user, annotation__isnull=False
    ).select_related("author"):
        feedback[f.annotation_id].append(f)
    for a in own:
        a.private_feedback = feedback.get(a.pk, [])
    featured_ids = Featured.objects.filter(assignment=assignment).values("annotation_id")
    featured = list(visible.filter(pk__in=featured_ids).for_output())
    classmates = list(
        in_range.filter(root__isnull=True).exclude(author=user).for_output().reading_order()[:200]
    )
    _show_authors(featured + classmates, assignment, teaching, user)
    mine = work.student_work(assignment, [user])[0] if not teaching else None
    return {
        "assignment": assignment,
        "seminar": assignment.seminar,
        "membership": membership,
        "teaching": teaching,
        "is_instructor": membership.role == Membership.Role.OWNER,
        "passages": list(work.range_passages(assignment)),
        "own": own,
        "mine": mine,
        "featured": featured,
        "classmates": classmates,
        "peers_hidden": not teaching and peers_hidden(assignment, user),
        "unshared": work.unshared_notes(assignment, user).count() if not teaching else 0,
        "scores": (
            _released_scores(assignment, user)
            if mine is not None and assignment.released_at
            else None
        ),
    }


def _heat_cells(assignment: Assignment) -> list[tuple[str, int, str]]:
    counts = work.passage_counts(assignment)
    return [
        (
            f"{p.section.display_title} · {p.anchor}",
            counts.get(p.pk, 0),
            f"{p.section.get_absolute_url()}#{p.fragment}",
        )
        for p in work.range_passages(assignment).select_related("section__edition")
    ]


def dashboard_context(assignment: Assignment, membership: Membership) -> dict:
    rows = work.student_work(assignment, work.students_of(assignment))
    start = timezone.localtime(assignment.opens_at).date()
    end = timezone.localtime(min(timezone.now(), assignment.closes_at)).date()
    times = [t for row in rows for t in row.times]
    return {
        "assignment": assignment,
        "seminar": assignment.seminar,
        "membership": membership,
        "is_instructor": membership.role == Membership.Role.OWNER,
        "rows": rows,
        "max_points": work.max_points(assignment),
        "criteria": list(assignment.criteria.all()),
        "activity": activity_svg([timezone.localtime(t) for t in times], start=start, end=end),
        "heat": heat_strip_svg(_heat_cells(assignment)),
        "done": sum(r.status == work.Status.DONE for r in rows),
    }


def student_page_context(assignment: Assignment, membership: Membership, student, viewer) -> dict:
    row = work.student_work(assignment, [student])[0]
    annotations = list(
        work.assignment_work(assignment, base=Annotation.objects.visible_to(viewer))
        .filter(author=student)
        .for_output()
        .select_related("parent__author")
        .order_by("selection__passage__order", "created", "pk")
    )
    feedback = defaultdict(list)
    overall = []
    for f in Feedback.objects.filter(assignment=assignment, student=student).select_related(
        "author"
    ):
        (feedback[f.annotation_id] if f.annotation_id else overall).append(f)
    featured = set(
        Featured.objects.filter(assignment=assignment).values_list("annotation_id", flat=True)
    )
    by_passage = defaultdict(list)
    for a in annotations:
        a.private_feedback, a.is_featured = feedback.get(a.pk, []), a.pk in featured
        by_passage[a.passage].append(a)
    latest = work.latest_scores(assignment)
    criteria = list(assignment.criteria.all())
    initial = {
        c.pk: latest[(c.pk, student.pk)].points for c in criteria if (c.pk, student.pk) in latest
    }
    history = (
        Score.objects.filter(criterion__assignment=assignment, student=student)
        .select_related("criterion", "scorer")
        .order_by("-created", "-pk")
    )
    return {
        "assignment": assignment,
        "seminar": assignment.seminar,
        "membership": membership,
        "student": student,
        "row": row,
        "by_passage": list(by_passage.items()),
        "score_form": ScoreForm(criteria=criteria, initial_points=initial),
        "history": history,
        "overall": overall,
        "feedback_form": FeedbackForm(),
        "max_points": work.max_points(assignment),
        "criteria": criteria,
    }

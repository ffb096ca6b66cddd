"""Seminars: reading groups with instructors, teaching assistants and students, their
annotation assignments, rubrics, scores and feedback.

Seminar roles reuse `groups.Membership`: an instructor is an owner, a teaching assistant
a moderator and a student a member, so that group rights (sharing, exports) stay as they are.
Which annotations belong to an assignment is decided at query time (see seminars/work.py):
the seminar's group annotations on the assigned range, made while the assignment is open.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone

from groups.models import Membership

ROLE_LABELS = {
    Membership.Role.OWNER: "Instructor",
    Membership.Role.MODERATOR: "Teaching assistant",
    Membership.Role.MEMBER: "Student",
}
INSTRUCTOR = Membership.Role.OWNER
ASSISTANT = Membership.Role.MODERATOR
STUDENT = Membership.Role.MEMBER
TEACHING_ROLES = (INSTRUCTOR, ASSISTANT)


class Seminar(models.Model):
    """The seminar settings of a ReadingGroup of kind "seminar"."""

    group = models.OneToOneField(
        "groups.ReadingGroup", on_delete=models.CASCADE, primary_key=True, related_name="seminar"
    )
    term = models.CharField(max_length=80, blank=True)
    joining_open = models.BooleanField(default=True)
    assistants_edit_rubric = models.BooleanField(
        default=False, help_text="Teaching assistants may change rubric criteria."
    )
    section_size = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["group__name", "pk"]

    def __str__(self):
        return self.group.name

    def get_absolute_url(self):
        return reverse("seminars:seminar", kwargs={"pk": self.pk})

    @property
    def name(self) -> str:
        return self.group.name


class DiscussionSection(models.Model):
    """A small discussion section of a seminar's students."""

    seminar = models.ForeignKey(Seminar, on_delete=models.CASCADE, related_name="sections")
    number = models.PositiveSmallIntegerField()
    members = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="seminar_sections")

    class Meta:
        ordering = ["seminar", "number"]
        constraints = [
            models.UniqueConstraint(fields=["seminar", "number"], name="discussion_section_unique")
        ]

    def __str__(self):
        return f"Section {self.number}"


class AssignmentQuerySet(models.QuerySet):
    def for_seminars(self, seminar_ids):
        return self.filter(seminar_id__in=seminar_ids)

    def open_at(self, when):
        """Assignments that accept work at `when` (late window included)."""
        return self.filter(opens_at__lte=when).filter(
            models.Q(late_until__gt=when) | models.Q(late_until__isnull=True, due_at__gt=when)
        )


class Assignment(models.Model):
    """A reading to annotate: a range of one edition, with its dates and rules."""

    class PeerRule(models.TextChoices):
        ALWAYS = "always", "Always visible"
        AFTER_POSTING = "after-posting", "Hidden until the student has posted N annotations"
        AFTER_DUE = "after-due", "Hidden until the due time"
        ON_REVEAL = "on-reveal", "Hidden until the instructor reveals them"

    seminar = models.ForeignKey(Seminar, on_delete=models.CASCADE, related_name="assignments")
    title = models.CharField(max_length=200)
    edition = models.ForeignKey("edition.Edition", on_delete=models.CASCADE, related_name="+")
    # The assigned range: every passage of the edition from start to end, in reading order.
    start_passage = models.ForeignKey("edition.Passage", on_delete=models.CASCADE, related_name="+")
    end_passage = models.ForeignKey("edition.Passage", on_delete=models.CASCADE, related_name="+")
    range_label = models.CharField(max_length=300, blank=True)  # as the instructor typed it
    instructions = models.TextField(blank=True)
    instructions_html = models.TextField(blank=True)  # sanitized rendering of `instructions`
    opens_at = models.DateTimeField()
    due_at = models.DateTimeField()
    late_until = models.DateTimeField(null=True, blank=True)
    late_penalty = models.PositiveSmallIntegerField(default=0, help_text="Percent of the total.")
    min_annotations = models.PositiveSmallIntegerField(default=3)
    min_replies = models.PositiveSmallIntegerField(default=0)
    participation_points = models.PositiveSmallIntegerField(default=0)
    peer_rule = models.CharField(max_length=20, choices=PeerRule.choices, default=PeerRule.ALWAYS)
    peer_threshold = models.PositiveSmallIntegerField(default=1)  # N for AFTER_POSTING
    anonymous = models.BooleanField(default=False, help_text="Students see peers as “Student N”.")
    revealed_at = models.DateTimeField(null=True, blank=True)
    released_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)

    objects = AssignmentQuerySet.as_manager()

    class Meta:
        ordering = ["due_at", "pk"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("seminars:assignment", kwargs={"pk": self.pk})

    @property
    def closes_at(self):
        """The last moment work counts: the end of the late window, or the due time."""
        return self.late_until or self.due_at

    @property
    def is_open(self) -> bool:
        return self.opens_at <= timezone.now() < self.closes_at

    @property
    def participation_target(self) -> int:
        return self.min_annotations + self.min_replies


class RubricCriterion(models.Model):
    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="criteria")
    position = models.PositiveSmallIntegerField(default=0)
    name = models.CharField(max_length=120)
    description = models.CharField(max_length=500, blank=True)
    points = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["assignment", "position", "pk"]

    def __str__(self):
        return f"{self.name} ({self.points})"


class Score(models.Model):
    """Points for one student on one criterion. Append-only: the latest row counts."""

    criterion = models.ForeignKey(RubricCriterion, on_delete=models.CASCADE, related_name="scores")
    student = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    points = models.DecimalField(max_digits=6, decimal_places=2)
    scorer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created", "pk"]
        indexes = [models.Index(fields=["criterion", "student", "created"])]

    def __str__(self):
        return f"{self.points} for {self.student} on {self.criterion}"


class Feedback(models.Model):
    """Instructor feedback, seen only by the student and the seminar's teaching staff.

    On an annotation it is a private reply, shown at once; without one it is the overall
    comment on the student's assignment, shown when the scores are released.
    """

    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="feedback")
    student = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    annotation = models.ForeignKey(
        "annotations.Annotation", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    body = models.TextField()
    body_html = models.TextField()
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created", "pk"]

    def __str__(self):
        return f"feedback to {self.student} by {self.author}"


class Featured(models.Model):
    """An exemplary annotation shown to the whole class, whatever the peer rule."""

    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="featured")
    annotation = models.ForeignKey(
        "annotations.Annotation", on_delete=models.CASCADE, related_name="+"
    )
    featured_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["assignment", "annotation"], name="featured_unique")
        ]

    def __str__(self):
        return f"annotation {self.annotation_id} featured in {self.assignment}"

"""Seminar workflows through their services."""

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from accounts.models import User
from annotations.models import Annotation
from groups.models import GroupInvite, Membership
from seminars import services
from seminars.models import Assignment, Score
from seminars.roster import roster_parse
from seminars.work import Status, student_work
from tests.base import SeminarTestCase
from tests.factories import make_annotation, make_assignment, make_reply, make_user


class SeminarServiceTests(SeminarTestCase):
    def test_it_creates_a_seminar_with_its_instructor_and_a_join_code(self):
        seminar = services.seminar_create(creator=self.ines, name="Proust", term="Fall")
        self.assertEqual(seminar.group.kind, "seminar")
        self.assertEqual(seminar.group.memberships.get().role, Membership.Role.OWNER)
        self.assertIs(GroupInvite.objects.usable().filter(group=seminar.group).exists(), True)

    def test_closing_a_seminar_revokes_its_codes_and_refuses_new_students(self):
        seminar = services.seminar_create(creator=self.ines, name="Proust")
        invite = GroupInvite.objects.get(group=seminar.group)
        services.seminar_update(
            seminar=seminar, by=self.ines, joining_open=False, assistants_edit_rubric=False
        )
        newcomer = make_user("nina")
        with self.assertRaisesMessage(services.SeminarError, "closed to new students"):
            services.seminar_join(invite=invite, user=newcomer)
        self.assertIs(Membership.objects.filter(user=newcomer).exists(), False)
        invite.refresh_from_db()
        self.assertIs(invite.is_usable, False)

    def test_joining_an_open_seminar_makes_a_student(self):
        seminar = services.seminar_create(creator=self.ines, name="Proust")
        invite = GroupInvite.objects.get(group=seminar.group)
        membership = services.seminar_join(invite=invite, user=self.sol)
        self.assertEqual(membership.role, Membership.Role.MEMBER)


class RosterTests(SeminarTestCase):
    def test_it_reports_each_bad_row_with_its_line_number(self):
        cases = [
            ("email,name\nnot-an-email,Ann\nb@example.org,Bo\n", [2]),
            ("a@example.org,Ann\n\na@example.org,Again\n", [3]),
            ("a@example.org,Ann\nb@@x,Bo\nc@x,Cy\n", [2, 3]),
            ("a@example.org,Ann\nb@example.org\n", []),
        ]
        for text, lines in cases:
            with self.subTest(text):
                _, problems = roster_parse(text)
                self.assertEqual([p.line for p in problems], lines)

    def test_a_roster_with_a_bad_row_imports_nobody(self):
        text = "email,name\nnew.one@example.org,New One\nwrong-address,Bad Row\n"
        with self.assertRaises(services.RosterError) as caught:
            services.roster_import(seminar=self.seminar, text=text)
        self.assertEqual([p.line for p in caught.exception.problems], [3])
        self.assertIs(User.objects.filter(email="new.one@example.org").exists(), False)

    def test_a_good_roster_adds_known_and_new_students(self):
        text = "SOL@example.org,Sol\nnew.one@example.org,New One\nivo@example.org,Ivo\n"
        result = services.roster_import(seminar=self.seminar, text=text)
        self.assertEqual((result.created, result.added, result.already), (1, 1, 1))
        new = User.objects.get(email="new.one@example.org")
        self.assertEqual(new.display_name, "New One")
        self.assertIs(new.has_usable_password(), False)
        self.assertEqual(self.seminar.group.memberships.get(user=self.ivo).role, "member")

    def test_sections_hold_about_the_asked_number_of_students(self):
        for n in range(5):
            Membership.objects.create(group=self.seminar.group, user=make_user(f"s{n}"))
        cases = [(2, [1, 2, 2, 2]), (3, [3, 4]), (4, [3, 4]), (10, [7])]
        for size, sizes in cases:
            with self.subTest(size=size):
                sections = services.sections_form(seminar=self.seminar, size=size)
                self.assertEqual([s.members.count() for s in sections], sizes)


class AssignmentServiceTests(SeminarTestCase):
    def _save(self, **values):
        now = timezone.now()
        values = {
            "opens_at": now,
            "due_at": now + timedelta(days=1),
            "start": "chapter-1",
            "end": "",
            "title": "T",
            "instructions": "",
            **values,
        }
        return services.assignment_save(
            seminar=self.seminar, by=self.ines, edition=self.edition, **values
        )

    def test_it_refuses_bad_input_and_writes_nothing(self):
        now = timezone.now()
        cases = [
            ({"due_at": now - timedelta(hours=1)}, "due time must be after"),
            ({"late_until": now}, "late window must end after"),
            ({"start": "chapter-9"}, "neither a section nor a passage"),
            ({"start": "p3", "end": "p1"}, "ends before it starts"),
            ({"late_penalty": 120}, "percentage"),
        ]
        for values, message in cases:
            with self.subTest(message), self.assertRaisesMessage(services.SeminarError, message):
                self._save(**values)
        self.assertEqual(Assignment.objects.count(), 0)

    def test_a_range_is_resolved_from_sections_and_passages(self):
        cases = [
            ("chapter-1", "", "p1", "p3"),
            ("p2", "", "p2", "p2"),
            ("p2", "chapter-2", "p2", "p4"),
            ("chapter-1", "p4", "p1", "p4"),
        ]
        for start, end, first, last in cases:
            with self.subTest(start=start, end=end):
                assignment = self._save(start=start, end=end)
                self.assertEqual(
                    (assignment.start_passage.anchor, assignment.end_passage.anchor), (first, last)
                )

    def test_instructions_are_sanitized_like_annotation_bodies(self):
        assignment = self._save(
            instructions="Read **closely** <script>x()</script>[a](javascript:alert(1))"
        )
        self.assertIn("<strong>closely</strong>", assignment.instructions_html)
        self.assertNotIn("<script", assignment.instructions_html)
        self.assertNotIn('href="javascript', assignment.instructions_html)

    def test_annotating_through_the_assignment_shares_with_the_seminar(self):
        assignment = make_assignment(self.seminar, self.edition, start="chapter-1")
        note = services.assignment_annotate(
            assignment=assignment, author=self.sam, passage=self.p1, body="Mine."
        )
        self.assertEqual((note.visibility, note.group_id), ("group", self.seminar.pk))
        self.assertEqual(student_work(assignment, [self.sam])[0].annotations, 1)
        with self.assertRaisesMessage(services.SeminarError, "not part of the assignment"):
            services.assignment_annotate(
                assignment=assignment, author=self.sam, passage=self.p4, body="Outside."
            )

    def test_private_notes_on_the_range_count_once_shared(self):
        assignment = make_assignment(self.seminar, self.edition, start="chapter-1")
        make_annotation(self.sam, self.p2, body="private")
        self.assertEqual(student_work(assignment, [self.sam])[0].annotations, 0)
        self.assertEqual(services.notes_share(assignment=assignment, student=self.sam), 1)
        self.assertEqual(student_work(assignment, [self.sam])[0].annotations, 1)


class StatusAndTotalTests(SeminarTestCase):
    def _work(self, assignment, *, now=None):
        return student_work(assignment, [self.sam], now=now)[0]

    def test_the_status_follows_the_minimums_and_the_due_time(self):
        assignment = make_assignment(
            self.seminar, self.edition, start="chapter-1", min_annotations=1, min_replies=1
        )
        later = assignment.due_at + timedelta(hours=1)
        self.assertEqual(self._work(assignment).status, Status.NOT_STARTED)
        self.assertEqual(self._work(assignment, now=later).status, Status.LATE)
        note = make_annotation(self.sam, self.p1, visibility="group", group=self.seminar.group)
        work = self._work(assignment)
        self.assertEqual((work.status, work.progress_percent), (Status.IN_PROGRESS, 50))
        make_reply(self.sam, note)
        self.assertEqual(self._work(assignment).status, Status.DONE)
        Annotation.objects.filter(author=self.sam).update(created=later - timedelta(minutes=5))
        self.assertEqual(self._work(assignment, now=later).status, Status.LATE)

    def test_totals_combine_rubric_participation_and_the_late_penalty(self):
        assignment = make_assignment(
            self.seminar,
            self.edition,
            start="chapter-1",
            min_annotations=2,
            min_replies=0,
            participation_points=10,
            late_penalty=50,
            late_until=timezone.now() + timedelta(days=9),
        )
        criterion = services.criteria_set(
            assignment=assignment, criteria=[{"name": "Close reading", "points": 10}]
        )[0]
        services.score_record(
            criterion=criterion, student=self.sam, points=Decimal(6), scorer=self.tara
        )
        make_annotation(self.sam, self.p1, visibility="group", group=self.seminar.group)
        self.assertEqual(self._work(assignment).total, Decimal("11.00"))  # 6 + 10 * 1/2
        make_annotation(self.sam, self.p2, visibility="group", group=self.seminar.group)
        self.assertEqual(self._work(assignment).total, Decimal("16.00"))
        Annotation.objects.filter(author=self.sam).update(
            created=assignment.due_at + timedelta(days=1)
        )
        self.assertEqual(self._work(assignment).total, Decimal("8.00"))

    def test_scores_are_kept_as_history_and_the_latest_counts(self):
        assignment = make_assignment(self.seminar, self.edition)
        criterion = services.criteria_set(
            assignment=assignment, criteria=[{"name": "Argument", "points": 5}]
        )[0]
        services.scores_record(
            assignment=assignment,
            student=self.sam,
            points={criterion.pk: Decimal(3)},
            scorer=self.tara,
        )
        services.scores_record(
            assignment=assignment,
            student=self.sam,
            points={criterion.pk: Decimal(4)},
            scorer=self.ines,
        )
        services.scores_record(
            assignment=assignment,
            student=self.sam,
            points={criterion.pk: Decimal(4)},
            scorer=self.ines,
        )
        self.assertEqual(list(Score.objects.values_list("points", flat=True)), [3, 4])
        self.assertEqual(self._work(assignment).rubric, Decimal(4))
        with self.assertRaisesMessage(services.SeminarError, "between 0 and 5"):
            services.score_record(
                criterion=criterion, student=self.sam, points=Decimal(6), scorer=self.ines
            )


class CopyTests(SeminarTestCase):
    def test_copying_brings_the_rubric_and_the_instructors_annotations(self):
        assignment = make_assignment(self.seminar, self.edition, start="chapter-1")
        services.criteria_set(assignment=assignment, criteria=[{"name": "A", "points": 3}])
        make_annotation(
            self.ines,
            self.p1,
            body="Look here.",
            visibility="group",
            group=self.seminar.group,
            start=0,
            end=3,
        )
        make_annotation(
            self.sam, self.p1, body="Student work.", visibility="group", group=self.seminar.group
        )
        mine = services.seminar_create(creator=self.ines, name="Next year")
        copy = services.assignment_copy(assignment=assignment, seminar=mine, by=self.ines)
        self.assertEqual(
            (copy.seminar, copy.start_passage, copy.title),
            (mine, assignment.start_passage, assignment.title),
        )
        self.assertEqual(list(copy.criteria.values_list("name", "points")), [("A", 3)])
        copied = Annotation.objects.get(group=mine.group)
        self.assertEqual(
            (copied.body, copied.author, copied.selector_exact), ("Look here.", self.ines, "The")
        )

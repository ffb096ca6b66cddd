"""Seminar pages over HTTP: forms, messages for bad input, exports."""

import csv
import io
import json
import re
from datetime import timedelta
from html import unescape

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from accounts.models import User
from groups.models import GroupInvite, Membership
from notifications.models import Notification
from seminars import services
from seminars.models import Assignment, Seminar
from tests.base import SeminarTestCase
from tests.factories import make_annotation, make_assignment, make_reply, make_user

FMT = "%Y-%m-%dT%H:%M"


class SeminarPageTests(SeminarTestCase):
    def test_an_instructor_creates_a_seminar_and_sees_its_join_code(self):
        self.client.force_login(self.ines)
        response = self.client.post("/seminars/new/", {"name": "Proust", "term": "Fall"})
        seminar = Seminar.objects.get(group__name="Proust")
        self.assertRedirects(response, f"/seminars/{seminar.pk}/roster/")
        code = GroupInvite.objects.get(group=seminar.group).code
        self.assertContains(self.client.get(response.url), code)

    def test_a_student_joins_by_code_and_a_closed_seminar_says_so(self):
        seminar = services.seminar_create(creator=self.ines, name="Proust")
        code = GroupInvite.objects.get(group=seminar.group).code
        newcomer = make_user("nina")
        self.client.force_login(newcomer)
        response = self.client.post("/seminars/join/", {"code": code, "confirm": "1"})
        self.assertRedirects(response, f"/seminars/{seminar.pk}/")
        services.seminar_update(
            seminar=seminar, by=self.ines, joining_open=False, assistants_edit_rubric=False
        )
        late = make_user("lou")
        self.client.force_login(late)
        response = self.client.post(f"/seminars/join/{code}/", {"confirm": "1"})
        self.assertContains(response, "closed to new students", status_code=404)
        self.assertIs(Membership.objects.filter(user=late).exists(), False)

    def test_a_roster_with_bad_lines_lists_them_and_imports_nobody(self):
        self.client.force_login(self.ines)
        upload = SimpleUploadedFile("roster.csv", b"email,name\nok@example.org,Ok\nnope,Bad\n")
        response = self.client.post(f"/seminars/{self.seminar.pk}/roster/import/", {"file": upload})
        self.assertContains(response, "Line 3:", status_code=400)
        self.assertContains(response, "Nothing was imported", status_code=400)
        self.assertIs(User.objects.filter(email="ok@example.org").exists(), False)
        response = self.client.post(
            f"/seminars/{self.seminar.pk}/roster/import/", {"text": "ok@example.org,Ok\n"}
        )
        self.assertRedirects(response, f"/seminars/{self.seminar.pk}/roster/")
        self.assertIs(User.objects.filter(email="ok@example.org").exists(), True)

    def test_the_instructor_makes_a_student_an_assistant(self):
        self.client.force_login(self.ines)
        self.client.post(
            f"/seminars/{self.seminar.pk}/members/{self.sol.pk}/role/", {"role": "moderator"}
        )
        self.assertEqual(self.seminar.group.memberships.get(user=self.sol).role, "moderator")


class AssignmentPageTests(SeminarTestCase):
    def _form(self, **values):
        now = timezone.localtime()
        return {
            "title": "Week 1",
            "edition": self.edition.pk,
            "start": "chapter-1",
            "end": "",
            "instructions": "Read *closely*.",
            "opens_at": now.strftime(FMT),
            "due_at": (now + timedelta(days=2)).strftime(FMT),
            "late_until": "",
            "late_penalty": "10",
            "min_annotations": "2",
            "min_replies": "1",
            "participation_points": "10",
            "peer_rule": "after-posting",
            "peer_threshold": "1",
            **values,
        }

    def test_bad_assignment_input_is_named_and_nothing_is_saved(self):
        self.client.force_login(self.ines)
        now = timezone.localtime()
        cases = [
            ({"due_at": (now - timedelta(days=1)).strftime(FMT)}, "due time must be after"),
            ({"start": "chapter-7"}, "neither a section nor a passage"),
            ({"start": "p3", "end": "p1"}, "ends before it starts"),
        ]
        for values, message in cases:
            with self.subTest(message):
                response = self.client.post(
                    f"/seminars/{self.seminar.pk}/assignments/new/", self._form(**values)
                )
                self.assertContains(response, message, status_code=400)
        self.assertEqual(Assignment.objects.count(), 0)

    def test_an_instructor_sets_an_assignment_and_a_student_sees_it(self):
        self.client.force_login(self.ines)
        response = self.client.post(f"/seminars/{self.seminar.pk}/assignments/new/", self._form())
        assignment = Assignment.objects.get()
        self.assertRedirects(response, assignment.get_absolute_url())
        self.client.force_login(self.sam)
        page = self.client.get("/assignments/")
        self.assertContains(page, "Week 1")
        self.assertContains(page, "not started")
        self.assertContains(self.client.get(assignment.get_absolute_url()), "<em>closely</em>")

    def test_a_student_annotates_through_the_assignment(self):
        assignment = make_assignment(self.seminar, self.edition, start="chapter-1")
        self.client.force_login(self.sam)
        url = f"/assignments/{assignment.pk}/annotate/?passage=p2"
        self.assertEqual(self.client.get(url).status_code, 200)
        self.client.post(url, {"body": "A reading.", "tags": ""})
        note = self.sam.annotations.get()
        self.assertEqual((note.group_id, note.passage), (self.seminar.pk, self.p2))
        self.assertContains(self.client.get("/assignments/"), "in progress")
        outside = f"/assignments/{assignment.pk}/annotate/?passage=p4"
        self.assertEqual(self.client.get(outside).status_code, 404)

    def test_the_dashboard_shows_each_student_and_the_charts(self):
        assignment = make_assignment(self.seminar, self.edition, start="chapter-1")
        note = make_annotation(
            self.sam, self.p1, body="one two three", visibility="group", group=self.seminar.group
        )
        make_reply(self.sol, note, body="four five")
        self.client.force_login(self.tara)
        response = self.client.get(f"/assignments/{assignment.pk}/dashboard/")
        self.assertContains(response, 'data-student="sam"')
        self.assertContains(response, 'data-student="sol"')
        self.assertContains(response, '<svg class="chart activity"')
        # Axes with values, and the numbers as a table for those who cannot see the bars.
        self.assertContains(response, 'class="axis-line"')
        self.assertContains(response, "<summary>The numbers</summary>")
        self.assertContains(response, "<td>2</td></tr>")  # two posts today
        self.assertContains(response, '<svg class="chart heat-strip"')
        self.assertEqual(response.content.decode().count('class="heat"'), 3)

    def test_grades_and_annotations_export(self):
        assignment = make_assignment(
            self.seminar, self.edition, start="chapter-1", min_annotations=1, min_replies=0
        )
        services.criteria_set(assignment=assignment, criteria=[{"name": "Argument", "points": 5}])
        make_annotation(
            self.sam, self.p1, body="=cmd()", visibility="group", group=self.seminar.group
        )
        self.client.force_login(self.ines)
        rows = list(
            csv.reader(
                io.StringIO(
                    self.client.get(f"/assignments/{assignment.pk}/grades.csv").content.decode()
                )
            )
        )
        self.assertEqual(rows[0][:4], ["username", "name", "email", "status"])
        self.assertEqual([r[0] for r in rows[1:]], ["sam", "sol"])
        self.assertEqual(rows[1][3:5], ["done", "1"])
        response = self.client.get(f"/assignments/{assignment.pk}/annotations.jsonld")
        data = json.loads(response.content)
        self.assertEqual((data["type"], data["total"]), ("AnnotationCollection", 1))
        self.assertIn("ld+json", response["Content-Type"])

    def test_the_student_page_says_the_peer_rule_and_progress_in_plain_words(self):
        assignment = make_assignment(
            self.seminar,
            self.edition,
            peer_rule="after-posting",
            peer_threshold=2,
            min_annotations=2,
        )
        self.client.force_login(self.sam)
        page = self.client.get(assignment.get_absolute_url()).content.decode()
        self.assertIn("shown once you have posted 2 annotations", page)
        self.assertIn("0 annotations (2 asked for)", page)
        self.assertNotIn("N =", page)
        self.assertNotIn("as who can see it", page)

    def test_released_scores_and_feedback_reach_the_student(self):
        assignment = make_assignment(self.seminar, self.edition)
        criterion = services.criteria_set(
            assignment=assignment, criteria=[{"name": "Argument", "points": 5}]
        )[0]
        self.client.force_login(self.ines)
        base = f"/assignments/{assignment.pk}/students/{self.sam.pk}/"
        self.client.post(base + "scores/", {f"c{criterion.pk}": "4"})
        self.client.post(base + "feedback/", {"body": "Well argued."})
        self.client.force_login(self.sam)
        self.assertNotContains(self.client.get(assignment.get_absolute_url()), "Well argued")
        with self.captureOnCommitCallbacks(execute=True):
            services.assignment_release(assignment=assignment)
        told = Notification.objects.filter(kind="release").values_list("recipient__username")
        self.assertEqual(sorted(told), [("sam",), ("sol",)])  # the students, not the staff
        page = self.client.get(assignment.get_absolute_url())
        self.assertContains(page, "Well argued")
        self.assertContains(page, "<strong data-total>4</strong>", html=False)

    def test_an_assignment_is_copied_into_another_seminar_of_the_instructor(self):
        assignment = make_assignment(self.seminar, self.edition)
        target = services.seminar_create(creator=self.ines, name="Next year")
        self.client.force_login(self.ines)
        response = self.client.post(f"/assignments/{assignment.pk}/copy/", {"seminar": target.pk})
        copy = Assignment.objects.get(seminar=target)
        self.assertRedirects(response, f"/assignments/{copy.pk}/edit/")
        response = self.client.post(
            f"/assignments/{assignment.pk}/copy/", {"seminar": self.other.pk}
        )
        self.assertEqual(response.status_code, 200)  # not a seminar of hers: form error
        self.assertEqual(Assignment.objects.filter(seminar=self.other).count(), 0)


class ReadingPageRoutingTests(SeminarTestCase):
    """On the normal reading pages, a student's notes in an open assignment's range go to
    the seminar by default (issue 6)."""

    def setUp(self):
        self.assignment = make_assignment(
            self.seminar, self.edition, start="p2", end="p3", title="Week 1"
        )

    def _routes(self, user) -> dict:
        self.client.force_login(user)
        page = self.client.get("/editions/thesis/chapter-1/").content.decode()
        return json.loads(unescape(re.search(r'data-assignments="([^"]*)"', page)[1]))

    def test_the_section_page_maps_passages_of_the_range_to_the_assignment(self):
        route = {
            "group": self.seminar.pk,
            "assignment": self.assignment.pk,
            "label": "Goes to Close reading: Week 1",
        }
        cases = [
            (self.sam, {"p2": route, "p3": route}),
            (self.ines, {}),
            (self.tara, {}),
            (self.ivo, {}),
        ]
        for user, expected in cases:
            with self.subTest(user.username):
                self.assertEqual(self._routes(user), expected)

    def test_closed_assignments_route_nothing(self):
        Assignment.objects.update(
            opens_at=timezone.now() - timedelta(days=9), due_at=timezone.now() - timedelta(days=1)
        )
        self.assertEqual(self._routes(self.sam), {})

    def test_the_mapping_takes_the_same_queries_however_many_assignments(self):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        from annotations.templatetags.annotations_reader import reader_assignments

        counts, section = [], self.p1.section
        for extra in range(3):
            make_assignment(self.other, self.edition, start="p1", title=f"Other {extra}")
            with CaptureQueriesContext(connection) as queries:
                reader_assignments(self.sam, section)
            counts.append(len(queries))
        self.assertEqual(counts, [2, 2, 2])

    def test_the_no_js_form_defaults_to_the_seminar_and_says_so(self):
        self.client.force_login(self.sam)
        url = "/annotations/new/?passage=thesis:p2"
        response = self.client.get(url)
        self.assertContains(response, "Goes to Close reading: Week 1")
        form = response.context["form"]
        self.assertEqual(
            (form["visibility"].value(), form["group"].value()), ("group", self.seminar.pk)
        )
        response = self.client.post(
            url, {"body": "Routed", "visibility": "group", "group": self.seminar.pk}
        )
        self.assertEqual(response.status_code, 302)
        self.client.force_login(self.ines)
        dashboard = self.client.get(f"/assignments/{self.assignment.pk}/dashboard/")
        row = next(r for r in dashboard.context["rows"] if r.student == self.sam)
        self.assertEqual(row.annotations, 1)

    def test_the_no_js_form_outside_the_range_stays_private(self):
        self.client.force_login(self.sam)
        response = self.client.get("/annotations/new/?passage=thesis:p1")
        self.assertNotContains(response, "Goes to")
        self.assertEqual(response.context["form"]["visibility"].value(), "private")

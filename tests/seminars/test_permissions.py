"""The seminar permission matrix: who sees whose work, by every route.

A student never sees peers' work that an assignment hides: not on pages, in the API (list,
detail, counts) or in exports. Teaching staff always see their seminar's work, and nothing
private of another seminar.
"""

import json
from datetime import timedelta

from django.utils import timezone

from annotations.exports import csv_response, jsonld_response
from annotations.models import Annotation
from notifications.models import Notification
from seminars import services
from seminars.models import Assignment, Featured, RubricCriterion
from tests.base import SeminarTestCase
from tests.factories import make_annotation, make_assignment, make_reply

SECRET = "Sol's secret reading"


class PeerVisibilityTests(SeminarTestCase):
    def setUp(self):
        self.note = make_annotation(
            self.sol, self.p2, body=SECRET, visibility="group", group=self.seminar.group
        )

    def _routes(self, user) -> dict[str, bool]:
        """Whether `user` sees Sol's note by each route."""
        self.client.force_login(user)
        pk, group = self.note.pk, self.seminar.pk
        counts = self.client.get("/api/annotations/counts/?edition=thesis&section=chapter-1")
        listed = self.client.get(f"/api/annotations/?group={group}").content.decode()
        page = self.client.get(f"/assignments/{self.assignment.pk}/").content.decode()
        export = self.client.get("/annotations/export.jsonld").content.decode()
        group_export = self.client.get(f"/groups/{group}/export.jsonld").content.decode()
        return {
            "api list": SECRET in listed,
            "api detail": self.client.get(f"/api/annotations/{pk}/").status_code == 200,
            "api counts": counts.json()["passages"].get("p2", {}).get("annotations", 0) > 0,
            "discussion page": self.client.get(f"/annotations/{pk}/").status_code == 200,
            "assignment page": SECRET in page,
            "exports": SECRET in export or SECRET in group_export,
            "query": Annotation.objects.visible_to(user).filter(pk=pk).exists(),
        }

    def _assert_sight(self, user, expected: bool, exports: bool | None = None):
        for route, seen in self._routes(user).items():
            want = expected if route != "exports" or exports is None else exports
            with self.subTest(user=user.username, route=route):
                self.assertIs(seen, want)

    def test_each_rule_hides_peers_work_from_students_by_every_route(self):
        due_passed = {
            "opens_at": timezone.now() - timedelta(days=3),
            "due_at": timezone.now() - timedelta(days=1),
        }

        def sam_posts():
            make_annotation(
                self.sam, self.p1, body="Sam's own", visibility="group", group=self.seminar.group
            )

        def reveal():
            services.assignment_reveal(assignment=self.assignment)

        cases = [
            ("always", {}, None, True),
            ("after-posting", {}, None, False),
            ("after-posting", {}, sam_posts, True),
            ("after-due", {}, None, False),
            ("after-due", due_passed, None, True),
            ("on-reveal", {}, None, False),
            ("on-reveal", {}, reveal, True),
        ]
        for rule, dates, action, visible in cases:
            with self.subTest(rule=rule, action=action and action.__name__):
                Annotation.objects.filter(author=self.sam).delete()
                Assignment.objects.all().delete()
                self.note.created = timezone.now() - timedelta(minutes=1)
                self.assignment = make_assignment(
                    self.seminar, self.edition, start="chapter-1", peer_rule=rule, **dates
                )
                if action:
                    action()
                # Sam's own exports never hold Sol's work; group exports are for owners.
                self._assert_sight(self.sam, visible, exports=False)

    def test_teaching_staff_always_see_the_work(self):
        self.assignment = make_assignment(
            self.seminar, self.edition, start="chapter-1", peer_rule="on-reveal"
        )
        self._assert_sight(self.tara, True, exports=False)
        self._assert_sight(self.ines, True)

    def test_the_teaching_staffs_notes_stay_visible_to_students_while_peers_are_hidden(self):
        self.assignment = make_assignment(
            self.seminar, self.edition, start="chapter-1", peer_rule="on-reveal"
        )
        group = self.seminar.group
        staff_notes = [
            make_annotation(author, self.p2, body=body, visibility="group", group=group)
            for author, body in ((self.ines, "Instructor's note"), (self.tara, "Assistant's note"))
        ]
        self.client.force_login(self.sam)
        for note in staff_notes:
            with self.subTest(author=note.author.username):
                response = self.client.get(f"/api/annotations/{note.pk}/")
                self.assertEqual(response.status_code, 200)
                self.assertEqual(response.json()["body"][0]["value"], note.body)
        self.assertEqual(self.client.get(f"/api/annotations/{self.note.pk}/").status_code, 404)

    def test_work_outside_the_range_is_not_hidden(self):
        self.assignment = make_assignment(
            self.seminar, self.edition, start="p1", peer_rule="on-reveal"
        )
        self.assertIs(
            Annotation.objects.visible_to(self.sam).filter(pk=self.note.pk).exists(), True
        )

    def test_a_featured_annotation_is_shown_to_the_class_whatever_the_rule(self):
        self.assignment = make_assignment(
            self.seminar, self.edition, start="chapter-1", peer_rule="on-reveal"
        )
        Featured.objects.create(
            assignment=self.assignment, annotation=self.note, featured_by=self.ines
        )
        self.client.force_login(self.sam)
        self.assertEqual(self.client.get(f"/api/annotations/{self.note.pk}/").status_code, 200)
        self.assertContains(self.client.get(self.assignment.get_absolute_url()), SECRET)


class AnonymityTests(SeminarTestCase):
    """On an anonymous assignment's range, a student peer sees Sol as "Student 2" by every
    route that names an author; Sol herself and the teaching staff see her name."""

    def setUp(self):
        self.assignment = make_assignment(
            self.seminar, self.edition, start="chapter-1", anonymous=True
        )
        self.note = make_annotation(self.sol, self.p2, visibility="group", group=self.seminar.group)

    def _routes(self, viewer) -> dict[str, str]:
        """What each route shows `viewer` of Sol's note."""
        self.client.force_login(viewer)
        pk, items = self.note.pk, Annotation.objects.filter(pk=self.note.pk).for_output()
        return {
            "api": json.dumps(self.client.get(f"/api/annotations/{pk}/").json()["creator"]),
            "discussion page": self.client.get(f"/annotations/{pk}/").content.decode(),
            "assignment page": self.client.get(self.assignment.get_absolute_url()).content.decode(),
            "citation": self.client.get(f"/cite/annotations/{pk}.txt").content.decode(),
            "csv export": csv_response(items, filename="x", user=viewer).content.decode(),
            "json-ld export": jsonld_response(
                items, filename="x", label="x", user=viewer
            ).content.decode(),
        }

    def test_peers_see_student_n_and_instructors_see_names_by_every_route(self):
        cases = [
            (self.sam, "Student 2", "student-2"),
            (self.sol, "Sol Student", "sol"),
            (self.ines, "Sol Student", "sol"),
            (self.tara, "Sol Student", "sol"),
        ]
        for viewer, name, nickname in cases:
            for route, shown in self._routes(viewer).items():
                with self.subTest(viewer=viewer.username, route=route):
                    self.assertIn(nickname if route == "csv export" else name, shown)
                    if viewer == self.sam:
                        self.assertNotIn("Sol Student", shown)

    def test_the_staff_exports_keep_names(self):
        self.client.force_login(self.ines)
        for url in [
            f"/groups/{self.seminar.pk}/export.csv",
            f"/assignments/{self.assignment.pk}/annotations.jsonld",
        ]:
            with self.subTest(url):
                self.assertContains(self.client.get(url), "sol")

    def test_a_peer_is_told_of_a_reply_by_student_n(self):
        with self.captureOnCommitCallbacks(execute=True):
            make_reply(self.sam, self.note, body="I read it otherwise.")
        notification = Notification.objects.get(recipient=self.sol)
        self.assertEqual(notification.text, "Student 1 replied to your annotation.")

    def test_names_show_outside_the_anonymous_range(self):
        note = make_annotation(self.sol, self.p4, visibility="group", group=self.seminar.group)
        self.client.force_login(self.sam)
        self.assertContains(self.client.get(f"/annotations/{note.pk}/"), "Sol Student")


class OtherSeminarTests(SeminarTestCase):
    def test_an_instructor_of_another_seminar_sees_nothing_private_here(self):
        assignment = make_assignment(self.seminar, self.edition, start="chapter-1")
        note = make_annotation(
            self.sam,
            self.p1,
            body="Sam in close reading",
            visibility="group",
            group=self.seminar.group,
        )
        self.client.force_login(self.ivo)
        urls = [
            f"/seminars/{self.seminar.pk}/",
            f"/seminars/{self.seminar.pk}/roster/",
            f"/assignments/{assignment.pk}/",
            f"/assignments/{assignment.pk}/dashboard/",
            f"/assignments/{assignment.pk}/students/{self.sam.pk}/",
            f"/assignments/{assignment.pk}/rubric/",
            f"/assignments/{assignment.pk}/grades.csv",
            f"/assignments/{assignment.pk}/annotations.jsonld",
            f"/annotations/{note.pk}/",
            f"/api/annotations/{note.pk}/",
        ]
        for url in urls:
            with self.subTest(url):
                self.assertEqual(self.client.get(url).status_code, 404)
        posts = [
            f"/assignments/{assignment.pk}/feature/{note.pk}/",
            f"/assignments/{assignment.pk}/students/{self.sam.pk}/scores/",
            f"/assignments/{assignment.pk}/release/",
            f"/seminars/{self.seminar.pk}/roster/import/",
        ]
        for url in posts:
            with self.subTest(url):
                self.assertEqual(self.client.post(url, {"body": "x"}).status_code, 404)
        self.assertNotContains(self.client.get("/api/annotations/"), "Sam in close reading")

    def test_students_cannot_reach_teaching_pages(self):
        assignment = make_assignment(self.seminar, self.edition)
        self.client.force_login(self.sam)
        for url in [
            f"/seminars/{self.seminar.pk}/roster/",
            f"/assignments/{assignment.pk}/dashboard/",
            f"/assignments/{assignment.pk}/students/{self.sol.pk}/",
            f"/assignments/{assignment.pk}/grades.csv",
            f"/assignments/{assignment.pk}/annotations.jsonld",
            f"/assignments/{assignment.pk}/edit/",
        ]:
            with self.subTest(url):
                self.assertEqual(self.client.get(url).status_code, 403)

    def test_private_feedback_reaches_only_its_student(self):
        assignment = make_assignment(self.seminar, self.edition, start="chapter-1")
        note = make_annotation(self.sam, self.p1, visibility="group", group=self.seminar.group)
        services.feedback_create(
            assignment=assignment,
            student=self.sam,
            author=self.ines,
            annotation=note,
            body="Private praise",
        )
        for user, sees in [(self.sam, True), (self.sol, False)]:
            with self.subTest(user.username):
                self.client.force_login(user)
                page = self.client.get(assignment.get_absolute_url()).content.decode()
                self.assertIs("Private praise" in page, sees)


class RubricPermissionTests(SeminarTestCase):
    def _post(self, user):
        self.client.force_login(user)
        return self.client.post(
            f"/assignments/{self.assignment.pk}/rubric/",
            {
                "c-TOTAL_FORMS": "1",
                "c-INITIAL_FORMS": "0",
                "c-0-name": "Changed",
                "c-0-points": "4",
            },
        )

    def setUp(self):
        self.assignment = make_assignment(self.seminar, self.edition)
        services.criteria_set(
            assignment=self.assignment, criteria=[{"name": "Original", "points": 5}]
        )

    def test_an_assistant_changes_criteria_only_when_the_seminar_allows_it(self):
        cases = [
            (self.tara, False, 403, "Original"),
            (self.tara, True, 302, "Changed"),
            (self.ines, False, 302, "Changed"),
            (self.sam, True, 403, "Original"),
        ]
        for user, allowed, status, name in cases:
            with self.subTest(user=user.username, allowed=allowed):
                self.seminar.assistants_edit_rubric = allowed
                self.seminar.save(update_fields=["assistants_edit_rubric"])
                RubricCriterion.objects.filter(assignment=self.assignment).update(name="Original")
                self.assertEqual(self._post(user).status_code, status)
                self.assertEqual(
                    list(self.assignment.criteria.values_list("name", flat=True)), [name]
                )

    def test_an_assistant_scores_and_the_instructor_sees_it(self):
        criterion = self.assignment.criteria.get()
        self.client.force_login(self.tara)
        url = f"/assignments/{self.assignment.pk}/students/{self.sam.pk}/"
        response = self.client.post(url + "scores/", {f"c{criterion.pk}": "3.5"})
        self.assertEqual(response.status_code, 302)
        self.client.force_login(self.ines)
        self.assertContains(self.client.get(url), "3.50 by Tara Assistant")

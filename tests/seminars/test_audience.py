"""The seminars' audience backend through the seam (annotations/audience.py): peers' work
hidden by the assignment's rule, "Student N" on anonymous ranges, and notes routed to an
open assignment's seminar."""

from datetime import timedelta

from django.utils import timezone

from annotations import audience
from annotations.models import Annotation
from seminars.audience import peers_hidden
from tests.base import SeminarTestCase
from tests.factories import make_annotation, make_assignment


class HiddenFromTests(SeminarTestCase):
    def setUp(self):
        self.note = make_annotation(self.sol, self.p2, visibility="group", group=self.seminar.group)

    def _sam_sees_the_note(self) -> bool:
        return Annotation.objects.visible_to(self.sam).filter(pk=self.note.pk).exists()

    def test_the_visibility_query_is_built_without_running_a_query(self):
        for n in range(3):
            make_assignment(self.seminar, self.edition, start="p1", title=f"Week {n}")
        make_assignment(self.seminar, self.edition, start="p1", peer_rule="after-posting")
        with self.assertNumQueries(0):
            Annotation.objects.visible_to(self.sam)
            audience.hidden_from(self.sam)

    def test_only_notes_that_count_for_the_assignment_lift_an_after_posting_rule(self):
        assignment = make_assignment(
            self.seminar, self.edition, start="chapter-1", peer_rule="after-posting"
        )
        group = self.seminar.group
        not_counted = [
            ("private", lambda: make_annotation(self.sam, self.p1, visibility="private")),
            ("another group", lambda: make_annotation(self.sam, self.p1, visibility="public")),
            (
                "outside the range",
                lambda: make_annotation(self.sam, self.p4, visibility="group", group=group),
            ),
        ]
        for label, post in not_counted:
            with self.subTest(label):
                post()
                self.assertIs(self._sam_sees_the_note(), False)
                self.assertIs(peers_hidden(assignment, self.sam), True)
        make_annotation(self.sam, self.p1, visibility="group", group=group)
        self.assertIs(self._sam_sees_the_note(), True)
        self.assertIs(peers_hidden(assignment, self.sam), False)

    def test_a_late_window_keeps_counting_notes_after_the_due_time(self):
        now = timezone.now()
        assignment = make_assignment(
            self.seminar,
            self.edition,
            start="chapter-1",
            peer_rule="after-posting",
            opens_at=now - timedelta(days=3),
            due_at=now - timedelta(days=1),
            late_until=now + timedelta(days=1),
        )
        make_annotation(self.sam, self.p1, visibility="group", group=self.seminar.group)
        self.assertIs(peers_hidden(assignment, self.sam), False)
        self.assertIs(self._sam_sees_the_note(), True)

    def test_signed_out_readers_and_non_students_get_no_hiding(self):
        from django.contrib.auth.models import AnonymousUser

        make_assignment(self.seminar, self.edition, start="chapter-1", peer_rule="on-reveal")
        self.assertIsNone(audience.hidden_from(AnonymousUser()))
        self.assertIs(
            Annotation.objects.visible_to(self.ines).filter(pk=self.note.pk).exists(), True
        )


class CreatorTests(SeminarTestCase):
    def test_a_peer_on_an_anonymous_range_is_student_n_to_students_only(self):
        make_assignment(self.seminar, self.edition, start="chapter-1", anonymous=True)
        note = make_annotation(self.sol, self.p2, visibility="group", group=self.seminar.group)
        note = Annotation.objects.for_output().get(pk=note.pk)
        cases = [(self.sam, "Student 2"), (self.sol, "Sol Student"), (self.ines, "Sol Student")]
        for viewer, name in cases:
            with self.subTest(viewer.username):
                self.assertEqual(audience.creator(note, viewer, {})["name"], name)

    def test_filtering_by_username_finds_no_peer_shown_as_student_n(self):
        make_assignment(self.seminar, self.edition, start="chapter-1", anonymous=True)
        group = self.seminar.group
        make_annotation(self.sol, self.p2, visibility="group", group=group)
        named = make_annotation(self.sol, self.p4, visibility="group", group=group)
        make_annotation(self.sam, self.p1, visibility="group", group=group)
        cases = [
            (self.sam, "sol", [named.pk]),  # only where Sol is named to Sam
            (self.sam, "sam", None),  # his own, all of them
            (self.ines, "sol", None),
        ]
        for viewer, username, expected in cases:
            with self.subTest(viewer=viewer.username, user=username):
                self.client.force_login(viewer)
                response = self.client.get(f"/api/annotations/?user={username}")
                ids = [
                    int(i["id"].rstrip("/").rsplit("/", 1)[1])
                    for i in response.json()["first"]["items"]
                ]
                mine = Annotation.objects.filter(author__username=username).values_list(
                    "pk", flat=True
                )
                self.assertEqual(sorted(ids), sorted(expected or mine))

    def test_a_response_reads_the_anonymous_ranges_once(self):
        make_assignment(self.seminar, self.edition, start="chapter-1", anonymous=True)
        notes = [
            make_annotation(self.sol, p, visibility="group", group=self.seminar.group)
            for p in (self.p1, self.p2, self.p3)
        ]
        notes = list(Annotation.objects.for_output().filter(pk__in=[n.pk for n in notes]))
        memo: dict = {}
        audience.creator(notes[0], self.sam, memo)
        with self.assertNumQueries(0):
            names = {audience.creator(n, self.sam, memo)["name"] for n in notes}
        self.assertEqual(names, {"Student 2"})


class DefaultShareTests(SeminarTestCase):
    def test_a_students_note_in_an_open_range_goes_to_the_seminar(self):
        assignment = make_assignment(self.seminar, self.edition, start="p2", title="Week 1")
        pairs = [(p.anchor, p.order) for p in (self.p1, self.p2)]
        shares = audience.default_shares(user=self.sam, edition_id=self.edition.pk, passages=pairs)
        self.assertEqual(
            shares,
            {
                "p2": audience.Share(
                    group_id=self.seminar.pk,
                    key=assignment.pk,
                    label="Goes to Close reading: Week 1",
                )
            },
        )
        for user in (self.ines, self.ivo):
            with self.subTest(user.username):
                self.assertEqual(
                    audience.default_shares(user=user, edition_id=self.edition.pk, passages=pairs),
                    {},
                )

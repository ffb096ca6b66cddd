"""The audience seam (annotations/audience.py): its loader, and annotations without any
backend, where nothing is hidden, authors keep their names and notes have no default."""

from django.core.exceptions import ImproperlyConfigured
from django.db.models import Q
from django.test import TestCase, override_settings

from annotations import audience
from annotations.models import Annotation
from notifications.models import Notification
from tests.base import SeminarTestCase
from tests.factories import (
    make_annotation,
    make_assignment,
    make_edition,
    make_reply,
    make_user,
)


class HidesAnnotationsTaggedSecret(audience.AudienceBackend):
    """A backend for the tests: hides from everyone but the author notes tagged "secret"."""

    def hidden_from(self, user):
        return Q(tag_index__contains="|secret|") & ~Q(author_id=user.pk)

    def creator(self, annotation, viewer, memo):
        return {"type": "Person", "nickname": "someone", "name": "Someone"}


BACKEND = "tests.annotations.test_audience.HidesAnnotationsTaggedSecret"


class LoaderTests(TestCase):
    def test_a_bad_dotted_path_is_named_in_the_error(self):
        for path in ["no.such.module.Backend", "seminars.audience.NoSuchBackend", "seminars"]:
            with (
                self.subTest(path),
                override_settings(ANNOTATION_AUDIENCE_BACKENDS=[path]),
                self.assertRaisesMessage(ImproperlyConfigured, repr(path)),
            ):
                audience.backends()

    def test_backends_are_read_from_settings_in_order(self):
        paths = [BACKEND, "seminars.audience.AssignmentAudience"]
        with override_settings(ANNOTATION_AUDIENCE_BACKENDS=paths):
            names = [type(b).__name__ for b in audience.backends()]
        self.assertEqual(names, ["HidesAnnotationsTaggedSecret", "AssignmentAudience"])

    def test_hiding_is_ored_and_the_first_backend_names_the_author(self):
        ana, rita = make_user("ana", display_name="Ana Annotator"), make_user("rita")
        p1 = make_edition().passages.order_by("order").first()
        make_annotation(ana, p1, visibility="public", tags=["secret"])
        plain = make_annotation(ana, p1, visibility="public")
        paths = ["seminars.audience.AssignmentAudience", BACKEND]
        with override_settings(ANNOTATION_AUDIENCE_BACKENDS=paths):
            seen = set(Annotation.objects.visible_to(rita).values_list("pk", flat=True))
            name = audience.creator(Annotation.objects.for_output().get(pk=plain.pk), rita, {})
        self.assertEqual(seen, {plain.pk})  # not the secret one
        self.assertEqual(name["name"], "Someone")


@override_settings(ANNOTATION_AUDIENCE_BACKENDS=[])
class WithoutBackendsTests(SeminarTestCase):
    """The seminar's rules are not consulted: a hiding, anonymous assignment open on the
    range changes nothing for Sam."""

    def setUp(self):
        self.assignment = make_assignment(
            self.seminar, self.edition, start="chapter-1", peer_rule="on-reveal", anonymous=True
        )
        self.note = make_annotation(self.sol, self.p2, visibility="group", group=self.seminar.group)
        self.client.force_login(self.sam)

    def test_peers_see_the_work_with_real_names(self):
        self.assertIsNone(audience.hidden_from(self.sam))
        self.assertIs(
            Annotation.objects.visible_to(self.sam).filter(pk=self.note.pk).exists(), True
        )
        creator = self.client.get(f"/api/annotations/{self.note.pk}/").json()["creator"]
        self.assertEqual(creator["name"], "Sol Student")
        self.assertContains(self.client.get(f"/annotations/{self.note.pk}/"), "Sol Student")
        self.assertContains(self.client.get(f"/cite/annotations/{self.note.pk}.txt"), "Sol Student")

    def test_a_reply_is_told_by_its_real_name(self):
        with self.captureOnCommitCallbacks(execute=True):
            make_reply(self.sam, self.note, body="I read it otherwise.")
        notification = Notification.objects.get(recipient=self.sol)
        self.assertEqual(notification.text, "Sam Student replied to your annotation.")

    def test_new_notes_have_no_default_group(self):
        response = self.client.get("/annotations/new/?passage=thesis:p2")
        self.assertNotContains(response, "Goes to")
        self.assertEqual(response.context["form"]["visibility"].value(), "private")
        page = self.client.get("/editions/thesis/chapter-1/").content.decode()
        self.assertIn('data-assignments="{}"', page)

"""Who is told about a moderation decision, and what."""

from annotations.moderation.models import Flag
from notifications.models import Notification
from tests.base import PersonaTestCase
from tests.factories import make_annotation, make_decision


class DecisionNotificationTests(PersonaTestCase):
    def test_a_decision_tells_the_author_the_reason(self):
        note = make_annotation(self.ana, self.p1, visibility="public")
        with self.captureOnCommitCallbacks(execute=True):
            make_decision(note, self.sofia, "hide", reason="copyright", note="Long quote.")
        told = Notification.objects.get(recipient=self.ana)
        self.assertIn("Copyright", told.text)
        self.assertIn("appeal", told.text)

    def test_a_note_kept_after_a_flag_tells_its_author_it_was_flagged_and_kept(self):
        note = make_annotation(self.ana, self.p1, visibility="public")
        Flag.objects.create(annotation=note, flagger=self.rita, reason="off_topic")
        with self.captureOnCommitCallbacks(execute=True):
            make_decision(note, self.sofia, "approve", reason="fine")
        told = Notification.objects.get(recipient=self.ana)
        self.assertIn("A reader flagged your annotation", told.text)
        self.assertIn("kept it as it is", told.text)
        self.assertNotIn("approve", told.text)

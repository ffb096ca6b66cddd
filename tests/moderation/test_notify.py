"""Who is told about a moderation decision, and what."""

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

"""Suspensions: what they stop, where, and until when."""

from annotations.moderation.models import ModerationEvent
from annotations.moderation.sanctions import sanction_create, sanction_lift
from annotations.services import PostingNotAllowed
from notifications.models import Notification
from tests.base import PersonaTestCase
from tests.factories import make_annotation


class SanctionTests(PersonaTestCase):
    def test_a_suspension_stops_public_and_group_posting_until_lifted(self):
        with self.captureOnCommitCallbacks(execute=True):
            sanction = sanction_create(
                user=self.mia,
                moderator=self.mo,
                group=self.group,
                days=3,
                reason="abusive",
                note="Cool down.",
            )
        self.assertEqual(ModerationEvent.objects.get().action, "suspend")
        self.assertIs(
            Notification.objects.filter(recipient=self.mia, kind="sanction").exists(), True
        )
        with self.assertRaisesMessage(PostingNotAllowed, "suspended"):
            make_annotation(self.mia, self.p1, visibility="group", group=self.group)
        make_annotation(self.mia, self.p1, visibility="public")  # only the group's
        make_annotation(self.mia, self.p1)  # private notes stay possible
        sanction_lift(sanction=sanction, moderator=self.mo)
        make_annotation(self.mia, self.p1, visibility="group", group=self.group)

    def test_a_site_wide_suspension_stops_public_posting(self):
        sanction_create(user=self.rita, moderator=self.sofia, group=None, days=1, reason="spam")
        with self.assertRaises(PostingNotAllowed):
            make_annotation(self.rita, self.p1, visibility="public")

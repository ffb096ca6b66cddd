"""Who is told about a new reply or an @mention, and how."""

from django.core import mail

from notifications.models import Notification
from tests.base import PersonaTestCase
from tests.factories import make_annotation, make_reply


class NotificationTests(PersonaTestCase):
    def test_replies_and_mentions_notify_after_commit_by_app_and_mail(self):
        root = make_annotation(self.ana, self.p1, visibility="group", group=self.group)
        with self.captureOnCommitCallbacks(execute=True):
            make_reply(self.mia, root, body="Agreed, @mo and @otto.")
        kinds = dict(Notification.objects.values_list("recipient__username", "kind"))
        self.assertEqual(kinds, {"ana": "reply", "mo": "mention"})  # otto cannot see it
        self.assertEqual(
            sorted(m.to[0] for m in mail.outbox), ["ana@example.org", "mo@example.org"]
        )

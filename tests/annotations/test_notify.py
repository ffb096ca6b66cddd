"""Who is told about a new reply or an @mention, and how."""

from django.core import mail

from notifications.models import Notification
from tests.base import PersonaTestCase, SeminarTestCase
from tests.factories import make_annotation, make_assignment, make_reply


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


class PeerRuleNotificationTests(SeminarTestCase):
    def test_no_reply_notice_names_or_links_a_peer_the_rule_hides_from_the_recipient(self):
        make_assignment(
            self.seminar,
            self.edition,
            start="p1",
            end="p3",
            peer_rule="after-posting",
            peer_threshold=2,
        )
        group = self.seminar.group
        sams = make_annotation(self.sam, self.p1, visibility="group", group=group)
        for passage in (self.p2, self.p3):  # Sol passes the threshold, Sam does not
            make_annotation(self.sol, passage, visibility="group", group=group)
        with self.captureOnCommitCallbacks(execute=True):
            reply = make_reply(self.sol, sams, body="I see it differently.")
        self.assertFalse(Notification.objects.filter(recipient=self.sam).exists())
        self.assertEqual(mail.outbox, [])
        # The same reply, once Sam may see it, is told.
        make_annotation(self.sam, self.p2, visibility="group", group=group)
        with self.captureOnCommitCallbacks(execute=True):
            make_reply(self.sol, sams, body="And again.")
        notice = Notification.objects.get(recipient=self.sam)
        self.assertEqual(notice.text, "Sol Student replied to your annotation.")
        self.assertNotIn(f"#a-{reply.pk}", notice.url)

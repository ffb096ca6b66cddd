"""The notification centre: list, unread count in the header, read, e-mail opt-out."""

from django.core import mail
from django.test import override_settings

from notifications.models import Notification
from notifications.services import notification_send
from tests.base import PersonaTestCase


class NotificationCentreTests(PersonaTestCase):
    def setUp(self):
        self.note = notification_send(
            recipient=self.ana,
            actor=self.mia,
            kind="reply",
            text="Mia replied to your annotation.",
            url="/annotations/1/",
        )
        self.client.force_login(self.ana)

    def test_the_header_counts_unread_and_opening_marks_read(self):
        page = self.client.get("/notifications/").content.decode()
        self.assertIn('data-notification-count="1"', page)
        self.assertIn("Mia replied", page)
        response = self.client.post(f"/notifications/{self.note.pk}/open/")
        self.assertRedirects(response, "/annotations/1/", fetch_redirect_response=False)
        page = self.client.get("/notifications/").content.decode()
        self.assertIn('data-notification-count="0"', page)

    def test_mark_all_read_and_others_cannot_open_mine(self):
        self.client.post("/notifications/read/")
        self.assertEqual(Notification.objects.unread().count(), 0)
        self.client.force_login(self.mia)
        self.assertEqual(self.client.post(f"/notifications/{self.note.pk}/open/").status_code, 404)

    def test_e_mail_is_sent_unless_the_reader_opts_out(self):
        self.assertEqual(len(mail.outbox), 1)
        self.client.post("/notifications/preferences/", {})  # unchecked: no e-mail
        notification_send(recipient=self.ana, kind="mention", text="You were mentioned.")
        self.assertEqual(len(mail.outbox), 1)
        self.assertEqual(Notification.objects.filter(recipient=self.ana).count(), 2)

    @override_settings(NOTIFICATIONS_EMAIL=False)
    def test_no_e_mail_when_the_site_sends_none_and_nobody_is_told_of_their_own_acts(self):
        notification_send(recipient=self.mia, kind="reply", text="x")
        self.assertEqual(len(mail.outbox), 1)
        self.assertIsNone(
            notification_send(recipient=self.mia, actor=self.mia, kind="reply", text="self")
        )

"""Rate limits on posting and flagging: past the limit, a clear 429."""

import json

from django.test import override_settings

from annotations.moderation.models import Flag
from tests.base import PersonaTestCase
from tests.factories import make_annotation


class RateLimitTests(PersonaTestCase):
    def setUp(self):
        self.note = make_annotation(self.ana, self.p1, visibility="public")
        self.client.force_login(self.rita)

    def flag(self, pk=None, **data):
        return self.client.post(
            f"/api/annotations/{pk or self.note.pk}/flags/",
            json.dumps({"reason": "abusive", **data}),
            content_type="application/json",
        )

    @override_settings(RATE_LIMIT_FLAGS=2)
    def test_flags_past_the_rate_limit_get_a_clear_429(self):
        others = [make_annotation(self.ana, self.p2, visibility="public") for _ in range(3)]
        statuses = [self.flag(pk=a.pk).status_code for a in others]
        self.assertEqual(statuses, [201, 201, 429])
        response = self.flag(pk=others[2].pk)
        self.assertIn("Too many flags: at most 2", response.json()["detail"])
        self.assertEqual(Flag.objects.count(), 2)

    @override_settings(RATE_LIMIT_POSTS=1)
    def test_posting_past_the_rate_limit_gets_a_429(self):
        url = f"/annotations/{self.note.pk}/reply/"
        self.assertEqual(self.client.post(url, {"body": "one"}).status_code, 302)
        response = self.client.post(url, {"body": "two"})
        self.assertEqual(response.status_code, 429)
        self.assertIn("Too many annotations and replies", response.content.decode())

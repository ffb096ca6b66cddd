"""Moderation over the API: flags (decisions, appeals and the queue are in test_views.py
and test_access.py, beside their pages)."""

import json

from tests.base import PersonaTestCase
from tests.factories import make_annotation, make_decision


class FlagApiTests(PersonaTestCase):
    def setUp(self):
        self.note = make_annotation(self.ana, self.p1, visibility="public")
        self.client.force_login(self.rita)

    def flag(self, pk=None, **data):
        return self.client.post(
            f"/api/annotations/{pk or self.note.pk}/flags/",
            json.dumps({"reason": "abusive", **data}),
            content_type="application/json",
        )

    def test_a_reader_flags_once_and_sees_the_outcome_on_the_item(self):
        self.assertEqual(self.flag().status_code, 201)
        self.assertEqual(self.flag().status_code, 409)
        lectio = self.client.get(f"/api/annotations/{self.note.pk}/").json()["lectio"]
        self.assertEqual(lectio["myFlag"], {"reason": "abusive", "outcome": "open"})
        make_decision(self.note, self.sofia, "approve", reason="fine")
        lectio = self.client.get(f"/api/annotations/{self.note.pk}/").json()["lectio"]
        self.assertEqual(lectio["myFlag"]["outcome"], "approve")

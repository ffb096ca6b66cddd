"""The permission matrix extended with moderation: who may decide on which item, decide
appeals, see the queue and the staff pages, and suspend whom."""

import json

from annotations.models import Annotation
from annotations.moderation.sanctions import sanction_create
from annotations.moderation.services import appeal_create
from tests.base import PersonaTestCase
from tests.factories import make_annotation, make_decision, make_group

# Status of POST /api/annotations/<id>/moderation/ per persona and item: 200 decided, 403
# seen but not theirs to moderate, 404 unseen. "other group" is Otto's, with Mia as member.
DECIDE = {
    #             public  ana's group  other group  own public (by the persona)
    "anonymous": (401, 401, 401, None),
    "rita": (403, 404, 404, 403),
    "ana": (403, 200, 404, 403),  # she owns the group
    "mia": (403, 403, 403, 403),  # member of both groups
    "mo": (403, 200, 404, 403),
    "otto": (403, 404, 200, 403),
    "sofia": (200, 404, 404, 403),
}
ITEMS = ("public", "group", "other_group", "own")


class ModerationMatrixTests(PersonaTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.bea_group = make_group(cls.otto, "Otto's circle", members=[cls.mia])

    def login(self, persona):
        self.client.logout()
        if self.persona(persona) is not None:
            self.client.force_login(self.persona(persona))

    def _items(self, persona) -> dict:
        user = self.persona(persona)
        return {
            "public": make_annotation(
                self.ana if persona != "ana" else self.rita, self.p1, visibility="public"
            ),
            "group": make_annotation(
                self.ana if persona != "ana" else self.mia,
                self.p1,
                visibility="group",
                group=self.group,
            ),
            "other_group": make_annotation(
                self.mia, self.p1, visibility="group", group=self.bea_group
            ),
            "own": make_annotation(user, self.p1, visibility="public") if user else None,
        }

    def test_each_persona_may_decide_exactly_where_the_matrix_says(self):
        for persona, row in DECIDE.items():
            items = self._items(persona)
            self.login(persona)
            for name, expected in zip(ITEMS, row, strict=True):
                if expected is None:
                    continue
                item = items[name]
                with self.subTest(persona=persona, item=name):
                    response = self.client.post(
                        f"/api/annotations/{item.pk}/moderation/",
                        json.dumps(
                            {"action": "hide", "reason": "abusive", "version": item.version}
                        ),
                        content_type="application/json",
                    )
                    self.assertEqual(response.status_code, expected, response.content[:200])
                    item.refresh_from_db()
                    self.assertEqual(item.status, "hidden" if expected == 200 else "approved")

    def test_the_api_offers_moderation_exactly_where_the_matrix_allows_it(self):
        for persona, row in DECIDE.items():
            items = self._items(persona)
            self.login(persona)
            for name, expected in zip(ITEMS, row, strict=True):
                if expected is None:
                    continue
                with self.subTest(persona=persona, item=name):
                    response = self.client.get(f"/api/annotations/{items[name].pk}/")
                    if response.status_code == 404:
                        self.assertIn(expected, (401, 404))  # unseen, so nothing to offer
                        continue
                    lectio = response.json()["lectio"]
                    self.assertIs(lectio["canModerate"], expected == 200)

    def test_a_moderator_of_group_a_cannot_act_in_group_b_on_pages_either(self):
        item = make_annotation(self.mia, self.p1, visibility="group", group=self.bea_group)
        self.login("mo")
        response = self.client.post(
            f"/moderation/annotations/{item.pk}/decide/",
            {"action": "hide", "reason": "abusive", "version": item.version},
        )
        self.assertEqual(response.status_code, 404)
        queue = self.client.get("/moderation/?show=all").content.decode()
        self.assertNotIn(f'id="q-{item.pk}"', queue)

    def test_an_author_can_neither_moderate_nor_decide_the_appeal_of_her_own_item(self):
        note = make_annotation(self.mo, self.p1, visibility="group", group=self.group)
        event = make_decision(note, self.ana, "hide")  # Ana owns the group
        appeal = appeal_create(event=event, author=self.mo, text="Please.")
        self.login("mo")
        response = self.client.post(
            f"/api/appeals/{appeal.pk}/decision/",
            {"decision": "overturn"},
            content_type="application/json",
        )
        self.assertEqual(response.status_code, 404)
        self.login("ana")  # the moderator who decided
        response = self.client.post(
            f"/api/appeals/{appeal.pk}/decision/",
            {"decision": "overturn"},
            content_type="application/json",
        )
        self.assertEqual(response.status_code, 403)
        note.refresh_from_db()
        self.assertEqual(note.status, Annotation.Status.HIDDEN)

    def test_staff_pages_are_for_staff_and_the_queue_for_moderators(self):
        cases = {
            "rita": (404, 403),
            "mia": (404, 403),
            "mo": (200, 403),
            "otto": (200, 403),
            "sofia": (200, 200),
        }
        for persona, (queue, staff) in cases.items():
            with self.subTest(persona):
                self.login(persona)
                self.assertEqual(self.client.get("/moderation/").status_code, queue)
                self.assertEqual(self.client.get("/api/moderation/queue/").status_code, queue)
                for url in ("/moderation/stats/", "/moderation/log/", "/moderation/log.csv"):
                    self.assertEqual(self.client.get(url).status_code, staff, url)

    def test_only_staff_suspend_site_wide_and_managers_in_their_group(self):
        self.login("mo")
        response = self.client.post(
            "/moderation/sanctions/",
            {"username": "rita", "group": "site", "days": 2, "reason": "spam"},
        )
        self.assertEqual(response.status_code, 200)  # the form again: not a choice for Mo
        self.assertEqual(self.rita.sanctions.count(), 0)
        response = self.client.post(
            "/moderation/sanctions/",
            {"username": "mia", "group": str(self.group.pk), "days": 2, "reason": "abusive"},
        )
        self.assertEqual(response.status_code, 302)
        self.assertEqual(self.mia.sanctions.get().group, self.group)

    def test_staff_suspend_site_wide_from_the_queue_link(self):
        self.login("sofia")
        page = self.client.get("/moderation/sanctions/?user=rita").content.decode()
        self.assertIn('value="rita"', page)  # the queue's "Suspend this user…" fills the name
        self.assertIn('<option value="site"', page)
        response = self.client.post(
            "/moderation/sanctions/",
            {"username": "rita", "group": "site", "days": 2, "reason": "spam"},
        )
        self.assertEqual(response.status_code, 302)
        self.assertIsNone(self.rita.sanctions.get().group)

    def test_suspensions_are_listed_and_lifted_only_by_those_who_may_impose_them(self):
        in_group = sanction_create(
            user=self.mia, moderator=self.mo, group=self.group, days=2, reason="abusive"
        )
        site_wide = sanction_create(
            user=self.rita, moderator=self.sofia, group=None, days=2, reason="spam"
        )
        # persona -> (sees the group's, sees the site-wide one)
        cases = {"mo": (True, False), "otto": (False, False), "sofia": (False, True)}
        for persona, (group_row, site_row) in cases.items():
            with self.subTest(persona):
                self.login(persona)
                page = self.client.get("/moderation/sanctions/").content.decode()
                self.assertIs("(@mia)" in page, group_row)
                self.assertIs("(@rita)" in page, site_row)
        self.login("otto")
        for sanction in (in_group, site_wide):
            response = self.client.post(f"/moderation/sanctions/{sanction.pk}/lift/")
            self.assertEqual(response.status_code, 404)
        self.login("mo")
        self.assertEqual(
            self.client.post(f"/moderation/sanctions/{site_wide.pk}/lift/").status_code, 404
        )
        self.client.post(f"/moderation/sanctions/{in_group.pk}/lift/")
        in_group.refresh_from_db()
        site_wide.refresh_from_db()
        self.assertEqual((in_group.lifted_at is None, site_wide.lifted_at is None), (False, True))

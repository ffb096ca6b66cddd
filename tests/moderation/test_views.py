"""Moderation pages, and hidden items everywhere: placeholders on pages, in the API and in
exports, decisions and conflicts, the queue, staff pages."""

import json

from annotations.models import Annotation
from annotations.moderation.models import Flag
from groups.models import Membership
from tests.base import PersonaTestCase
from tests.factories import make_annotation, make_decision, make_group, make_reply


class PlaceholderTests(PersonaTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.root = make_annotation(
            cls.ana, cls.p1, visibility="public", body="secret-root", start=0, end=3
        )
        cls.reply = make_reply(cls.rita, cls.root, body="a-visible-reply")
        make_decision(cls.root, cls.sofia, "hide", reason="abusive", note="Be kind.")

    def test_others_see_a_placeholder_without_body_in_the_api(self):
        self.client.force_login(self.otto)
        data = self.client.get(f"/api/annotations/{self.root.pk}/").json()
        self.assertNotIn("body", data)
        self.assertEqual((data["lectio"]["placeholder"], data["lectio"]["bodyHtml"]), (True, ""))
        listed = self.client.get("/api/annotations/?edition=thesis").content.decode()
        self.assertNotIn("secret-root", listed)
        self.assertIn("a-visible-reply", listed)

    def test_the_author_sees_her_item_with_status_reason_and_appeal(self):
        self.client.force_login(self.ana)
        data = self.client.get(f"/api/annotations/{self.root.pk}/").json()
        self.assertEqual(data["body"][0]["value"], "secret-root")
        moderation = data["lectio"]["moderation"]
        self.assertEqual(
            (
                moderation["status"],
                moderation["reason"],
                moderation["note"],
                moderation["appealable"],
            ),
            ("hidden", "abusive", "Be kind.", True),
        )
        page = self.client.get(f"/annotations/{self.root.pk}/").content.decode()
        self.assertIn("Be kind.", page)
        self.assertIn("Appeal this decision", page)

    def test_pages_exports_and_counts_keep_the_thread_readable(self):
        self.client.force_login(self.rita)
        page = self.client.get(f"/annotations/{self.root.pk}/").content.decode()
        self.assertIn("Hidden by a moderator.", page)
        self.assertNotIn("secret-root", page)
        self.assertIn("a-visible-reply", page)
        counts = self.client.get("/api/annotations/counts/?edition=thesis&section=chapter-1")
        self.assertEqual(
            counts.json()["passages"]["p1"], {"annotations": 0, "replies": 1, "hidden": 1}
        )
        self.client.force_login(self.ana)
        csv = self.client.get("/annotations/export.csv").content.decode()
        self.assertIn("secret-root", csv)
        self.assertIn("hidden,abusive", csv)


class PlaceholderJsonTests(PersonaTestCase):
    """The W3C JSON of a hidden item, as others get it (docs/api.md, docs/moderation.md)."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.note = make_annotation(
            cls.ana,
            cls.p1,
            visibility="public",
            body="secret-body",
            tags=["secret-tag"],
            start=0,
            end=3,
        )
        make_decision(cls.note, cls.sofia, "hide", reason="abusive", note="secret-note")

    def test_others_get_no_body_tags_quote_or_moderation_details(self):
        self.client.force_login(self.otto)
        data = self.client.get(f"/api/annotations/{self.note.pk}/").json()
        text = json.dumps(data)
        for secret in ["secret-body", "secret-tag", "secret-note", "selector"]:
            with self.subTest(secret):
                self.assertNotIn(secret, text)
        self.assertEqual(data["target"], {"source": self.p1.get_iri()})
        lectio = data["lectio"]
        self.assertEqual(
            (
                lectio["placeholder"],
                lectio["placeholderText"],
                lectio["tags"],
                lectio["moderation"],
                lectio["mine"],
            ),
            (True, "Hidden by a moderator.", [], None, False),
        )
        self.assertEqual(lectio["passages"], ["p1"])

    def test_the_author_still_gets_the_whole_item(self):
        self.client.force_login(self.ana)
        data = self.client.get(f"/api/annotations/{self.note.pk}/").json()
        self.assertEqual(data["target"]["selector"][0]["exact"], self.p1.text[:3])
        self.assertEqual(
            (data["lectio"]["tags"], data["lectio"]["placeholder"]), (["secret-tag"], False)
        )

    def test_a_hidden_suggestion_does_not_show_its_proposed_text(self):
        from annotations.suggestions import suggestion_create
        from edition.anchoring import TargetPiece

        suggestion = suggestion_create(
            author=self.ana,
            piece=TargetPiece(passage=self.p2, start=0, end=3, exact=self.p2.text[:3]),
            replacement="secret-replacement",
            justification="secret-why",
        )
        make_decision(suggestion.annotation, self.sofia, "hide", reason="abusive")
        self.client.force_login(self.otto)
        data = self.client.get(f"/api/annotations/{suggestion.annotation.pk}/").json()
        self.assertNotIn("secret-", json.dumps(data))
        self.assertNotIn("suggestion", data["lectio"])

    def test_exports_show_the_same_placeholder(self):
        group = make_group(self.otto, "Otto's", members=[self.ana])
        hidden = make_annotation(
            self.ana,
            self.p2,
            visibility="group",
            group=group,
            body="secret-group-body",
            tags=["secret-tag"],
            start=0,
            end=3,
        )
        make_decision(hidden, self.otto, "hide", reason="abusive")
        self.client.force_login(self.otto)
        for fmt in ["csv", "jsonld"]:
            with self.subTest(fmt):
                export = self.client.get(f"/groups/{group.pk}/export.{fmt}").content.decode()
                self.assertNotIn("secret-", export)
                self.assertIn("Hidden by a moderator.", export)


class DecisionViewTests(PersonaTestCase):
    def setUp(self):
        self.note = make_annotation(self.ana, self.p1, visibility="public", body="rude words")
        self.client.force_login(self.sofia)

    def test_a_stale_decision_is_refused_with_409_and_the_new_state(self):
        seen = self.note.version
        make_decision(self.note, self.sam, "hide")
        response = self.client.post(
            f"/moderation/annotations/{self.note.pk}/decide/",
            {"action": "spam", "reason": "spam", "version": seen},
        )
        self.assertEqual(response.status_code, 409)
        self.assertIn("Hidden by a moderator", response.content.decode())
        api = self.client.post(
            f"/api/annotations/{self.note.pk}/moderation/",
            json.dumps({"action": "spam", "reason": "spam", "version": seen}),
            content_type="application/json",
        )
        self.assertEqual(api.status_code, 409)
        self.assertEqual((api.json()["status"], api.json()["version"]), ("hidden", seen + 1))
        self.note.refresh_from_db()
        self.assertEqual(self.note.status, "hidden")

    def test_the_queue_shows_flagged_items_in_context_and_bulk_decides(self):
        other = make_annotation(self.otto, self.p2, visibility="public", body="more")
        for item in (self.note, other):
            Flag.objects.create(annotation=item, flagger=self.rita, reason="abusive")
        page = self.client.get("/moderation/?reason=abusive").content.decode()
        self.assertIn("rude words", page)
        self.assertIn("Author's history", page)
        response = self.client.post(
            "/moderation/bulk/",
            {
                "items": [self.note.pk, other.pk],
                "action": "hide",
                "reason": "abusive",
                f"version-{self.note.pk}": self.note.version,
                f"version-{other.pk}": other.version,
            },
        )
        self.assertEqual(response.status_code, 302)
        self.assertEqual(set(Annotation.objects.values_list("status", flat=True)), {"hidden"})
        self.assertEqual(self.client.get("/api/moderation/queue/").json()["total"], 0)

    def test_the_bulk_form_defaults_to_no_decision_and_names_its_fields(self):
        Flag.objects.create(annotation=self.note, flagger=self.rita, reason="abusive")
        page = self.client.get("/moderation/").content.decode()
        self.assertIn('<option value="" selected>Choose a decision…</option>', page)
        self.assertIn('<option value="" selected>Choose a reason…</option>', page)
        self.assertIn("<label>Decision <select", page)
        self.assertIn("arrived just now", page)
        self.assertNotIn("0\xa0minutes", page)
        self.client.post(
            "/moderation/bulk/",
            {"items": [self.note.pk], "action": "", "reason": "", f"version-{self.note.pk}": 1},
        )
        self.note.refresh_from_db()
        self.assertEqual(self.note.status, "approved")  # nothing decided by default

    def test_staff_see_the_log_as_csv_and_the_stats_chart(self):
        make_decision(self.note, self.sofia, "hide", note="=cmd")
        csv = self.client.get("/moderation/log.csv").content.decode()
        self.assertIn("hide,sofia,ana", csv)
        self.assertIn("'=cmd", csv)
        stats = self.client.get("/moderation/stats/").content.decode()
        self.assertIn("<svg", stats)
        self.assertIn('class="bar-decisions"', stats)


class AuthorHistoryTests(PersonaTestCase):
    def test_a_group_moderator_sees_only_the_authors_history_in_what_they_moderate(self):
        Membership.objects.create(group=self.other_group, user=self.mia, role="member")
        elsewhere = make_annotation(self.mia, self.p1, visibility="group", group=self.other_group)
        make_decision(elsewhere, self.otto, "spam", reason="spam")
        public = make_annotation(self.mia, self.p2, visibility="public")
        make_decision(public, self.sofia, "hide", reason="off_topic")
        here = make_annotation(self.mia, self.p3, visibility="group", group=self.group)
        make_decision(here, self.mo, "hide", reason="abusive")
        waiting = make_annotation(self.mia, self.p1, visibility="group", group=self.group)
        Flag.objects.create(annotation=waiting, flagger=self.ana, reason="abusive")
        self.client.force_login(self.mo)
        page = self.client.get("/moderation/").content.decode()
        history = page[page.index("Author's history") :].split("</details>")[0]
        self.assertIn("<p>1 approved, 1 hidden</p>", history)  # of Mo's group only
        self.assertIn("Hidden (Abusive) by Mo Moderator", history)
        self.assertNotIn("Otto", history)
        self.assertNotIn("Sofia", history)

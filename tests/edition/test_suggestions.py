"""Reader-suggested corrections over the API and the correction queue; orphans.

# Ana suggests corrections; Mia discusses them. Ed edits this edition (an EditionRole);
# Sofia is staff (an editor everywhere). Otto is signed in but edits nothing.
"""

from django.test import TestCase

from annotations.models import Annotation
from edition.models import EditionRole, Reattachment, Suggestion, SuggestionDecision
from edition.suggestions import SuggestionError, suggestions_accept
from edition.versions import PassageChange, version_publish
from notifications.models import Notification
from tests.annotations.helpers import post, target
from tests.factories import make_annotation, make_edition, make_reply, make_user


def suggestion_body(passage, start, end, replacement, why="A typo."):
    return {
        "@context": "http://www.w3.org/ns/anno.jsonld",
        "type": "Annotation",
        "motivation": "editing",
        "body": [
            {"type": "TextualBody", "purpose": "editing", "value": replacement},
            {"type": "TextualBody", "value": why, "format": "text/markdown"},
        ],
        "target": target(passage, start, end, exact=passage.text[start:end]),
    }


class SuggestionTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.ana, cls.mia = make_user("ana"), make_user("mia")
        cls.ed, cls.otto = make_user("ed"), make_user("otto")
        cls.sofia = make_user("sofia", staff=True)
        cls.edition = make_edition()
        EditionRole.objects.create(edition=cls.edition, user=cls.ed)
        cls.p1, cls.p2, cls.p3 = cls.edition.passages.order_by("order")

    def suggest(self, start=4, end=10, replacement="Reader", user=None):
        self.client.force_login(user or self.ana)
        response = post(self.client, suggestion_body(self.p1, start, end, replacement))
        self.assertEqual(response.status_code, 201, response.content)
        return Suggestion.objects.get(
            annotation__pk=response.json()["id"].rstrip("/").rsplit("/", 1)[1]
        )

    def decide(self, suggestion, decision, user, reason="", seen=None):
        self.client.force_login(user)
        data = {
            "decision": decision,
            "reason": reason,
            "seen": suggestion.state_token if seen is None else seen,
        }
        return self.client.post(f"/suggestions/{suggestion.pk}/decide/", data)

    def test_a_suggestion_is_a_public_editing_annotation_with_an_editing_body(self):
        suggestion = self.suggest()
        data = self.client.get(f"/api/annotations/{suggestion.annotation.pk}/").json()
        self.assertEqual(data["motivation"], "editing")
        self.assertIn(
            {"type": "TextualBody", "purpose": "editing", "value": "Reader"}, data["body"]
        )
        self.assertEqual(data["lectio"]["suggestion"]["status"], "pending")
        self.assertEqual(data["lectio"]["visibility"], "public")
        self.assertEqual((suggestion.exact, suggestion.replacement), ("reader", "Reader"))

    def test_an_editing_annotation_needs_its_proposed_text(self):
        self.client.force_login(self.ana)
        body = suggestion_body(self.p1, 4, 10, "x")
        body["body"] = body["body"][1:]
        response = post(self.client, body)
        self.assertEqual(response.status_code, 400)
        self.assertIn("editing", response.json()["detail"])

    def test_others_discuss_a_suggestion_like_any_annotation(self):
        suggestion = self.suggest()
        reply = make_reply(self.mia, suggestion.annotation, body="Agreed.")
        self.assertEqual(reply.root_id, suggestion.annotation.pk)

    def test_an_editor_accepts_and_a_new_version_follows(self):
        suggestion = self.suggest()
        note = make_annotation(self.mia, self.p1, start=14, end=23, visibility="public")
        response = self.decide(suggestion, "accept", self.ed, reason="Right.")
        self.assertEqual(response.status_code, 302)
        self.p1.refresh_from_db()
        self.edition.refresh_from_db()
        suggestion.refresh_from_db()
        note.refresh_from_db()
        self.assertEqual(self.p1.text[:13], "The Reader is")
        self.assertEqual(
            (self.edition.version, suggestion.status, suggestion.version.number), (2, "accepted", 2)
        )
        self.assertEqual(note.selector_exact, "addressed")
        self.assertEqual(
            list(SuggestionDecision.objects.values_list("decision", "reason")),
            [("accepted", "Right.")],
        )

    def test_the_author_is_told_when_a_suggestion_is_accepted_or_rejected(self):
        accepted, rejected = self.suggest(), self.suggest(start=14, end=23, replacement="x")
        with self.captureOnCommitCallbacks(execute=True):
            self.decide(accepted, "accept", self.ed)
        rejected.refresh_from_db()
        with self.captureOnCommitCallbacks(execute=True):
            self.decide(rejected, "reject", self.ed, reason="The print reads so.")
        told = list(
            Notification.objects.filter(recipient=self.ana, kind="suggestion")
            .order_by("pk")
            .values_list("text", flat=True)
        )
        self.assertEqual(len(told), 2)
        self.assertIn("was accepted in version 2", told[0])
        self.assertIn("was rejected. Reason: The print reads so.", told[1])

    def test_nobody_accepts_their_own_suggestion(self):
        suggestion = self.suggest(user=self.sofia)
        self.decide(suggestion, "accept", self.sofia)
        suggestion.refresh_from_db()
        self.assertEqual(suggestion.status, "pending")
        with self.assertRaises(SuggestionError):
            suggestions_accept(suggestions=[suggestion], editor=self.sofia)

    def test_only_editors_of_the_edition_decide(self):
        suggestion = self.suggest()
        self.assertEqual(self.decide(suggestion, "accept", self.otto).status_code, 404)
        self.client.force_login(self.otto)
        self.assertEqual(self.client.get("/suggestions/").status_code, 403)
        other = make_edition("other", texts=["Some other text here."])
        EditionRole.objects.create(edition=other, user=self.otto)
        self.assertEqual(self.decide(suggestion, "accept", self.otto).status_code, 404)

    def test_a_rejection_needs_a_reason_and_keeps_it(self):
        suggestion = self.suggest()
        self.decide(suggestion, "reject", self.ed, reason="")
        suggestion.refresh_from_db()
        self.assertEqual(suggestion.status, "pending")
        self.decide(suggestion, "reject", self.ed, reason="The print reads so.")
        suggestion.refresh_from_db()
        self.assertEqual(suggestion.status, "rejected")
        self.assertEqual(suggestion.decisions.get().reason, "The print reads so.")

    def test_a_stale_decision_gets_409_with_the_new_state(self):
        suggestion = self.suggest()
        seen = suggestion.state_token
        p1 = self.p1
        version_publish(
            edition=self.edition,
            changes=[  # its words changed meanwhile
                PassageChange(passage=p1, text=p1.text.replace("reader is", "raeder is"))
            ],
        )
        self.client.force_login(self.ed)
        response = self.client.post(
            f"/suggestions/{suggestion.pk}/decide/",
            {"decision": "accept", "seen": seen},
            HTTP_ACCEPT="application/json",
        )
        self.assertEqual(response.status_code, 409)
        self.assertEqual(response.json()["suggestion"]["current"], "raeder")
        html = self.decide(suggestion, "accept", self.ed, seen=seen)
        self.assertEqual(html.status_code, 409)
        suggestion.refresh_from_db()
        self.assertEqual(suggestion.status, "pending")

    def test_a_batch_of_suggestions_is_one_version_and_a_revert_is_another(self):
        first = self.suggest(4, 10, "Reader")
        second = self.suggest(0, 3, "A")
        self.client.force_login(self.ed)
        self.client.post(
            "/suggestions/accept/", {"ids": [first.pk, second.pk], "note": "Two fixes"}
        )
        self.p1.refresh_from_db()
        self.assertEqual(self.p1.text[:10], "A Reader i")
        self.edition.refresh_from_db()
        self.assertEqual(self.edition.version, 2)
        first.refresh_from_db()
        self.decide(first, "revert", self.ed, reason="Lower case in the print.")
        self.p1.refresh_from_db()
        first.refresh_from_db()
        self.assertEqual((self.p1.text[:10], first.status), ("A reader i", "reverted"))
        self.assertEqual(self.edition.versions.count(), 3)

    def test_the_queue_filters_by_edition_age_and_status(self):
        suggestion = self.suggest()
        self.client.force_login(self.ed)
        for query, shown in [
            ("", True),
            ("?status=accepted", False),
            ("?age=1", True),
            ("?age=older", False),
            ("?edition=thesis", True),
            ("?edition=nope", False),
        ]:
            with self.subTest(query):
                html = self.client.get(f"/suggestions/{query}").content.decode()
                self.assertIs(f'id="s-{suggestion.pk}"' in html, shown)

    def test_the_no_js_form_suggests_by_quoting_the_words(self):
        self.client.force_login(self.ana)
        response = self.client.post(
            "/editions/thesis/passages/p2/suggest/",
            {"exact": "second", "replacement": "2nd", "justification": "Shorter."},
        )
        self.assertEqual(response.status_code, 302)
        self.assertEqual(Suggestion.objects.get().replacement, "2nd")


class OrphanTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.ana, cls.otto = make_user("ana"), make_user("otto")
        cls.edition = make_edition()

    def test_an_orphan_is_listed_with_scored_candidates_and_reattached_in_one_action(self):
        p3 = self.edition.passages.get(anchor="p3")
        note = make_annotation(self.ana, p3, start=4, end=24, visibility="public")
        version_publish(
            edition=self.edition,
            changes=[
                PassageChange(passage=p3, text="A new closing paragraph, with a short conclusion.")
            ],
        )
        note.refresh_from_db()
        self.assertEqual(note.anchor_state, "orphaned")
        self.client.force_login(self.otto)
        self.assertNotIn(
            f'data-orphan="{note.pk}"',
            self.client.get("/editions/thesis/orphans/").content.decode(),
        )
        self.assertEqual(
            self.client.post(
                f"/editions/thesis/orphans/{note.pk}/reattach/",
                {"passage": "p3", "start": 0, "end": 5},
            ).status_code,
            403,
        )
        self.client.force_login(self.ana)
        html = self.client.get("/editions/thesis/orphans/").content.decode()
        self.assertIn(f'data-orphan="{note.pk}"', html)
        self.assertIn("score", html)
        response = self.client.post(
            f"/editions/thesis/orphans/{note.pk}/reattach/",
            {"passage": "p3", "start": 2, "end": 24},
        )
        self.assertEqual(response.status_code, 302)
        note.refresh_from_db()
        self.assertEqual((note.anchor_state, note.selector_exact), ("ok", "new closing paragraph,"))
        self.assertEqual(Reattachment.objects.get().user, self.ana)
        self.assertEqual(Annotation.objects.filter(pk=note.pk).count(), 1)

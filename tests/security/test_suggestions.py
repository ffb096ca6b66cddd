"""The correction queue shows editors only suggestions whose annotation they may see."""

from django.core.cache import cache

from annotations.suggestions import suggestion_create
from edition.anchoring import TargetPiece
from tests.annotations.helpers import put
from tests.security.world import SecurityWorld


class CorrectionQueueTests(SecurityWorld):
    def setUp(self):
        cache.clear()
        self.suggestion = suggestion_create(
            author=self.rita,
            piece=TargetPiece(passage=self.p1, exact="reader", start=4, end=10),
            replacement="readers",
            justification="Plural.",
        )

    def test_a_suggestion_its_author_made_private_leaves_the_queue_and_its_decisions(self):
        annotation = self.suggestion.annotation
        annotation.refresh_from_db()
        response = put(
            self.client_for("rita"),
            annotation.pk,
            {"motivation": "editing", "body": "zzsecretjust", "lectio": {"visibility": "private"}},
            HTTP_IF_MATCH=annotation.etag,
        )
        self.assertEqual(response.status_code, 200)
        editor = self.client_for("sofia")
        for url in ("/suggestions/", "/suggestions/?status=all"):
            with self.subTest(url=url):
                self.assertNotIn("zzsecretjust", editor.get(url).content.decode())
        response = editor.post(
            f"/suggestions/{self.suggestion.pk}/decide/", {"decision": "reject", "reason": "no"}
        )
        self.assertEqual(response.status_code, 404)

    def test_a_public_suggestion_stays_in_the_queue(self):
        self.assertIn("Plural.", self.client_for("sofia").get("/suggestions/").content.decode())

"""Search through the permission layer: each canary is searched for by every persona, and
found only by those who may see it (the leak test of the matrix runs the same URLs)."""

from tests.security.world import PERSONAS, SIGHT, SecurityWorld

BODY_CANARIES = ["zzprivbody", "zzprivreply", "zzgrpbody", "zzgrpreply", "zzpeerbody"]


class SearchCanaryTests(SecurityWorld):
    def found(self, persona: str, q: str) -> dict:
        return self.client_for(persona).get("/api/search/", {"q": q}).json()

    def test_each_canary_is_found_by_exactly_the_personas_who_may_see_it(self):
        for word in BODY_CANARIES + ["zzprivtag", "zzgrptag"]:
            for persona in PERSONAS:
                data = self.found(persona, word)
                total = data["annotations"]["partOf"]["total"]
                with self.subTest(word=word, persona=persona):
                    self.assertEqual(total > 0, persona in SIGHT[word])

    def test_moderated_away_and_pending_items_are_not_found_even_by_moderators(self):
        # Search shows bodies in snippets: placeholders are left out for everyone but
        # their author, who sees their own items as on their own pages.
        for word in ("zzpendbody", "zzhiddenbody"):
            for persona in PERSONAS:
                total = self.found(persona, word)["annotations"]["partOf"]["total"]
                with self.subTest(word=word, persona=persona):
                    self.assertEqual(total > 0, persona == "rita")

    def test_counts_on_the_page_leave_out_what_the_viewer_may_not_see(self):
        response = self.client_for("otto").get("/search/", {"q": "zz*"})
        self.assertContains(
            response, 'id="annotation-hits">In the annotations <span class="count">0<'
        )
        response = self.client_for("ana").get("/search/", {"q": "zz*"})
        self.assertContains(
            response, 'id="annotation-hits">In the annotations <span class="count">4<'
        )

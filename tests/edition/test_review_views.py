"""The editors' pages: the OCR review list and its decisions, flagged regions, the
correction queue, and the staff page of who the editors are.

# Sofia is site staff: she reviews every edition and grants or revokes the editor role.
# Ed is an editor of the OCR sample only (an EditionRole): he reviews it, not "other",
#   and he does not manage editors.
# Rita is signed in and edits nothing: every editors' page answers her 403.
# Anonymous visitors are sent to the site's sign-in page, not the admin's.
"""

from datetime import timedelta

from django.contrib.messages import get_messages
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from edition.access import is_editor
from edition.models import (
    Correction,
    CorrectionDecision,
    Edition,
    EditionRole,
    FlaggedRegion,
    RegionDecision,
    Suggestion,
)
from tests.edition.helpers import ingest_samples
from tests.factories import make_edition, make_user

SLUG = "filtzer-sample"


class ReviewPagesTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        ingest_samples(SLUG)
        cls.edition = Edition.objects.get(slug=SLUG)
        cls.other = make_edition("other")
        cls.sofia = make_user("sofia", staff=True)
        cls.ed = make_user("ed", display_name="Ed Editor")
        cls.rita = make_user("rita")
        EditionRole.objects.create(edition=cls.edition, user=cls.ed, granted_by=cls.sofia)
        cls.correction = (
            Correction.objects.needs_review().filter(passage__edition=cls.edition).first()
        )
        passage = cls.edition.passages.filter(kind="paragraph").order_by("order")[2]
        cls.region = FlaggedRegion.objects.create(
            edition=cls.edition,
            passage=passage,
            line_start=passage.line_start,
            line_end=passage.line_end,
            reason="damaged scan",
        )
        other_passage = cls.other.passages.get(anchor="p1")
        cls.other_correction = Correction.objects.create(
            passage=other_passage,
            start=0,
            end=3,
            original="Tha",
            replacement="The",
            stage="spelling",
            confidence=0.5,
        )
        cls.other_region = FlaggedRegion.objects.create(
            edition=cls.other, passage=other_passage, line_start=1, line_end=1, reason="torn"
        )

    def urls(self, edition, correction, region) -> list[tuple[str, str, dict]]:
        slug = edition.slug
        return [
            ("get", f"/editions/{slug}/review/", {}),
            ("post", f"/editions/{slug}/review/{correction.pk}/", {"decision": "accepted"}),
            ("post", f"/editions/{slug}/review/regions/{region.pk}/", {"decision": "accepted"}),
        ]

    def answers(self, edition, correction, region) -> list[int]:
        return [
            getattr(self.client, method)(url, data).status_code
            for method, url, data in self.urls(edition, correction, region)
        ]

    def test_an_editor_reviews_their_edition_and_decides_on_its_corrections(self):
        self.client.force_login(self.ed)
        self.assertContains(self.client.get(f"/editions/{SLUG}/review/"), "Review list")
        url = f"/editions/{SLUG}/review/{self.correction.pk}/"
        self.assertEqual(self.client.post(url, {"decision": "rewritten"}).status_code, 400)
        response = self.client.post(url, {"decision": "accepted", "note": "Checked the scan."})
        self.assertRedirects(response, f"/editions/{SLUG}/review/")
        decision = CorrectionDecision.objects.get()
        self.assertEqual((decision.editor, decision.decision), (self.ed, "accepted"))
        said = [str(m) for m in get_messages(response.wsgi_request)]
        self.assertTrue(said and said[0].startswith("Accepted: “"), said)  # a confirmation

    def test_an_editor_decides_on_a_flagged_region_of_their_edition(self):
        self.client.force_login(self.ed)
        url = f"/editions/{SLUG}/review/regions/{self.region.pk}/"
        response = self.client.post(url, {"decision": "accepted"})
        self.assertRedirects(response, f"/editions/{SLUG}/review/#region-{self.region.pk}")
        self.assertEqual(RegionDecision.objects.get().editor, self.ed)
        self.assertContains(self.client.get(f"/editions/{SLUG}/review/"), "Decided by Ed Editor")

    def test_an_editor_of_one_edition_cannot_review_another(self):
        self.client.force_login(self.ed)
        self.assertEqual(
            self.answers(self.other, self.other_correction, self.other_region), [403, 403, 403]
        )
        self.assertIs(CorrectionDecision.objects.exists(), False)
        self.assertIs(RegionDecision.objects.exists(), False)

    def test_staff_review_every_edition(self):
        self.client.force_login(self.sofia)
        self.assertEqual(
            self.answers(self.other, self.other_correction, self.other_region), [200, 302, 302]
        )
        self.assertEqual(CorrectionDecision.objects.get().editor, self.sofia)

    def test_a_signed_in_reader_gets_403_not_the_admin_sign_in(self):
        self.client.force_login(self.rita)
        self.assertEqual(self.answers(self.edition, self.correction, self.region), [403, 403, 403])
        self.assertIs(CorrectionDecision.objects.exists(), False)
        self.assertIs(RegionDecision.objects.exists(), False)

    def test_anonymous_visitors_are_sent_to_the_normal_sign_in(self):
        urls = self.urls(self.edition, self.correction, self.region)
        urls += [("get", "/suggestions/", {}), ("get", f"/editions/{SLUG}/editors/", {})]
        for method, url, data in urls:
            with self.subTest(url=url):
                response = getattr(self.client, method)(url, data)
                self.assertRedirects(
                    response, f"{reverse('login')}?next={url}", fetch_redirect_response=False
                )
        self.assertIs(CorrectionDecision.objects.exists(), False)

    def test_a_correction_or_region_is_found_only_through_its_own_edition(self):
        self.client.force_login(self.sofia)
        mixed = self.urls(self.other, self.correction, self.region)[1:]
        for method, url, data in mixed:
            with self.subTest(url=url):
                self.assertEqual(getattr(self.client, method)(url, data).status_code, 404)

    def test_the_edition_page_links_the_review_list_to_its_editors_only(self):
        cases = [
            (self.sofia, self.edition, True, True),
            (self.sofia, self.other, True, True),
            (self.ed, self.edition, True, False),
            (self.ed, self.other, False, False),
            (self.rita, self.edition, False, False),
            (None, self.edition, False, False),
        ]
        for user, edition, review, editors in cases:
            with self.subTest(user=user and user.username, edition=edition.slug):
                self.client.logout()
                if user:
                    self.client.force_login(user)
                html = self.client.get(f"/editions/{edition.slug}/").content.decode()
                self.assertIs(f'href="/editions/{edition.slug}/review/"' in html, review)
                self.assertIs(f'href="/editions/{edition.slug}/editors/"' in html, editors)

    def test_the_about_page_shows_the_ingestion_report_to_the_editions_editors(self):
        cases = [
            (self.ed, self.edition, True),
            (self.ed, self.other, False),
            (self.rita, self.edition, False),
            (None, self.edition, False),
        ]
        for user, edition, shown in cases:
            with self.subTest(user=user and user.username, edition=edition.slug):
                self.client.logout()
                if user:
                    self.client.force_login(user)
                html = self.client.get(f"/editions/{edition.slug}/about/").content.decode()
                self.assertIs("Ingestion report" in html, shown)


class SuggestionQueueTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.ana, cls.ed = make_user("ana"), make_user("ed")
        cls.edition = make_edition()
        cls.other = make_edition("other")
        EditionRole.objects.create(edition=cls.edition, user=cls.ed)

    def suggest(self, edition: Edition, *, days_ago: int = 0) -> Suggestion:
        self.client.force_login(self.ana)
        self.client.post(
            f"/editions/{edition.slug}/passages/p2/suggest/",
            {"exact": "second", "replacement": "2nd", "justification": "Shorter."},
        )
        suggestion = Suggestion.objects.latest("pk")
        Suggestion.objects.filter(pk=suggestion.pk).update(
            created=timezone.now() - timedelta(days=days_ago)
        )
        return suggestion

    def test_the_queue_shows_an_editor_the_suggestions_of_their_editions_by_age(self):
        recent = self.suggest(self.edition, days_ago=0)
        week_old = self.suggest(self.edition, days_ago=5)
        old = self.suggest(self.edition, days_ago=40)
        elsewhere = self.suggest(self.other)
        self.client.force_login(self.ed)
        for query, shown in [
            ("", {recent, week_old, old}),
            ("?age=1", {recent}),
            ("?age=7", {recent, week_old}),
            ("?age=30", {recent, week_old}),
            ("?age=older", {old}),
            ("?age=nonsense", {recent, week_old, old}),
            ("?edition=other", set()),
            ("?status=rejected", set()),
        ]:
            with self.subTest(query):
                html = self.client.get(f"/suggestions/{query}").content.decode()
                listed = {s for s in (recent, week_old, old, elsewhere) if f'id="s-{s.pk}"' in html}
                self.assertEqual(listed, shown)

    def test_a_decision_says_what_happened_in_plain_words(self):
        suggestion = self.suggest(self.edition)
        self.client.force_login(self.ed)
        response = self.client.post(
            f"/suggestions/{suggestion.pk}/decide/",
            {"decision": "reject", "reason": "The print reads so.", "seen": ""},
            follow=True,
        )
        self.assertContains(response, "Suggestion rejected.")

    def test_a_batch_with_a_suggestion_of_another_edition_is_refused_whole(self):
        mine, theirs = self.suggest(self.edition), self.suggest(self.other)
        self.client.force_login(self.ed)
        response = self.client.post("/suggestions/accept/", {"ids": [mine.pk, theirs.pk]})
        self.assertEqual(response.status_code, 404)
        mine.refresh_from_db()
        self.assertEqual(mine.status, Suggestion.Status.PENDING)


class EditorsPageTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.sofia = make_user("sofia", staff=True, display_name="Sofia Staff")
        cls.ed = make_user("ed", display_name="Ed Editor")
        cls.rita = make_user("rita")
        cls.edition = make_edition()
        cls.other = make_edition("other")
        cls.url = "/editions/thesis/editors/"

    def test_staff_grant_by_username_and_the_grant_records_who_and_when(self):
        self.client.force_login(self.sofia)
        response = self.client.post(self.url, {"username": "ED"})
        self.assertRedirects(response, self.url)
        role = EditionRole.objects.get()
        self.assertEqual(
            (role.user, role.edition, role.granted_by), (self.ed, self.edition, self.sofia)
        )
        page = self.client.get(self.url)
        self.assertContains(page, "Ed Editor")
        self.assertContains(page, "by Sofia Staff")
        self.assertIs(is_editor(self.ed, self.edition), True)
        self.assertIs(is_editor(self.ed, self.other), False)

    def test_unknown_users_and_second_grants_get_a_clear_message(self):
        EditionRole.objects.create(edition=self.edition, user=self.ed, granted_by=self.sofia)
        self.client.force_login(self.sofia)
        cases = [
            ("nobody", "No active user is called “nobody”."),
            ("ed", "ed is an editor of this edition already."),
        ]
        for username, message in cases:
            with self.subTest(username):
                response = self.client.post(self.url, {"username": username})
                self.assertEqual(response.status_code, 200)
                self.assertContains(response, message)
        self.assertEqual(EditionRole.objects.count(), 1)

    def test_staff_revoke_and_the_role_is_gone(self):
        role = EditionRole.objects.create(edition=self.edition, user=self.ed)
        self.client.force_login(self.sofia)
        response = self.client.post(f"{self.url}{role.pk}/revoke/")
        self.assertRedirects(response, self.url)
        self.assertIs(EditionRole.objects.exists(), False)
        self.assertIs(is_editor(self.ed, self.edition), False)

    def test_a_role_of_another_edition_cannot_be_revoked_through_this_one(self):
        role = EditionRole.objects.create(edition=self.other, user=self.ed)
        self.client.force_login(self.sofia)
        self.assertEqual(self.client.post(f"{self.url}{role.pk}/revoke/").status_code, 404)
        self.assertIs(EditionRole.objects.filter(pk=role.pk).exists(), True)

    def test_only_staff_reach_the_page_editors_included(self):
        role = EditionRole.objects.create(edition=self.edition, user=self.ed)
        for user in [self.rita, self.ed]:
            with self.subTest(user=user.username):
                self.client.force_login(user)
                self.assertEqual(self.client.get(self.url).status_code, 403)
                self.assertEqual(self.client.post(self.url, {"username": "rita"}).status_code, 403)
                self.assertEqual(self.client.post(f"{self.url}{role.pk}/revoke/").status_code, 403)
        self.client.logout()
        response = self.client.post(f"{self.url}{role.pk}/revoke/")
        self.assertRedirects(
            response,
            f"{reverse('login')}?next={self.url}{role.pk}/revoke/",
            fetch_redirect_response=False,
        )
        self.assertEqual(list(EditionRole.objects.values_list("user__username", flat=True)), ["ed"])

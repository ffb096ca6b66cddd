"""Ids and numbers from query strings and forms: ASCII digits in range, else 400/404."""

from django.test import SimpleTestCase

from config.params import id_parse, ids_parse
from tests.base import PersonaTestCase, SeminarTestCase
from tests.factories import make_annotation, make_assignment

# Superscripts pass str.isdigit() and fail int(); other scripts' digits pass int().
NOT_IDS = ["²", "١", "٣", "1²", "", " 1", "1 ", "-1", "+1", "0", "1.0", "1e3", "abc", "9" * 19]


class IdParseTests(SimpleTestCase):
    def test_it_accepts_ascii_digits_within_the_database_range_only(self):
        for raw, expected in [("1", 1), ("0042", 42), (str(2**63 - 1), 2**63 - 1), (None, None)]:
            with self.subTest(raw=raw):
                self.assertEqual(id_parse(raw), expected)
        for raw in NOT_IDS:
            with self.subTest(raw=raw):
                self.assertIsNone(id_parse(raw))
        self.assertEqual(ids_parse(["3", "²", "x", "5"]), [3, 5])


class CraftedNumbersInPagesTests(PersonaTestCase):
    def test_an_odd_version_number_on_an_edition_page_is_a_404(self):
        for raw in ["²", "٣", "99999999999999999999999", "0", "x"]:
            for url in (
                self.section.get_absolute_url(),
                "/editions/thesis/passages/p1/cite/",
                "/editions/thesis/passages/p1/diff/",
            ):
                with self.subTest(url=url, version=raw):
                    param = "to" if url.endswith("diff/") else "version"
                    response = self.client.get(url, {param: raw})
                    self.assertContains(response, "No such version", status_code=404)

    def test_odd_ids_in_the_moderators_bulk_form_are_ignored_with_a_message(self):
        note = make_annotation(self.rita, self.p1, body="Public.", visibility="public")
        self.client.force_login(self.sofia)
        for raw in ["²", "٣", "99999999999999999999999", "x"]:
            with self.subTest(item=raw):
                response = self.client.post(
                    "/moderation/bulk/",
                    {"items": [raw], "decision": "hidden", "reason": "spam"},
                    follow=True,
                )
                self.assertContains(response, "Select items")
        response = self.client.post(
            "/moderation/bulk/",
            {"items": [str(note.pk)], f"version-{note.pk}": "²", "decision": "x"},
            follow=True,
        )
        self.assertEqual(response.status_code, 200)

    def test_odd_ids_in_the_editors_batch_form_are_refused_with_a_message(self):
        self.client.force_login(self.sofia)
        for raw in ["²", "٣", "99999999999999999999999"]:
            with self.subTest(ids=raw):
                response = self.client.post("/suggestions/accept/", {"ids": [raw]}, follow=True)
                self.assertContains(response, "Choose suggestions of one edition")

    def test_the_moderation_queue_ignores_an_odd_group(self):
        self.client.force_login(self.sofia)
        for raw in ["²", "99999999999999999999999"]:
            with self.subTest(group=raw):
                self.assertEqual(self.client.get("/moderation/", {"group": raw}).status_code, 200)


class CraftedNumbersInSeminarFormsTests(SeminarTestCase):
    def test_an_odd_annotation_id_in_the_instructors_feedback_form_is_a_404(self):
        assignment = make_assignment(self.seminar, self.edition)
        self.client.force_login(self.ines)
        url = f"/assignments/{assignment.pk}/students/{self.sam.pk}/feedback/"
        for raw in ["²", "abc", "99999999999999999999999"]:
            with self.subTest(annotation=raw):
                response = self.client.post(url, {"annotation": raw, "body": "Good."})
                self.assertContains(response, "No such annotation", status_code=404)

"""Who edits an edition: the staff Editors page (grant by username, revoke) and the admin.

# Sofia is site staff: she grants and revokes the editor role.
# Ed is granted the role on one edition: he then accepts suggestions there, not elsewhere.
# Rita is a signed-in reader: the Editors page and the admin are not for her.
"""

from django.test import TestCase

from edition.access import is_editor
from edition.models import EditionRole
from tests.factories import make_edition, make_user


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

    def test_only_staff_reach_the_page(self):
        role = EditionRole.objects.create(edition=self.edition, user=self.ed)
        for user in [None, self.rita, self.ed]:
            with self.subTest(user=user and user.username):
                self.client.logout()
                if user:
                    self.client.force_login(user)
                self.assertEqual(self.client.get(self.url).status_code, 302)
                self.client.post(self.url, {"username": "rita"})
                self.client.post(f"{self.url}{role.pk}/revoke/")
        self.assertEqual(list(EditionRole.objects.values_list("user__username", flat=True)), ["ed"])


class EditionAdminTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.sofia = make_user("sofia", staff=True)
        cls.sofia.is_superuser = True
        cls.sofia.save(update_fields=["is_superuser"])
        cls.ed = make_user("ed")
        cls.edition = make_edition()

    def setUp(self):
        self.client.force_login(self.sofia)

    def test_every_edition_model_has_a_working_admin_list(self):
        for name in [
            "work",
            "edition",
            "section",
            "passage",
            "correction",
            "correctiondecision",
            "regiondecision",
            "flaggedregion",
            "editionrole",
            "editionversion",
            "passageversion",
            "suggestion",
            "suggestiondecision",
        ]:
            with self.subTest(name):
                self.assertEqual(self.client.get(f"/admin/edition/{name}/").status_code, 200)

    def test_passages_are_read_only_and_roles_record_who_granted_them(self):
        passage = self.edition.passages.first()
        self.assertEqual(
            self.client.get(f"/admin/edition/passage/{passage.pk}/change/").status_code, 200
        )
        self.client.post(f"/admin/edition/passage/{passage.pk}/change/", {"text": "overwritten"})
        passage.refresh_from_db()
        self.assertNotEqual(passage.text, "overwritten")
        response = self.client.post(
            "/admin/edition/editionrole/add/",
            {"edition": self.edition.pk, "user": self.ed.pk, "role": "editor"},
        )
        self.assertEqual(response.status_code, 302)
        role = EditionRole.objects.get()
        self.assertEqual((role.user, role.granted_by), (self.ed, self.sofia))
        self.assertEqual(
            self.client.get(f"/admin/edition/edition/{self.edition.pk}/change/").status_code, 200
        )

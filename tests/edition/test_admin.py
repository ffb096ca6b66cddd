"""The edition's admin: every model has a working list; passages are read only.

# Sofia is a superuser.  Ed is the user she grants the editor role to.
"""

from django.test import TestCase

from edition.models import EditionRole
from tests.factories import make_edition, make_user


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

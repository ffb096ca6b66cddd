"""The permission matrix: who sees which annotation, through every door.

Rows are personas (see tests/base.py); columns are the annotation's visibility. A cell
says whether the persona sees it: on its discussion page, in the API list, the API item,
its replies, the counts, and the exports they can get.
"""

from tests.base import PersonaTestCase
from tests.factories import make_annotation, make_reply

SEES = {
    #             private  group  public
    "anonymous": (False, False, True),
    "rita": (False, False, True),
    "ana": (True, True, True),
    "mia": (False, True, True),
    "mo": (False, True, True),
    "otto": (False, False, True),
    "sofia": (False, False, True),
}
VISIBILITIES = ("private", "group", "public")
# Only an author exports her own notes; group exports are for owners and hold group notes.
EXPORTS = {"ana": (True, True, True)}
GROUP_EXPORT_STATUS = {
    "anonymous": 302,
    "rita": 404,
    "ana": 200,
    "mia": 403,
    "mo": 403,
    "otto": 404,
    "sofia": 404,
}


class PermissionMatrixTests(PersonaTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.notes = {}
        for visibility in VISIBILITIES:
            group = cls.group if visibility == "group" else None
            note = make_annotation(
                cls.ana,
                cls.p1,
                visibility=visibility,
                group=group,
                body=f"secret-{visibility}",
                start=0,
                end=3,
            )
            reply = make_reply(cls.ana, note, body=f"reply-{visibility}")
            cls.notes[visibility] = (note, reply)

    def login(self, persona: str):
        self.client.logout()
        user = self.persona(persona)
        if user is not None:
            self.client.force_login(user)

    def _list_ids(self) -> set[str]:
        body = self.client.get("/api/annotations/?edition=thesis&limit=1000").json()
        return {item["id"] for item in body["first"]["items"]}

    def _exports(self, persona) -> str:
        if persona == "anonymous":
            return ""
        return (
            self.client.get("/annotations/export.csv").content.decode()
            + self.client.get("/annotations/export.jsonld").content.decode()
        )

    def test_each_persona_sees_exactly_what_the_matrix_says(self):
        for persona, row in SEES.items():
            self.login(persona)
            listed, exports = self._list_ids(), self._exports(persona)
            for visibility, expected in zip(VISIBILITIES, row, strict=True):
                note, reply = self.notes[visibility]
                with self.subTest(persona=persona, visibility=visibility):
                    status = 200 if expected else 404
                    self.assertEqual(
                        self.client.get(f"/annotations/{note.pk}/").status_code,
                        status,
                        "discussion page",
                    )
                    self.assertEqual(
                        self.client.get(f"/api/annotations/{note.pk}/").status_code,
                        status,
                        "API item",
                    )
                    self.assertEqual(
                        self.client.get(f"/api/annotations/{reply.pk}/").status_code,
                        status,
                        "API item of a reply",
                    )
                    self.assertIs(note.get_iri() in listed, expected, "API list")
                    self.assertIs(reply.get_iri() in listed, expected, "API list, replies")
                    replies = self.client.get(f"/api/annotations/?parent={note.pk}").json()
                    self.assertEqual(replies["total"], int(expected), "API replies")
                    exported = EXPORTS.get(persona, (False,) * 3)[VISIBILITIES.index(visibility)]
                    self.assertIs(f"secret-{visibility}" in exports, exported, "exports")

    def test_counts_count_only_what_each_persona_sees(self):
        for persona, row in SEES.items():
            with self.subTest(persona=persona):
                self.login(persona)
                counts = self.client.get(
                    "/api/annotations/counts/?edition=thesis&section=chapter-1"
                ).json()
                expected = sum(row)
                got = counts["passages"].get("p1", {"annotations": 0, "replies": 0})
                self.assertEqual(got, {"annotations": expected, "replies": expected})

    def test_group_exports_are_for_owners_and_hold_only_group_notes(self):
        for persona, status in GROUP_EXPORT_STATUS.items():
            with self.subTest(persona=persona):
                self.login(persona)
                for fmt in ("csv", "jsonld"):
                    response = self.client.get(f"/groups/{self.group.pk}/export.{fmt}")
                    self.assertEqual(response.status_code, status)
        self.login("ana")
        content = self.client.get(f"/groups/{self.group.pk}/export.csv").content.decode()
        self.assertIn("secret-group", content)
        self.assertIn("reply-group", content)
        self.assertNotIn("secret-private", content)
        self.assertNotIn("secret-public", content)

    def test_an_invisible_annotation_looks_exactly_like_a_missing_one(self):
        self.login("otto")
        hidden = self.notes["group"][0].pk
        invisible = self.client.get(f"/api/annotations/{hidden}/")
        missing = self.client.get("/api/annotations/999999/")
        self.assertEqual(
            (invisible.status_code, invisible.content), (missing.status_code, missing.content)
        )
        etag = '"x"'
        for method in ("put", "delete"):
            with self.subTest(method):
                response = getattr(self.client, method)(
                    f"/api/annotations/{hidden}/", HTTP_IF_MATCH=etag
                )
                self.assertEqual(response.status_code, 404)
        reply = self.client.post(
            "/api/annotations/",
            {
                "motivation": "replying",
                "body": "hi",
                "target": f"http://127.0.0.1:8000/api/annotations/{hidden}/",
            },
            content_type="application/json",
        )
        self.assertEqual(reply.status_code, 404)
        self.assertEqual(self.client.get(f"/annotations/{hidden}/go/").status_code, 404)

    def test_only_authors_write_not_moderators_nor_staff(self):
        note = self.notes["group"][0]
        public = self.notes["public"][0]
        for persona, pk, status in [
            ("mo", note.pk, 403),
            ("mia", note.pk, 403),
            ("sofia", public.pk, 403),
            ("sofia", note.pk, 404),
            ("anonymous", public.pk, 401),
        ]:
            with self.subTest(persona=persona, pk=pk):
                self.login(persona)
                response = self.client.delete(f"/api/annotations/{pk}/", HTTP_IF_MATCH="*")
                self.assertEqual(response.status_code, status)
                page = self.client.get(f"/annotations/{pk}/edit/")
                self.assertIn(page.status_code, {403, 404, 302})
        note.refresh_from_db()
        self.assertIs(note.deleted, False)

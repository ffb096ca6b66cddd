"""The API's JSON parser: documents that would fail further in are refused with 400."""

import json

from annotations.models import Annotation
from config.parsers import MAX_DEPTH
from tests.annotations.helpers import LD, annotation_body, post, target
from tests.base import PersonaTestCase
from tests.factories import make_annotation


def nested(depth: int) -> str:
    return "[" * depth + "]" * depth


class JsonParserTests(PersonaTestCase):
    def setUp(self):
        self.client.force_login(self.ana)

    def send(self, raw: str, content_type: str = LD):
        return self.client.post("/api/annotations/", raw, content_type=content_type)

    def test_deeply_nested_json_is_refused_with_400_naming_the_depth(self):
        for depth in (MAX_DEPTH + 1, 1000, 100_000):
            for content_type in (LD, "application/json"):
                with self.subTest(depth=depth, content_type=content_type):
                    response = self.send(nested(depth), content_type)
                    self.assertEqual(response.status_code, 400)
                    self.assertIn("nested more than", response.json()["detail"])

    def test_depth_is_checked_inside_an_otherwise_valid_annotation(self):
        data = annotation_body(target(self.p1, 4, 10, exact=self.p1.text[4:10]))
        data["lectio"] = {"extra": json.loads(nested(MAX_DEPTH + 1))}
        response = post(self.client, data)
        self.assertEqual(response.status_code, 400)
        self.assertIs(Annotation.objects.exists(), False)

    def test_a_lone_surrogate_in_a_body_or_a_tag_is_refused_with_400(self):
        plain = json.dumps(annotation_body(target(self.p1), text="PLACE", tags=["TAG"]))
        for where in ("PLACE", "TAG"):
            with self.subTest(where=where):
                raw = plain.replace(where, "bad \\ud800 text")
                response = self.send(raw)
                self.assertEqual(response.status_code, 400)
                self.assertIn("lone surrogate", response.json()["detail"])
        self.assertIs(Annotation.objects.exists(), False)

    def test_a_nul_character_in_a_body_or_a_tag_is_refused_with_400(self):
        plain = json.dumps(annotation_body(target(self.p1), text="PLACE", tags=["TAG"]))
        for where in ("PLACE", "TAG"):
            with self.subTest(where=where):
                response = self.send(plain.replace(where, "bad \\u0000 text"))
                self.assertEqual(response.status_code, 400)
                self.assertIn("NUL character", response.json()["detail"])
        self.assertIs(Annotation.objects.exists(), False)

    def test_a_surrogate_pair_is_ordinary_text(self):
        raw = json.dumps(annotation_body(target(self.p1), text="Clef \U0001d11e here"))
        self.assertEqual(self.send(raw).status_code, 201)
        self.assertIn("\U0001d11e", Annotation.objects.get().body)

    def test_the_moderation_api_uses_the_same_parser(self):
        note = make_annotation(self.rita, self.p1, body="Flag me.", visibility="public")
        response = self.client.post(
            f"/api/annotations/{note.pk}/flags/", nested(1000), content_type="application/json"
        )
        self.assertEqual(response.status_code, 400)
        self.assertIn("nested more than", response.json()["detail"])

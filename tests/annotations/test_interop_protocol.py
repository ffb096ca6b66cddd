"""The W3C protocol and model as other clients use them: container headers, CORS, kept
properties (canonical, via, rights ...), and PUT on the target."""

import json

from rest_framework.authtoken.models import Token

from annotations.models import Annotation
from tests.annotations.helpers import LD, annotation_body, post, put, target
from tests.base import PersonaTestCase

OTHER = "https://client.example.org"


class ContainerHeaderTests(PersonaTestCase):
    def test_the_container_sends_etag_content_location_accept_post_and_allow(self):
        response = self.client.get("/api/annotations/", HTTP_ACCEPT=LD)
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response["ETag"].startswith('"'))
        self.assertEqual(response["Content-Location"], "http://127.0.0.1:8000/api/annotations/")
        self.assertIn("application/ld+json", response["Accept-Post"])
        self.assertEqual(set(response["Allow"].split(", ")), {"GET", "HEAD", "OPTIONS", "POST"})
        self.assertNotIn("ldp.jsonld", json.dumps(response.json()["@context"]))


class CorsTests(PersonaTestCase):
    def test_any_origin_reads_without_credentials(self):
        response = self.client.get("/api/annotations/", HTTP_ORIGIN=OTHER)
        self.assertEqual(response["Access-Control-Allow-Origin"], "*")
        self.assertNotIn("Access-Control-Allow-Credentials", response)
        self.assertIn("etag", response["Access-Control-Expose-Headers"])

    def test_a_preflight_for_a_write_with_a_token_is_answered(self):
        response = self.client.options(
            "/api/annotations/",
            HTTP_ORIGIN=OTHER,
            HTTP_ACCESS_CONTROL_REQUEST_METHOD="POST",
            HTTP_ACCESS_CONTROL_REQUEST_HEADERS="authorization, content-type",
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn("POST", response["Access-Control-Allow-Methods"])
        self.assertIn("authorization", response["Access-Control-Allow-Headers"])

    def test_writes_with_a_token_come_only_from_the_configured_origins(self):
        token = Token.objects.create(user=self.ana).key
        data = annotation_body(target(self.p1, 4, 10))
        auth = {"HTTP_AUTHORIZATION": f"Token {token}", "HTTP_ORIGIN": OTHER}
        response = post(self.client, data, **auth)
        self.assertEqual(response.status_code, 403)
        self.assertIn("origin", response.json()["detail"])
        with self.settings(ANNOTATION_WRITE_ORIGINS=[OTHER]):
            self.assertEqual(post(self.client, data, **auth).status_code, 201)


class KeptPropertyTests(PersonaTestCase):
    def setUp(self):
        self.client.force_login(self.ana)

    def create(self, **extra):
        data = {**annotation_body(target(self.p1, 4, 10)), **extra}
        response = post(self.client, data)
        self.assertEqual(response.status_code, 201, response.content)
        return response

    def test_properties_a_client_sends_are_kept_and_served(self):
        kept = {
            "canonical": "urn:uuid:dbfb1861-0ecf-41ad-be94-a584e5c4f1df",
            "rights": "https://creativecommons.org/licenses/by/4.0/",
            "generator": {"id": "https://client.example.org/", "type": "Software", "name": "X"},
            "language": "en",
            "textDirection": "ltr",
            "audience": {"type": "schema:EducationalAudience", "schema:educationalRole": "teacher"},
        }
        served = self.create(**kept, id="https://client.example.org/anno/1").json()
        self.assertEqual({k: served[k] for k in kept}, kept)
        self.assertEqual(served["via"], "https://client.example.org/anno/1")
        self.assertNotEqual(served["id"], "https://client.example.org/anno/1")

    def test_a_motivation_of_the_vocabulary_is_served_as_sent(self):
        served = self.create(motivation="describing").json()
        self.assertEqual(served["motivation"], "describing")

    def test_canonical_stays_on_put_and_changing_it_is_refused(self):
        served = self.create(canonical="urn:uuid:1").json()
        a = Annotation.objects.get()
        data = {**served, "bodyValue": "Changed", "body": None}
        data.pop("body")
        response = put(self.client, a.pk, data, HTTP_IF_MATCH=a.etag)
        self.assertEqual(response.status_code, 200, response.content)
        self.assertEqual(response.json()["canonical"], "urn:uuid:1")
        a.refresh_from_db()
        response = put(self.client, a.pk, {**data, "canonical": "urn:uuid:2"}, HTTP_IF_MATCH=a.etag)
        self.assertEqual(response.status_code, 400)
        self.assertIn("canonical", response.json()["detail"])

    def test_a_put_that_moves_the_target_is_refused_and_the_same_target_passes(self):
        served = self.create().json()
        a = Annotation.objects.get()
        moved = {**served, "target": target(self.p1, 0, 3)}
        response = put(self.client, a.pk, moved, HTTP_IF_MATCH=a.etag)
        self.assertEqual(response.status_code, 400)
        self.assertIn("cannot be changed", response.json()["detail"])
        self.assertEqual((Annotation.objects.get().selector_start), 4)
        response = put(self.client, a.pk, served, HTTP_IF_MATCH=a.etag)
        self.assertEqual(response.status_code, 200, response.content)

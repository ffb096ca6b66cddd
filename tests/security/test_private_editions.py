"""A reading added for one seminar, and a draft, answer 404 to everyone who may not read
them, on every route of an edition, whatever the method; their readers get them."""

from __future__ import annotations

import re

from tests.security.routes import walk
from tests.security.world import (
    DRAFT_READERS,
    NONEXISTENT,
    PERSONAS,
    PRIVATE_READERS,
    SecurityWorld,
)

PARAMS = {"section": "chapter-1", "anchor": "p1", "pk": str(NONEXISTENT), "fmt": "txt"}


def edition_urls(slug: str) -> list[str]:
    """Every route under /editions/<slug>/, filled in for the edition `slug`."""
    urls = []
    for route, _name in walk():
        if not route.startswith("editions/<slug:slug>/"):
            continue
        path = route.replace("<slug:slug>", slug)
        path = re.sub(r"<(?:\w+:)?(\w+)>", lambda m: PARAMS[m.group(1)], path)
        urls.append("/" + path)
    return urls


class PrivateEditionTests(SecurityWorld):
    def assert_unreachable(self, slug: str, readers: set[str]):
        urls = edition_urls(slug)
        self.assertGreater(len(urls), 15)
        for persona in sorted(set(PERSONAS) - readers):
            client = self.client_for(persona)
            for url in urls:
                for method in ("get", "post"):
                    with self.subTest(persona=persona, url=url, method=method):
                        response = getattr(client, method)(url)
                        if persona == "anonymous" and response.status_code == 302:
                            continue  # signed-in pages send strangers to the login first
                        self.assertIn(response.status_code, (404, 405))

    def test_outsiders_get_404_on_every_route_of_a_seminar_reading(self):
        self.assert_unreachable("secret-reading", PRIVATE_READERS)

    def test_outsiders_get_404_on_every_route_of_a_draft(self):
        self.assert_unreachable("draft-reading", DRAFT_READERS)

    def test_the_readers_read_it_and_the_library_lists_it_only_for_them(self):
        for persona in PERSONAS:
            client = self.client_for(persona)
            library = client.get("/").content.decode()
            page = client.get("/editions/secret-reading/chapter-1/")
            with self.subTest(persona=persona):
                self.assertEqual("zzsecrettitle" in library, persona in PRIVATE_READERS)
                self.assertEqual(page.status_code, 200 if persona in PRIVATE_READERS else 404)

    def test_a_draft_takes_no_annotation_even_from_its_uploader(self):
        client = self.client_for("ines")
        response = client.post(
            "/api/annotations/",
            {
                "body": [{"type": "TextualBody", "value": "early"}],
                "target": {"source": "http://testserver/editions/draft-reading/passages/p1/"},
            },
            content_type="application/json",
        )
        self.assertIn(response.status_code, (400, 404))

    def test_the_uploaders_own_upload_pages_are_hers(self):
        for persona in ("otto", "stu", "ivo"):
            with self.subTest(persona=persona):
                client = self.client_for(persona)
                self.assertEqual(client.get(f"/uploads/{self.upload.pk}/").status_code, 404)
        self.assertEqual(
            self.client_for("ines").get(f"/uploads/{self.upload.pk}/").status_code, 200
        )

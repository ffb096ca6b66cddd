"""The permission matrix over every route: no response gives a persona a word of content
they may not see, and an annotation they may not see answers exactly like one that does
not exist (same status, same body), whatever the method."""

from __future__ import annotations

import re

from tests.security.routes import EXEMPT, annotation_routes, samples, walk
from tests.security.world import NONEXISTENT, PERSONAS, SecurityWorld, forbidden_canaries


def _text(response) -> str:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content).decode("utf-8", "replace")
    return response.content.decode("utf-8", "replace")


class RouteCoverageTests(SecurityWorld):
    def test_every_route_is_checked_or_exempt_with_a_reason(self):
        checked = samples(self)
        for route, name in walk():
            with self.subTest(route=route, name=name):
                self.assertIs(
                    name in checked or bool(EXEMPT.get(name)),
                    True,
                    f"{route} ({name}): add a permission test to tests/security/"
                    "routes.py, or exempt it with a reason",
                )

    def test_the_checked_routes_all_still_exist(self):
        names = {name for _route, name in walk()}
        for name in samples(self):
            with self.subTest(name=name):
                self.assertIn(name, names)


class CanaryLeakTests(SecurityWorld):
    def test_no_page_api_export_or_count_gives_a_persona_content_they_may_not_see(self):
        routes = samples(self)
        for persona in PERSONAS:
            client = self.client_for(persona)
            forbidden = forbidden_canaries(persona)
            for urls in routes.values():
                for url in urls:
                    response = client.get(url)
                    text = _text(response)
                    leaked = [w for w in forbidden if w in text and w not in url]
                    with self.subTest(persona=persona, url=url):
                        self.assertLess(response.status_code, 500)
                        self.assertEqual(leaked, [])  # words of the URL itself are echoed

    def test_allowed_personas_do_see_each_canary_somewhere(self):
        """The matrix above is only meaningful if the canaries are reachable at all."""
        where = {
            "zzprivbody": ["/annotations/mine/"],
            "zzgrpbody": [f"/annotations/{self.grp.pk}/"],
            "zzgrpreply": [f"/annotations/{self.grp.pk}/"],
            "zzpendbody": ["/moderation/"],
            "zzpeerbody": [f"/api/annotations/{self.peer.pk}/"],
        }
        cases = [
            ("ana", "zzprivbody"),
            ("mia", "zzgrpbody"),
            ("mo", "zzgrpreply"),
            ("sofia", "zzpendbody"),
            ("ines", "zzpeerbody"),
            ("sol", "zzpeerbody"),
        ]
        for persona, word in cases:
            with self.subTest(persona=persona, word=word):
                client = self.client_for(persona)
                self.assertIs(any(word in _text(client.get(u)) for u in where[word]), True)


class InvisibleLikeNonexistentTests(SecurityWorld):
    def _answer(self, client, method: str, url: str, pk: int):
        response = (
            getattr(client, method)(url, content_type="application/json")
            if method != "get"
            else client.get(url)
        )
        text = re.sub(r'value="[A-Za-z0-9]{32,}"', 'value="<csrf>"', _text(response))
        return response.status_code, re.sub(rf"(?<=/){pk}(?=[/.])|(?<=#a-){pk}\b", "<pk>", text)

    def test_an_unseen_annotation_answers_like_a_missing_one_on_every_route_and_method(self):
        for persona in PERSONAS:
            client = self.client_for(persona)
            for label, annotation in self.invisible_annotations(persona).items():
                for name, url in annotation_routes().items():
                    for method in ("get", "post", "put", "delete"):
                        with self.subTest(persona=persona, item=label, route=name, method=method):
                            seen = self._answer(
                                client, method, url.format(pk=annotation.pk), annotation.pk
                            )
                            missing = self._answer(
                                client, method, url.format(pk=NONEXISTENT), NONEXISTENT
                            )
                            self.assertEqual(seen, missing)

    def test_unseen_annotations_are_404_not_403_for_signed_in_readers(self):
        for persona in ("rita", "otto", "stu", "ivo", "sofia"):
            client = self.client_for(persona)
            for label, annotation in self.invisible_annotations(persona).items():
                for name in (
                    "annotations:detail",
                    "api:annotation",
                    "annotations:flag",
                    "annotations:cite",
                ):
                    url = annotation_routes()[name].format(pk=annotation.pk)
                    with self.subTest(persona=persona, item=label, route=name):
                        self.assertEqual(client.get(url).status_code, 404)

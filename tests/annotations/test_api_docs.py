"""Every API route is documented in docs/api.md."""

import re
from pathlib import Path

from django.test import SimpleTestCase
from django.urls import URLPattern, URLResolver, get_resolver

DOCS = Path(__file__).resolve().parents[2] / "docs" / "api.md"


def _routes(patterns, prefix=""):
    for p in patterns:
        if isinstance(p, URLResolver):
            yield from _routes(p.url_patterns, prefix + str(p.pattern))
        elif isinstance(p, URLPattern):
            yield prefix + str(p.pattern)


def _as_documented(route: str) -> str:
    return "/" + re.sub(
        r"<(?:\w+:)?(\w+)>", lambda m: "<id>" if m[1] == "pk" else f"<{m[1]}>", route
    )


class ApiDocsTests(SimpleTestCase):
    def test_every_api_route_appears_in_docs_api_md(self):
        docs = DOCS.read_text()
        routes = [
            _as_documented(r) for r in _routes(get_resolver().url_patterns) if r.startswith("api/")
        ]
        self.assertGreaterEqual(len(routes), 6)
        for route in routes:
            with self.subTest(route):
                self.assertIn(f"`{route}`", docs)

"""Project-wide HTTP behaviour: refusals at the edge, headers, and HEAD on pages."""

import re

from django.conf import settings
from django.test import TestCase

from tests.base import PersonaTestCase

TEMPLATES = settings.BASE_DIR / "templates"


class NulByteTests(TestCase):
    def test_a_nul_byte_in_the_path_or_the_query_is_answered_400_with_a_message(self):
        for url in (
            "/editions/the%00sis/",
            "/?q=%00",
            "/editions/thesis/chapter-1/?version=1%00",
            "/api/annotations/?tag=a%00b",
        ):
            with self.subTest(url=url):
                response = self.client.get(url)
                self.assertContains(response, "NUL character", status_code=400)


class HeaderTests(PersonaTestCase):
    def test_every_page_has_a_strict_content_security_policy(self):
        policy = self.client.get("/")["Content-Security-Policy"]
        directives = dict(d.strip().split(" ", 1) for d in policy.split(";") if d.strip())
        self.assertEqual(directives["script-src"], "'self'")
        self.assertEqual(directives["style-src"], "'self'")
        self.assertEqual(directives["object-src"], "'none'")
        self.assertNotIn("unsafe", policy)

    def test_every_response_has_a_permissions_policy(self):
        for url in ("/", "/api/annotations/", "/no-such-page/"):
            with self.subTest(url=url):
                self.assertIn("camera=()", self.client.get(url)["Permissions-Policy"])

    def test_responses_to_signed_in_users_are_private_and_to_visitors_are_not(self):
        section = self.section.get_absolute_url()
        self.assertNotIn("private", self.client.get(section).get("Cache-Control", ""))
        self.client.force_login(self.ana)
        for url in (section, "/annotations/mine/", "/api/annotations/"):
            with self.subTest(url=url):
                self.assertIn("private", self.client.get(url)["Cache-Control"])


class HeadTests(PersonaTestCase):
    def test_html_pages_answer_head_like_get_without_a_body(self):
        anonymous = ["/", "/editions/thesis/", "/accounts/login/", "/accounts/signup/"]
        anonymous += [self.section.get_absolute_url(), "/editions/thesis/passages/p1/fragment/"]
        anonymous += ["/editions/thesis/versions/", "/editions/thesis/about/"]
        signed_in = ["/annotations/mine/", "/annotations/new/?passage=thesis:p1", "/notifications/"]
        signed_in += ["/groups/", "/seminars/", "/accounts/profile/", "/assignments/"]
        for urls, user in ((anonymous, None), (signed_in, self.ana)):
            if user:
                self.client.force_login(user)
            for url in urls:
                with self.subTest(url=url):
                    get = self.client.get(url)
                    head = self.client.head(url)
                    self.assertEqual((head.status_code, head.content), (get.status_code, b""))
                    self.assertEqual(get.status_code, 200, url)

    def test_head_on_a_confirmation_page_changes_nothing(self):
        from tests.factories import make_annotation

        note = make_annotation(self.ana, self.p1, body="Keep me.")
        self.client.force_login(self.ana)
        self.assertEqual(self.client.head(f"/annotations/{note.pk}/delete/").status_code, 200)
        note.refresh_from_db()
        self.assertIs(note.deleted, False)


class TemplatesAllowTheStrictPolicyTests(TestCase):
    """The policy refuses inline code: no template may depend on it."""

    INLINE = {
        "inline script": re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I),
        "style attribute": re.compile(r"\sstyle\s*=", re.I),
        "style element": re.compile(r"<style[\s>]", re.I),
        "event handler": re.compile(r"\son[a-z]+\s*=", re.I),
        "javascript: URL": re.compile(r"javascript:", re.I),
    }

    def test_no_template_has_inline_scripts_styles_or_handlers(self):
        for path in sorted(TEMPLATES.rglob("*.html")):
            text = path.read_text(encoding="utf-8")
            for name, pattern in self.INLINE.items():
                with self.subTest(template=str(path.relative_to(TEMPLATES)), kind=name):
                    self.assertIsNone(pattern.search(text))

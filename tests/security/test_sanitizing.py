"""User text never becomes markup: Markdown bodies are sanitized (pages and the API's
bodyHtml, which annotate.js inserts with innerHTML), and names are escaped everywhere."""

from __future__ import annotations

import re
from html.parser import HTMLParser

from django.core.cache import cache

from accounts.models import User
from annotations.rendering import markdown_to_html
from groups.models import ReadingGroup
from seminars.services import feedback_create
from tests.factories import make_annotation, make_reply
from tests.security.world import SecurityWorld

ATTACKS = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    "[x](javascript:alert(1))",
    "[x](JaVaScRiPt:alert(1))",
    "[x](data:text/html;base64,PHNjcmlwdD4=)",
    "[x](vbscript:msgbox(1))",
    "<iframe src=//evil.example></iframe>",
    '<p style="background:url(javascript:alert(1))">x</p>',
    "<svg onload=alert(1)><circle/></svg>",
    "<javascript:alert(1)>",
    "[x][r]\n\n[r]: javascript:alert(1)",
    "![x](javascript:alert(1))",
    "&#x6a;avascript&colon;alert(1)",
    "[x](&#x6a;avascript:alert(1))",
    "<a href='javascript:alert(1)'>x</a>",
    "`<script>`",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
]
ACTIVE_TAGS = {
    "script",
    "iframe",
    "svg",
    "img",
    "style",
    "math",
    "object",
    "embed",
    "form",
    "input",
    "link",
    "meta",
    "base",
    "frame",
    "audio",
    "video",
    "source",
}
NAME = "<img src=x onerror=alert(1)>zzname"


class _ActiveContent(HTMLParser):
    """Collects the elements and attributes of parsed HTML that could run code."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found = []

    def handle_starttag(self, tag, attrs):
        if tag in ACTIVE_TAGS:
            self.found.append(f"<{tag} {attrs}>")
        for name, value in attrs:
            url = re.sub(r"[\s\x00-\x1f]", "", value or "").lower()
            scheme = re.match(r"^(?!https?:|mailto:)[a-z][a-z0-9+.-]*:", url)
            risky_attr = name.startswith("on") or name in {"style", "srcdoc", "formaction"}
            if risky_attr or (name in {"href", "src", "action", "xlink:href"} and scheme):
                self.found.append(f"{tag}[{name}={value}]")


def _dangerous(html: str) -> list[str]:
    parser = _ActiveContent()
    parser.feed(html)
    return parser.found


def _injected(page: str) -> list[str]:
    """Active content on a whole page that came from the attacks (the layout has its own
    forms and scripts)."""
    return [
        item for item in _dangerous(page) if re.search(r"alert\(|evil\.example|PHNjcmlwdD4", item)
    ]


class MarkdownTests(SecurityWorld):
    def test_markdown_bodies_never_render_active_content(self):
        for text in ATTACKS:
            with self.subTest(text=text):
                self.assertEqual(_dangerous(markdown_to_html(text)), [])

    def test_links_keep_safe_schemes_and_get_rel_nofollow(self):
        html = markdown_to_html("<https://example.org> and [m](mailto:a@example.org)")
        self.assertIn('href="https://example.org"', html)
        self.assertIn('href="mailto:a@example.org"', html)
        self.assertIn('rel="nofollow noopener"', html)


class RenderedBodyTests(SecurityWorld):
    """Each place a user's text is shown, with every attack at once."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.attack = "\n\n".join(ATTACKS)
        cls.note = make_annotation(
            cls.mia,
            cls.p1,
            body=cls.attack,
            visibility="group",
            group=cls.group,
            tags=["<b>zztag</b>"],
        )
        cls.reply = make_reply(cls.mo, cls.note, body=cls.attack)
        cls.own = make_annotation(cls.ana, cls.p1, body=cls.attack)

    def _body_html_values(self, data) -> list[str]:
        found = []
        if isinstance(data, dict):
            for key, value in data.items():
                if key in {"bodyHtml", "html"} and isinstance(value, str):
                    found.append(value)
                else:
                    found += self._body_html_values(value)
        elif isinstance(data, list):
            for item in data:
                found += self._body_html_values(item)
        return found

    def test_pages_show_bodies_and_tags_without_active_content(self):
        client = self.client_for("ana")
        pages = [
            f"/annotations/{self.note.pk}/",
            f"/annotations/{self.own.pk}/edit/",
            f"/annotations/{self.own.pk}/delete/",
            "/annotations/mine/",
            f"/annotations/{self.note.pk}/flag/",
            "/moderation/?show=all",
            f"/cite/annotations/{self.note.pk}/",
            "/editions/thesis/chapter-1/",
        ]
        for url in pages:
            with self.subTest(url=url):
                html = client.get(url).content.decode()
                self.assertEqual(_injected(html), [])
                self.assertNotIn("<b>zztag</b>", html)

    def test_the_api_body_html_that_scripts_insert_is_sanitized(self):
        client = self.client_for("ana")
        for url in (
            f"/api/annotations/{self.note.pk}/",
            f"/api/annotations/{self.reply.pk}/",
            f"/api/annotations/?parent={self.note.pk}",
            "/api/annotations/?user=mia",
        ):
            with self.subTest(url=url):
                values = self._body_html_values(client.get(url).json())
                self.assertNotEqual(values, [])
                for value in values:
                    self.assertEqual(_dangerous(value), [])

    def test_assignment_instructions_and_feedback_are_sanitized(self):
        from tests.factories import make_assignment

        assignment = make_assignment(
            self.seminar,
            self.edition,
            start="chapter-2",
            title="<b>zztitle</b>",
            instructions=self.attack,
        )
        feedback_create(assignment=assignment, student=self.sol, author=self.ines, body=self.attack)
        for persona, url in [
            ("sol", f"/assignments/{assignment.pk}/"),
            ("ines", f"/assignments/{assignment.pk}/students/{self.sol.pk}/"),
        ]:
            with self.subTest(url=url):
                html = self.client_for(persona).get(url).content.decode()
                self.assertEqual(_injected(html), [])
                self.assertNotIn("<b>zztitle</b>", html)


class NameEscapingTests(SecurityWorld):
    """Display names and group names with HTML are shown as text."""

    def setUp(self):
        cache.clear()
        User.objects.filter(pk=self.mia.pk).update(display_name=NAME)
        ReadingGroup.objects.filter(pk=self.group.pk).update(name=NAME)

    def test_names_with_html_are_escaped_on_every_page_that_shows_them(self):
        make_reply(self.mia, self.public, body="@ana hello")
        pages = {
            "ana": [
                "/groups/",
                f"/groups/{self.group.pk}/",
                "/notifications/",
                f"/annotations/{self.grp.pk}/",
                f"/moderation/groups/{self.group.pk}/",
                "/moderation/?show=all",
                "/editions/thesis/chapter-1/",
                "/annotations/new/?passage=thesis:p1",
                "/api/me/",
                f"/groups/{self.group.pk}/export.jsonld",
                f"/groups/{self.group.pk}/export.csv",
            ],
            "mia": ["/accounts/profile/", "/annotations/mine/"],
        }
        for persona, urls in pages.items():
            client = self.client_for(persona)
            for url in urls:
                with self.subTest(persona=persona, url=url):
                    response = client.get(url)
                    self.assertLess(response.status_code, 400)
                    if response["Content-Type"].startswith("text/html"):
                        self.assertNotIn("<img src=x", response.content.decode())
                    else:  # data for scripts and files: never sniffed as a page
                        self.assertEqual(response["X-Content-Type-Options"], "nosniff")

    def test_scripts_write_names_and_labels_with_text_content_only(self):
        from pathlib import Path

        from django.conf import settings

        for path in sorted((Path(settings.BASE_DIR) / "static" / "js").glob("*.js")):
            source = path.read_text()
            sinks = re.findall(r"(\w[\w.\[\]\"]*)\.(innerHTML|outerHTML)\s*=\s*([^;]+);", source)
            for target, _sink, value in sinks:
                with self.subTest(file=path.name, sink=f"{target} = {value.strip()}"):
                    self.assertRegex(
                        value,
                        r"record\.html|text\.innerHTML|response\.text\(\)",
                        "only sanitized server HTML may be inserted as markup",
                    )
            self.assertNotIn("insertAdjacentHTML", source)
            self.assertNotIn("document.write", source)

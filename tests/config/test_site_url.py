"""Links follow the address Lectio is served on when SITE_URL is unset."""

from django.test import override_settings

from tests.base import PersonaTestCase
from tests.config.test_deploy import manage
from tests.factories import make_annotation


@override_settings(SITE_URL_FROM_REQUEST=True)
class SiteUrlFromRequestTests(PersonaTestCase):
    def test_api_ids_and_citations_use_the_port_the_request_came_in_on(self):
        annotation = make_annotation(self.ana, self.p1, visibility="public")
        host = {"HTTP_HOST": "127.0.0.1:8123"}
        body = self.client.get(f"/api/annotations/{annotation.pk}/", **host).json()
        self.assertEqual(body["id"], f"http://127.0.0.1:8123/api/annotations/{annotation.pk}/")
        self.assertTrue(body["target"]["source"].startswith("http://127.0.0.1:8123/"))
        cite = self.client.get(f"{self.p1.get_absolute_url()}cite/", **host)
        self.assertContains(cite, "http://127.0.0.1:8123" + self.p1.get_absolute_url())
        self.assertNotContains(cite, "127.0.0.1:8000")


class SiteUrlSettingTests(PersonaTestCase):
    def test_without_a_request_the_address_follows_port_and_a_set_site_url_wins(self):
        show = "from django.conf import settings; print(settings.SITE_URL + '/x')"
        result = manage("shell", "-c", show, env={"PORT": "8123", "SITE_URL": ""})
        self.assertEqual(
            result.stdout.strip().splitlines()[-1], "http://127.0.0.1:8123/x", result.stderr
        )
        env = {"PORT": "8123", "SITE_URL": "https://lectio.example.org/"}
        result = manage("shell", "-c", show, env=env)
        self.assertEqual(
            result.stdout.strip().splitlines()[-1], "https://lectio.example.org/x", result.stderr
        )


class FaviconTests(PersonaTestCase):
    def test_pages_name_an_icon_and_favicon_ico_finds_it(self):
        self.assertContains(self.client.get("/"), 'rel="icon"')
        response = self.client.get("/favicon.ico")
        self.assertEqual(response.status_code, 301)
        self.assertTrue(response["Location"].endswith("favicon.svg"))

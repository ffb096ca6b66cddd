"""Every state-changing request needs POST (or PUT/DELETE) and a CSRF token when it comes
with a session; GET never changes anything. Checked over every checked route."""

from __future__ import annotations

import json

from django.core.cache import cache
from django.test import Client

from annotations.models import Annotation
from annotations.moderation.models import Flag, ModerationEvent
from groups.models import Membership
from notifications.models import Notification
from tests.annotations.helpers import LD, annotation_body, target
from tests.security.routes import samples
from tests.security.world import SecurityWorld

# Personas who may act on most of the world's routes.
ACTORS = ["ana", "sofia", "ines", "mo"]


def _state() -> tuple:
    """A fingerprint of what the routes can change."""
    return (
        Annotation.objects.count(),
        tuple(
            Annotation.objects.order_by("pk").values_list(
                "status", "version", "locked", "deleted", "visibility"
            )
        ),
        ModerationEvent.objects.count(),
        Flag.objects.count(),
        tuple(Membership.objects.order_by("pk").values_list("role", flat=True)),
        Membership.objects.count(),
        Notification.objects.filter(read_at__isnull=False).count(),
    )


class CsrfTests(SecurityWorld):
    def setUp(self):
        cache.clear()

    def test_no_route_changes_anything_on_a_post_without_a_csrf_token(self):
        routes = samples(self)
        for persona in ACTORS:
            client = self.client_for(persona, csrf=True)
            for urls in routes.values():
                for url in urls:
                    before = _state()
                    response = client.post(
                        url, {"body": "x", "confirm": "1", "action": "hide", "reason": "spam"}
                    )
                    with self.subTest(persona=persona, url=url):
                        self.assertIn(response.status_code, {403, 404, 405}, response)
                        self.assertEqual(_state(), before)

    def test_api_writes_with_a_session_need_the_token_and_with_a_token_do_not(self):
        client = self.client_for("ana", csrf=True)
        data = json.dumps(annotation_body(target(self.p1), text="via session"))
        self.assertEqual(client.post("/api/annotations/", data, content_type=LD).status_code, 403)
        client.get("/accounts/profile/")
        token = client.cookies["csrftoken"].value
        response = client.post("/api/annotations/", data, content_type=LD, HTTP_X_CSRFTOKEN=token)
        self.assertEqual(response.status_code, 201)
        from rest_framework.authtoken.models import Token

        key = Token.objects.create(user=self.mia).key
        response = Client(enforce_csrf_checks=True).post(
            "/api/annotations/", data, content_type=LD, HTTP_AUTHORIZATION=f"Token {key}"
        )
        self.assertEqual(response.status_code, 201)

    def test_get_never_changes_anything(self):
        routes = samples(self)
        for persona in ["anonymous", *ACTORS]:
            client = self.client_for(persona)
            for urls in routes.values():
                for url in urls:
                    before = _state()
                    client.get(url)
                    with self.subTest(persona=persona, url=url):
                        self.assertEqual(_state(), before)

    def test_post_only_routes_refuse_get(self):
        post_only = [
            "annotations:reply",
            "annotations:decide",
            "annotations:decide-bulk",
            "annotations:appeal-decide",
            "annotations:sanction-lift",
            "groups:invite-create",
            "groups:invite-revoke",
            "groups:group-leave",
            "groups:member-role",
            "seminars:roster-import",
            "seminars:settings",
            "seminars:sections",
            "seminars:member-role",
            "seminars:share-notes",
            "seminars:reveal",
            "seminars:release",
            "seminars:scores",
            "seminars:feedback",
            "seminars:feature",
            "notifications:read-all",
            "notifications:open",
            "annotations:suggestion-decide",
            "annotations:suggestions-accept",
            "annotations:orphan-reattach",
        ]
        routes = samples(self)
        client = self.client_for("ana")
        for name in post_only:
            for url in routes[name]:
                with self.subTest(url=url):
                    self.assertEqual(client.get(url).status_code, 405)

"""Open redirects, object ids of other people's things, fields a client may not set, the
joining rules, and the rate limits on signing in and posting."""

from __future__ import annotations

import json

from django.core.cache import cache
from django.test import override_settings

from annotations.models import Annotation
from annotations.moderation.models import RateCounter
from annotations.suggestions import suggestion_create
from groups.models import GroupInvite, Membership
from notifications.models import Notification
from seminars.models import Seminar
from tests.annotations.helpers import LD, annotation_body, post, put, target
from tests.factories import make_annotation, make_user
from tests.security.world import SecurityWorld

EVIL = [
    "https://evil.example/",
    "//evil.example/",
    "/\\evil.example/",
    "\\\\evil.example",
    "https:evil.example",
    " https://evil.example/",
]


def _stays_here(response) -> bool:
    location = response.get("Location", "")
    return location.startswith("/") and not location.startswith(("//", "/\\"))


class OpenRedirectTests(SecurityWorld):
    def setUp(self):
        cache.clear()

    def test_sign_in_never_sends_the_reader_to_another_site(self):
        make_user("pat", password="a long passphrase 9")
        for target_url in EVIL:
            with self.subTest(next=target_url):
                self.client.logout()
                response = self.client.post(
                    "/accounts/login/",
                    {"username": "pat", "password": "a long passphrase 9", "next": target_url},
                )
                self.assertEqual(response.status_code, 302)
                self.assertIs(_stays_here(response), True)

    def test_deciding_a_suggestion_never_redirects_off_site(self):
        suggestion = suggestion_create(
            author=self.rita,
            piece=_piece(self.p1, "reader"),
            replacement="readers",
            justification="Plural.",
        )
        client = self.client_for("sofia")
        for target_url in EVIL:
            with self.subTest(next=target_url):
                response = client.post(
                    f"/suggestions/{suggestion.pk}/decide/",
                    {"decision": "reject", "reason": "no", "next": target_url},
                )
                self.assertIs(_stays_here(response), True, response.get("Location"))

    def test_featuring_a_note_never_redirects_off_site(self):
        client = self.client_for("ines")
        url = f"/assignments/{self.assignment.pk}/feature/{self.peer.pk}/"
        for target_url in EVIL:
            with self.subTest(next=target_url):
                response = client.post(url, {"featured": "1", "next": target_url})
                self.assertIs(_stays_here(response), True, response.get("Location"))

    def test_a_moderation_decision_never_redirects_off_site(self):
        client = self.client_for("sofia")
        for target_url in EVIL:
            with self.subTest(next=target_url):
                self.public.refresh_from_db()
                response = client.post(
                    f"/moderation/annotations/{self.public.pk}/decide/",
                    {
                        "action": "lock",
                        "reason": "fine",
                        "version": self.public.version,
                        "next": target_url,
                    },
                )
                self.assertIs(_stays_here(response), True, response.get("Location"))
                client.post(
                    f"/moderation/annotations/{self.public.pk}/decide/",
                    {"action": "unlock", "reason": "fine", "version": self.public.version + 1},
                )

    def test_opening_a_notification_goes_only_to_a_path_of_this_site(self):
        for url in EVIL:
            with self.subTest(url=url):
                note = Notification.objects.create(
                    recipient=self.ana, kind="reply", text="x", url=url
                )
                response = self.client_for("ana").post(f"/notifications/{note.pk}/open/")
                self.assertIs(_stays_here(response), True, response.get("Location"))


def _piece(passage, exact: str):
    from edition.anchoring import TargetPiece

    start = passage.text.index(exact)  # a quote found twice needs its position
    return TargetPiece(passage=passage, exact=exact, start=start, end=start + len(exact))


class JoiningTests(SecurityWorld):
    def test_a_closed_seminar_cannot_be_joined_through_the_group_join_page(self):
        Seminar.objects.filter(pk=self.seminar.pk).update(joining_open=False)
        GroupInvite.objects.create(
            group=self.seminar.group,
            created_by=self.ines,
            code="zzseminarcode",
            role=Membership.Role.MEMBER,
        )
        for url in ("/groups/join/zzseminarcode/", "/seminars/join/zzseminarcode/"):
            with self.subTest(url=url):
                self.client_for("otto").post(url, {"confirm": "1"})
                joined = Membership.objects.filter(group=self.seminar.group, user=self.otto)
                self.assertIs(joined.exists(), False)
        response = self.client_for("otto").post(
            "/groups/join/", {"code": "zzseminarcode", "confirm": "1"}
        )
        self.assertIs(
            Membership.objects.filter(group=self.seminar.group, user=self.otto).exists(),
            False,
            response,
        )

    def test_a_student_sees_the_seminar_page_not_its_roster_on_the_group_page(self):
        response = self.client_for("stu").get(f"/groups/{self.seminar.pk}/")
        self.assertRedirects(
            response, f"/seminars/{self.seminar.pk}/", fetch_redirect_response=False
        )
        self.assertEqual(
            self.client_for("ines").get(f"/groups/{self.seminar.pk}/").status_code, 200
        )


class ObjectIdTests(SecurityWorld):
    """Ids of things that belong to someone else, in URLs and bodies."""

    def test_nobody_changes_or_deletes_an_annotation_of_someone_else(self):
        cases = [
            ("mia", self.grp, 403),
            ("otto", self.grp, 404),
            ("rita", self.private, 404),
            ("sofia", self.public, 403),
            ("stu", self.peer, 404),
        ]
        for persona, item, status in cases:
            client = self.client_for(persona)
            item.refresh_from_db()
            etag = item.etag
            with self.subTest(persona=persona, item=item.body):
                data = annotation_body(None, text="taken over")
                data.pop("target")
                self.assertEqual(put(client, item.pk, data, HTTP_IF_MATCH=etag).status_code, status)
                self.assertEqual(
                    client.delete(f"/api/annotations/{item.pk}/", HTTP_IF_MATCH=etag).status_code,
                    status,
                )
                self.assertEqual(
                    client.post(
                        f"/annotations/{item.pk}/edit/", {"body": "taken over"}
                    ).status_code,
                    status,
                )
                self.assertEqual(client.post(f"/annotations/{item.pk}/delete/").status_code, status)
                self.assertEqual(Annotation.objects.get(pk=item.pk).body, item.body)

    def test_group_and_seminar_pages_of_others_are_404(self):
        cases = [
            ("otto", f"/groups/{self.group.pk}/"),
            ("otto", f"/groups/{self.group.pk}/export.csv"),
            ("otto", f"/moderation/groups/{self.group.pk}/"),
            ("ivo", f"/seminars/{self.seminar.pk}/"),
            ("ivo", f"/assignments/{self.assignment.pk}/"),
            ("ivo", f"/assignments/{self.assignment.pk}/dashboard/"),
            ("ivo", f"/assignments/{self.assignment.pk}/students/{self.sol.pk}/"),
            ("ivo", f"/assignments/{self.assignment.pk}/grades.csv"),
            ("sofia", f"/groups/{self.group.pk}/"),
            ("sofia", f"/seminars/{self.seminar.pk}/"),
        ]
        for persona, url in cases:
            with self.subTest(persona=persona, url=url):
                self.assertEqual(self.client_for(persona).get(url).status_code, 404)

    def test_someone_elses_notification_cannot_be_opened(self):
        note = Notification.objects.create(recipient=self.ana, kind="reply", text="zz", url="/")
        response = self.client_for("otto").post(f"/notifications/{note.pk}/open/")
        self.assertEqual(response.status_code, 404)
        note.refresh_from_db()
        self.assertIsNone(note.read_at)

    def test_an_instructor_cannot_feature_work_of_another_seminar(self):
        mine = make_annotation(
            self.stu,
            self.p1,
            body="Other seminar note",
            visibility="group",
            group=self.other_seminar.group,
        )
        response = self.client_for("ines").post(
            f"/assignments/{self.assignment.pk}/feature/{mine.pk}/", {"featured": "1"}
        )
        self.assertEqual(response.status_code, 404)


class InputFieldTests(SecurityWorld):
    """Mass assignment: author, status, id and someone else's group are never taken from
    the client."""

    def setUp(self):
        cache.clear()

    def test_the_api_ignores_creator_status_and_id_sent_by_the_client(self):
        data = annotation_body(target(self.p1), text="Mine", visibility="public")
        data.update(
            {
                "id": f"http://testserver/api/annotations/{self.grp.pk}/",
                "creator": {"id": "rita", "name": "Rita"},
                "created": "2001-01-01",
            }
        )
        data["lectio"].update(
            {
                "status": "hidden",
                "author": self.rita.pk,
                "locked": True,
                "statusReason": "spam",
                "anchorState": "orphaned",
            }
        )
        response = post(self.client_for("otto"), data)
        self.assertEqual(response.status_code, 201, response.content)
        created = Annotation.objects.get(pk=response.json()["id"].rstrip("/").split("/")[-1])
        self.assertEqual(
            (created.author, created.status, created.locked, created.anchor_state),
            (self.otto, "approved", False, "ok"),
        )
        self.assertNotEqual(created.pk, self.grp.pk)

    def test_nobody_posts_or_moves_a_note_into_a_group_they_are_not_in(self):
        client = self.client_for("otto")
        cases = [
            ("group", self.group.pk),
            ("group", self.seminar.pk),
            ("group", {"id": self.group.pk}),
            ("public", self.group.pk),
        ]
        for visibility, group in cases:
            with self.subTest(visibility=visibility, group=group):
                before = Annotation.objects.filter(group=self.group).count()
                response = post(
                    client,
                    annotation_body(target(self.p1), text="in", visibility=visibility, group=group),
                )
                if response.status_code == 201:
                    self.assertIsNone(
                        Annotation.objects.get(
                            pk=response.json()["id"].rstrip("/").split("/")[-1]
                        ).group_id
                    )
                else:
                    self.assertEqual(response.status_code, 400)
                self.assertEqual(Annotation.objects.filter(group=self.group).count(), before)
        own = make_annotation(self.otto, self.p1, body="own")
        data = annotation_body(None, text="moved", visibility="group", group=self.group.pk)
        data.pop("target")
        self.assertEqual(put(client, own.pk, data, HTTP_IF_MATCH=own.etag).status_code, 400)
        response = client.post(
            f"/annotations/{own.pk}/edit/",
            {"body": "moved", "visibility": "group", "group": self.group.pk},
        )
        own.refresh_from_db()
        self.assertEqual((own.visibility, own.group_id), ("private", None), response.status_code)

    def test_a_reply_to_an_unseen_or_unpublished_item_is_refused(self):
        client = self.client_for("otto")
        cases = [
            (self.private, 404),
            (self.grp, 404),
            (self.peer, 404),
            (self.pending, 404),
            (self.hidden, 403),
        ]
        for parent, status in cases:
            with self.subTest(parent=parent.body):
                data = {
                    "@context": "http://www.w3.org/ns/anno.jsonld",
                    "type": "Annotation",
                    "motivation": "replying",
                    "body": "a reply",
                    "target": f"http://testserver/api/annotations/{parent.pk}/",
                }
                response = client.post("/api/annotations/", json.dumps(data), content_type=LD)
                self.assertEqual(response.status_code, status, response.content)
                self.assertIs(
                    Annotation.objects.filter(parent=parent, author=self.otto).exists(), False
                )


@override_settings(RATE_LIMIT_POSTS=2, RATE_LIMIT_FLAGS=1, LOGIN_FAILURE_LIMIT=2)
class RateLimitTests(SecurityWorld):
    def setUp(self):
        cache.clear()

    def test_failed_sign_ins_are_throttled(self):
        make_user("pat", password="a long passphrase 9")
        statuses = [
            self.client.post("/accounts/login/", {"username": "pat", "password": "no"}).status_code
            for _ in range(4)
        ]
        self.assertEqual(statuses, [200, 200, 429, 429])

    def test_public_posting_by_each_route_is_rate_limited(self):
        client = self.client_for("otto")
        routes = {
            "api note": lambda i: post(
                client, annotation_body(target(self.p1), text=f"n{i}", visibility="public")
            ),
            "api reply": lambda i: post(
                client,
                {
                    "motivation": "replying",
                    "body": f"r{i}",
                    "target": f"http://testserver/api/annotations/{self.public.pk}/",
                },
            ),
            "page reply": lambda i: client.post(
                f"/annotations/{self.public.pk}/reply/", {"body": f"r{i}"}
            ),
            "api suggestion": lambda i: post(client, _suggestion_body(self.p1, i)),
            "page suggestion": lambda i: client.post(
                "/editions/thesis/passages/p1/suggest/",
                {"exact": "book", "replacement": f"book{i}", "justification": "why"},
            ),
        }
        # Pages redirect after a post; the API answers 201.
        expected = {name: 302 if name.startswith("page") else 201 for name in routes}
        for name, send in routes.items():
            with self.subTest(route=name):
                cache.clear()
                RateCounter.objects.all().delete()  # each route starts a fresh window
                statuses = [send(i).status_code for i in range(4)]
                self.assertEqual(statuses, [expected[name]] * 2 + [429, 429])

    def test_flags_are_rate_limited(self):
        client = self.client_for("otto")
        other = make_annotation(self.rita, self.p2, body="another", visibility="public")
        statuses = [
            client.post(
                f"/api/annotations/{pk}/flags/", {"reason": "spam"}, content_type="application/json"
            ).status_code
            for pk in (self.public.pk, other.pk)
        ]
        self.assertEqual(statuses, [201, 429])


def _suggestion_body(passage, i: int) -> dict:
    start = passage.text.index("reader")
    return {
        "@context": "http://www.w3.org/ns/anno.jsonld",
        "type": "Annotation",
        "motivation": "editing",
        "body": [
            {"type": "TextualBody", "purpose": "editing", "value": f"reader{i}"},
            {"type": "TextualBody", "value": "why"},
        ],
        "target": target(passage, start=start, end=start + 6, exact="reader"),
    }

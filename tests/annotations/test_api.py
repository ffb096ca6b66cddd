"""The W3C annotation API over HTTP: create, read, update, delete, paging, Prefer, auth."""

import json

from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from annotations import services
from annotations.models import Annotation, AnnotationRevision
from tests.annotations.helpers import LD, annotation_body, post, put, target
from tests.base import PersonaTestCase
from tests.factories import make_annotation, make_decision, make_reply


class CreateTests(PersonaTestCase):
    def setUp(self):
        self.client.force_login(self.ana)

    def test_it_creates_an_annotation_and_answers_201_with_location_and_etag(self):
        text = self.p1.text
        data = annotation_body(
            target(self.p1, 4, 10, exact=text[4:10], prefix=text[:4], suffix=text[10:14]),
            text="See *this*",
            tags=["Method", "ideas"],
        )
        response = post(self.client, data)
        self.assertEqual(response.status_code, 201, response.content)
        annotation = Annotation.objects.get()
        self.assertEqual(
            response["Location"], f"http://127.0.0.1:8000/api/annotations/{annotation.pk}/"
        )
        self.assertEqual(response["ETag"], annotation.etag)
        self.assertEqual(
            response["Content-Type"],
            'application/ld+json; profile="http://www.w3.org/ns/anno.jsonld"',
        )
        body = response.json()
        self.assertEqual(body["type"], "Annotation")
        self.assertEqual(body["target"]["source"], self.p1.get_iri())
        self.assertEqual(
            body["target"]["selector"][1], {"type": "TextPositionSelector", "start": 4, "end": 10}
        )
        self.assertEqual(body["lectio"]["bodyHtml"], "<p>See <em>this</em></p>\n")
        self.assertEqual(annotation.tags, ["method", "ideas"])
        self.assertEqual(
            (annotation.selector_start, annotation.selector_end, annotation.selector_exact),
            (4, 10, text[4:10]),
        )
        self.assertEqual(annotation.visibility, "private")
        self.assertEqual(AnnotationRevision.objects.filter(annotation=annotation).count(), 1)

    def test_it_creates_a_highlight_without_body_and_a_whole_passage_note(self):
        response = post(
            self.client,
            annotation_body(
                target(self.p2, 0, 8, exact=self.p2.text[:8]), text="", motivation="highlighting"
            ),
        )
        self.assertEqual(response.status_code, 201, response.content)
        self.assertNotIn("body", response.json())
        response = post(self.client, annotation_body(target(self.p3), text="All of it"))
        self.assertEqual(response.status_code, 201, response.content)
        self.assertEqual(response.json()["target"], {"source": self.p3.get_iri()})

    def test_a_position_selector_without_offsets_is_refused(self):
        cases = [{}, {"start": 4}, {"end": 9}, {"start": "4", "end": 9}, {"start": True, "end": 9}]
        for offsets in cases:
            with self.subTest(offsets):
                tgt = {
                    "source": self.p1.get_iri(),
                    "selector": {"type": "TextPositionSelector", **offsets},
                }
                response = post(self.client, annotation_body(tgt))
                self.assertEqual(response.status_code, 400, response.content)
                self.assertIn("start and end must be integers", response.json()["detail"])
        self.assertFalse(Annotation.objects.exists())

    def test_a_target_of_too_many_passages_is_refused_before_any_is_read(self):
        data = annotation_body([target(self.p1)] * 51)
        with CaptureQueriesContext(connection) as queries:
            response = post(self.client, data)
        self.assertEqual(response.status_code, 400, response.content)
        self.assertIn("at most 50 passages", response.json()["detail"])
        self.assertFalse([q for q in queries if "edition_passage" in q["sql"]])

    def test_the_passages_of_a_target_are_read_in_one_query(self):
        t1, t2 = self.p1.text, self.p2.text
        pieces = [target(self.p1, 60, len(t1)), target(self.p2, 0, len(t2)), target(self.p3, 0, 5)]
        with CaptureQueriesContext(connection) as queries:
            response = post(self.client, annotation_body(pieces))
        self.assertEqual(response.status_code, 201, response.content)
        reads = [
            q
            for q in queries
            if q["sql"].startswith("SELECT") and 'FROM "edition_passage"' in q["sql"]
        ]
        self.assertLessEqual(len(reads), 2, [q["sql"] for q in reads])
        unknown = annotation_body(
            [target(self.p1), {"source": self.p1.get_iri().replace("p1", "p99")}]
        )
        self.assertEqual(post(self.client, unknown).status_code, 404)

    @override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=10_000)
    def test_a_body_past_the_upload_limit_gets_413_unread(self):
        response = post(self.client, annotation_body(target(self.p1), text="x" * 20_000))
        self.assertEqual(response.status_code, 413, response.content)
        self.assertIn("larger than 10,000 bytes", response.json()["detail"])
        self.assertFalse(Annotation.objects.exists())

    @override_settings(RATE_LIMIT_NOTES=2)
    def test_private_notes_are_rate_limited_too(self):
        statuses = [
            post(self.client, annotation_body(target(self.p1))).status_code for _ in range(3)
        ]
        self.assertEqual(statuses, [201, 201, 429])
        self.assertEqual(Annotation.objects.count(), 2)

    def test_it_finds_the_position_of_a_quote_sent_without_one(self):
        response = post(
            self.client,
            annotation_body(target(self.p1, exact="reader", prefix="is addressed to the ")),
        )
        self.assertEqual(response.status_code, 201, response.content)
        start = self.p1.text.index("reader of")
        self.assertEqual(Annotation.objects.get().selector_start, start)

    def test_it_annotates_a_selection_across_adjacent_passages(self):
        t1, t2 = self.p1.text, self.p2.text
        data = annotation_body(
            [target(self.p1, 60, len(t1), exact=t1[60:]), target(self.p2, 0, 8, exact=t2[:8])]
        )
        response = post(self.client, data)
        self.assertEqual(response.status_code, 201, response.content)
        annotation = Annotation.objects.get()
        self.assertEqual(annotation.end_passage, self.p2)
        self.assertEqual(annotation.selector_exact, t1[60:] + "\n" + t2[:8])
        self.assertEqual(
            [t["source"] for t in response.json()["target"]], [self.p1.get_iri(), self.p2.get_iri()]
        )

    def test_it_refuses_bad_selectors_with_400_naming_the_check(self):
        text = self.p1.text
        cases = [
            ("offsets outside", target(self.p1, 0, len(text) + 1), "TextPositionSelector"),
            ("negative start", target(self.p1, -1, 3), "TextPositionSelector"),
            ("string offsets", target(self.p1, "0", "3"), "TextPositionSelector"),
            ("empty range", target(self.p1, 3, 3), "TextPositionSelector"),
            ("quote differs", target(self.p1, 0, 3, exact="xyz"), "exact does not match"),
            (
                "prefix differs",
                target(self.p1, 4, 10, exact=text[4:10], prefix="nope"),
                "prefix does not match",
            ),
            (
                "suffix differs",
                target(self.p1, 4, 10, exact=text[4:10], suffix="nope"),
                "suffix does not match",
            ),
            ("quote not found", target(self.p1, exact="not in there"), "exact not found"),
            (
                "non adjacent",
                [
                    target(self.p1, 60, len(text), exact=text[60:]),
                    target(self.p3, 0, 3, exact=self.p3.text[:3]),
                ],
                "adjacent",
            ),
            (
                "not a passage",
                {"source": "http://127.0.0.1:8000/editions/thesis/"},
                "not a passage IRI",
            ),
        ]
        for label, tgt, message in cases:
            with self.subTest(label):
                response = post(self.client, annotation_body(tgt))
                self.assertEqual(response.status_code, 400, response.content)
                self.assertIn(message, response.json()["detail"])
        self.assertEqual(Annotation.objects.count(), 0)

    def test_it_reads_bodies_tags_and_groups_in_each_documented_shape(self):
        tgt = target(self.p1)
        cases = [
            ("one body object", {"body": {"type": "TextualBody", "value": "One"}}, ("One", [])),
            ("a bare string body", {"body": "Plain"}, ("Plain", [])),
            (
                "commenting purpose",
                {"body": [{"type": "TextualBody", "purpose": "commenting", "value": "Said"}]},
                ("Said", []),
            ),
            (
                "tagging bodies and lectio.tags",
                {
                    "body": [{"type": "TextualBody", "purpose": "tagging", "value": "Alpha"}],
                    "lectio": {"tags": ["Beta"]},
                },
                ("", ["alpha", "beta"]),
            ),
            (
                "group as an object",
                {"lectio": {"visibility": "group", "group": {"id": self.group.pk}}},
                ("A note.", []),
            ),
        ]
        for label, fields, (body, tags) in cases:
            with self.subTest(label):
                data = {**annotation_body(tgt), **fields}
                response = post(self.client, data)
                self.assertEqual(response.status_code, 201, response.content)
                annotation = Annotation.objects.get(pk=response.json()["id"].split("/")[-2])
                self.assertEqual((annotation.body, annotation.tags), (body, tags))

    def test_it_refuses_malformed_bodies_and_lectio_fields_with_400(self):
        tgt = target(self.p1)
        cases = [
            ("two text bodies", {"body": ["One", "Two"]}, "at most one text body"),
            ("a non-string value", {"body": {"type": "TextualBody", "value": 3}}, "string value"),
            (
                "two editing bodies",
                {
                    "motivation": "editing",
                    "body": [
                        {"purpose": "editing", "value": "a"},
                        {"purpose": "editing", "value": "b"},
                    ],
                },
                "at most one editing body",
            ),
            ("tags not a list", {"lectio": {"tags": "a,b"}}, "lectio.tags"),
            (
                "group not an id",
                {"lectio": {"visibility": "group", "group": "3"}},
                "lectio.group: must be a group id",
            ),
            (
                "group a boolean",
                {"lectio": {"visibility": "group", "group": True}},
                "lectio.group: must be a group id",
            ),
            (
                "a reply without an annotation IRI",
                {"motivation": "replying", "target": self.p1.get_iri()},
                "a reply's target must be the IRI of an annotation",
            ),
            ("a target without source", {"target": {"selector": []}}, "needs a source IRI"),
            (
                "an unknown selector",
                {"target": {**tgt, "selector": [{"type": "CssSelector"}]}},
                "TextQuoteSelector or TextPositionSelector",
            ),
            (
                "a quote that is not text",
                {"target": {**tgt, "selector": [{"type": "TextQuoteSelector", "exact": 5}]}},
                "values must be strings",
            ),
        ]
        for label, fields, message in cases:
            with self.subTest(label):
                response = post(self.client, {**annotation_body(tgt), **fields})
                self.assertEqual(response.status_code, 400, response.content)
                self.assertIn(message, json.dumps(response.json()))
        self.assertEqual(Annotation.objects.count(), 0)

    def test_it_refuses_long_bodies_and_foreign_groups(self):
        response = post(self.client, annotation_body(target(self.p1), text="x" * 20_001))
        self.assertEqual(response.status_code, 400)
        self.assertIn("20000", response.json()["detail"])
        response = post(
            self.client,
            annotation_body(target(self.p1), visibility="group", group=self.other_group.pk),
        )
        self.assertEqual(response.status_code, 400)
        self.assertEqual(response.json()["detail"], "lectio.group: not a group of yours")
        response = post(
            self.client, annotation_body(target(self.p1), visibility="group", group=999_999)
        )
        self.assertEqual(response.json()["detail"], "lectio.group: not a group of yours")
        self.assertEqual(Annotation.objects.count(), 0)

    def test_it_answers_404_for_an_unknown_passage(self):
        tgt = {"source": "http://127.0.0.1:8000/editions/thesis/passages/p99/"}
        self.assertEqual(post(self.client, annotation_body(tgt)).status_code, 404)

    def test_it_strips_scripts_handlers_and_javascript_links(self):
        text = (
            "<script>alert(1)</script> [x](javascript:alert(1)) "
            '<img src=x onerror=alert(1)> [ok](https://example.org "t")'
        )
        response = post(self.client, annotation_body(target(self.p1), text=text))
        html = response.json()["lectio"]["bodyHtml"]
        self.assertNotIn("<script", html)
        self.assertNotIn('href="javascript', html)
        self.assertNotIn('<a href="javascript', html)
        self.assertNotIn("<img", html)
        self.assertNotIn("onerror=alert", html.replace("&lt;img src=x onerror=alert(1)&gt;", ""))
        self.assertIn(
            '<a href="https://example.org" title="t" rel="nofollow noopener">ok</a>', html
        )

    def test_anonymous_visitors_cannot_create(self):
        self.client.logout()
        response = post(self.client, annotation_body(target(self.p1)))
        self.assertEqual(response.status_code, 401)
        self.assertEqual(response["WWW-Authenticate"], "Token")


class ReplyTests(PersonaTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.root = make_annotation(cls.ana, cls.p1, visibility="group", group=cls.group)

    def test_a_member_replies_and_the_reply_targets_its_parent(self):
        self.client.force_login(self.mia)
        data = {
            "type": "Annotation",
            "motivation": "replying",
            "body": {"type": "TextualBody", "value": "Agreed."},
            "target": self.root.get_iri(),
        }
        response = post(self.client, data)
        self.assertEqual(response.status_code, 201, response.content)
        body = response.json()
        self.assertEqual(body["motivation"], "replying")
        self.assertEqual(body["target"], self.root.get_iri())
        reply = Annotation.objects.get(pk=body["lectio"]["root"] and body["id"].split("/")[-2])
        self.assertEqual(
            (reply.visibility, reply.group, reply.passage), ("group", self.group, self.p1)
        )

    def test_an_outsider_cannot_reply_to_what_they_cannot_see(self):
        self.client.force_login(self.otto)
        data = {"motivation": "replying", "body": "Hi", "target": self.root.get_iri()}
        self.assertEqual(post(self.client, data).status_code, 404)


class ItemTests(PersonaTestCase):
    def setUp(self):
        self.annotation = make_annotation(self.ana, self.p1, visibility="public", body="First")
        self.url = f"/api/annotations/{self.annotation.pk}/"

    def test_it_serves_an_annotation_with_headers_of_the_protocol(self):
        response = self.client.get(self.url)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["ETag"], self.annotation.etag)
        self.assertIn("ldp#Resource", response["Link"])
        self.assertIn("PUT", response["Allow"])
        self.assertIn("DELETE", response["Allow"])
        self.assertIn("Accept", response["Vary"])
        self.assertEqual(response.json()["@context"][0], "http://www.w3.org/ns/anno.jsonld")
        cached = self.client.get(self.url, HTTP_IF_NONE_MATCH=self.annotation.etag)
        self.assertEqual(cached.status_code, 304)

    def test_its_quote_selector_has_the_text_before_as_prefix_and_after_as_suffix(self):
        text = self.p1.text
        note = make_annotation(self.ana, self.p1, visibility="public", start=40, end=46)
        quote, position = self.client.get(f"/api/annotations/{note.pk}/").json()["target"][
            "selector"
        ]
        self.assertEqual(
            quote,
            {
                "type": "TextQuoteSelector",
                "exact": text[40:46],
                "prefix": text[8:40],
                "suffix": text[46:78],
            },
        )
        self.assertEqual(position, {"type": "TextPositionSelector", "start": 40, "end": 46})

    def test_it_answers_plain_json_to_clients_asking_for_it(self):
        response = self.client.get(self.url, HTTP_ACCEPT="application/json")
        self.assertEqual(response["Content-Type"], "application/json")

    def test_put_needs_a_current_if_match(self):
        self.client.force_login(self.ana)
        data = annotation_body(target(self.p1), text="Second", tags=["x"])
        self.assertEqual(put(self.client, self.annotation.pk, data).status_code, 428)
        stale = put(self.client, self.annotation.pk, data, HTTP_IF_MATCH='"stale"')
        self.assertEqual(stale.status_code, 412)
        response = put(self.client, self.annotation.pk, data, HTTP_IF_MATCH=self.annotation.etag)
        self.assertEqual(response.status_code, 200, response.content)
        self.annotation.refresh_from_db()
        self.assertEqual((self.annotation.body, self.annotation.tags), ("Second", ["x"]))
        self.assertEqual(response["ETag"], self.annotation.etag)
        self.assertEqual(self.annotation.revisions.count(), 2)
        again = put(self.client, self.annotation.pk, data, HTTP_IF_MATCH='"stale", W/"x"')
        self.assertEqual(again.status_code, 412)

    def test_only_the_author_may_change_or_delete(self):
        self.client.force_login(self.rita)
        data = annotation_body(target(self.p1), text="Mine now")
        etag = self.annotation.etag
        self.assertEqual(
            put(self.client, self.annotation.pk, data, HTTP_IF_MATCH=etag).status_code, 403
        )
        self.assertEqual(self.client.delete(self.url, HTTP_IF_MATCH=etag).status_code, 403)
        self.annotation.refresh_from_db()
        self.assertEqual(self.annotation.body, "First")

    def test_delete_removes_an_annotation_without_replies(self):
        self.client.force_login(self.ana)
        self.assertEqual(self.client.delete(self.url).status_code, 428)
        response = self.client.delete(self.url, HTTP_IF_MATCH=self.annotation.etag)
        self.assertEqual(response.status_code, 204)
        self.assertEqual(self.client.get(self.url).status_code, 404)

    def test_delete_keeps_a_tombstone_when_there_are_replies(self):
        make_reply(self.rita, self.annotation, body="Answer")
        self.client.force_login(self.ana)
        response = self.client.delete(self.url, HTTP_IF_MATCH=self.annotation.etag)
        self.assertEqual(response.status_code, 204)
        body = self.client.get(self.url).json()
        self.assertIs(body["lectio"]["deleted"], True)
        self.assertNotIn("body", body)
        self.assertEqual(body["lectio"]["replyCount"], 1)

    @override_settings(MODERATION_FIRST_POSTS=1)
    def test_reply_count_counts_only_replies_the_reader_may_see(self):
        self.annotation.visibility = "public"
        self.annotation.save(update_fields=["visibility"])
        pending = make_reply(self.otto, self.annotation, body="waits for a moderator")
        self.assertEqual(pending.status, "pending")
        cases = [(None, 0), (self.rita, 0), (self.otto, 1)]
        for user, count in cases:
            with self.subTest(getattr(user, "username", "anonymous")):
                self.client.logout()
                if user:
                    self.client.force_login(user)
                body = self.client.get(self.url).json()
                self.assertEqual(body["lectio"]["replyCount"], count)

    def test_the_owner_changes_visibility_and_her_own_replies_follow(self):
        reply = make_reply(self.ana, self.annotation)
        self.client.force_login(self.ana)
        data = annotation_body(
            target(self.p1), text="First", visibility="group", group=self.group.pk
        )
        response = put(self.client, self.annotation.pk, data, HTTP_IF_MATCH=self.annotation.etag)
        self.assertEqual(response.status_code, 200, response.content)
        reply.refresh_from_db()
        self.assertEqual((reply.visibility, reply.group_id), ("group", self.group.pk))
        self.client.force_login(self.rita)
        self.assertEqual(self.client.get(self.url).status_code, 404)

    def test_the_audience_of_a_thread_others_replied_in_stays(self):
        # Replies are written for the thread's audience: moving it would show them to
        # readers their authors never wrote for (a group thread made public, say).
        group_root = make_annotation(self.ana, self.p2, visibility="group", group=self.group)
        reply = make_reply(self.mia, group_root, body="for the group only")
        self.client.force_login(self.ana)
        for visibility, group in (("public", None), ("private", None)):
            data = annotation_body(None, text="x", visibility=visibility, group=group)
            data.pop("target")
            response = put(self.client, group_root.pk, data, HTTP_IF_MATCH=group_root.etag)
            self.assertEqual(response.status_code, 400, response.content)
            self.assertIn("others have replied", response.json()["detail"])
        reply.refresh_from_db()
        group_root.refresh_from_db()
        self.assertEqual((reply.visibility, reply.group_id), ("group", self.group.pk))
        self.assertEqual((group_root.visibility, group_root.body), ("group", "A note."))
        data = annotation_body(None, text="edited", visibility="group", group=self.group.pk)
        data.pop("target")
        response = put(self.client, group_root.pk, data, HTTP_IF_MATCH=group_root.etag)
        self.assertEqual(response.status_code, 200, response.content)

    def test_a_put_whose_version_moved_on_after_the_etag_check_gets_412(self):
        # Two PUTs with the same ETag: the row is claimed by version in one UPDATE, so
        # the one that loses finds its version gone (tests/concurrency races it for real).
        self.client.force_login(self.ana)
        data = annotation_body(target(self.p1), text="mine")
        seen = Annotation.objects.get(pk=self.annotation.pk)
        Annotation.objects.filter(pk=seen.pk).update(version=seen.version + 1)
        with self.assertRaises(services.AnnotationChanged):
            services.annotation_update(annotation=seen, editor=self.ana, body="lost")
        self.annotation.refresh_from_db()
        self.assertNotEqual(self.annotation.body, "lost")
        self.assertEqual(AnnotationRevision.objects.filter(body="lost").count(), 0)
        response = put(self.client, self.annotation.pk, data, HTTP_IF_MATCH=self.annotation.etag)
        self.assertEqual(response.status_code, 200, response.content)


class ContainerTests(PersonaTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        for i in range(5):
            make_annotation(
                cls.ana, cls.p1, visibility="public", body=f"n{i}", tags=["odd"] if i % 2 else []
            )
        make_annotation(cls.ana, cls.p2, visibility="public", motivation="highlighting", body="")

    def test_it_embeds_the_first_page_by_default(self):
        response = self.client.get("/api/annotations/?edition=thesis&limit=4")
        self.assertEqual(response.status_code, 200)
        body = response.json()
        self.assertEqual(body["type"], ["BasicContainer", "AnnotationCollection"])
        self.assertEqual(body["total"], 6)
        self.assertEqual(body["first"]["type"], "AnnotationPage")
        self.assertEqual(len(body["first"]["items"]), 4)
        self.assertEqual(
            body["first"]["next"],
            "http://127.0.0.1:8000/api/annotations/?edition=thesis&limit=4&page=1",
        )
        self.assertEqual(
            body["last"], "http://127.0.0.1:8000/api/annotations/?edition=thesis&limit=4&page=1"
        )
        self.assertIn("ldp#BasicContainer", response["Link"])
        self.assertIn("POST", response["Allow"])

    def test_it_serves_later_pages_and_404_past_the_end(self):
        response = self.client.get("/api/annotations/?edition=thesis&limit=4&page=1")
        body = response.json()
        self.assertEqual(body["type"], "AnnotationPage")
        self.assertEqual(body["partOf"]["total"], 6)
        self.assertEqual(body["startIndex"], 4)
        self.assertEqual(len(body["items"]), 2)
        self.assertIn("prev", body)
        self.assertNotIn("next", body)
        self.assertEqual(self.client.get("/api/annotations/?limit=4&page=2").status_code, 404)
        self.assertEqual(self.client.get("/api/annotations/?page=x").status_code, 400)

    def test_it_honours_prefer(self):
        minimal = 'return=representation;include="http://www.w3.org/ns/ldp#PreferMinimalContainer"'
        body = self.client.get("/api/annotations/", HTTP_PREFER=minimal).json()
        self.assertIsInstance(body["first"], str)
        iris = 'return=representation;include="http://www.w3.org/ns/oa#PreferContainedIRIs"'
        response = self.client.get("/api/annotations/", HTTP_PREFER=iris)
        items = response.json()["first"]["items"]
        self.assertTrue(all(isinstance(i, str) and i.startswith("http") for i in items))
        self.assertEqual(response["Preference-Applied"], "return=representation")
        self.assertIn("Prefer", response["Vary"])

    def test_it_filters(self):
        cases = [
            ("edition=thesis", 6),
            ("edition=other", 0),
            ("edition=thesis&passage=p2", 1),
            ("edition=thesis&section=chapter-1", 6),
            ("tag=odd", 2),
            ("tag=ODD", 2),
            ("user=ana", 6),
            ("user=rita", 0),
            ("motivation=highlighting", 1),
            (f"group={self.group.pk}", 0),
        ]
        for query, total in cases:
            with self.subTest(query):
                response = self.client.get(f"/api/annotations/?{query}")
                self.assertEqual(response.json()["total"], total)

    def test_the_tag_filter_finds_no_item_shown_as_a_placeholder(self):
        hidden = make_annotation(self.mia, self.p3, visibility="public", tags=["probe"])
        make_decision(hidden, self.sofia, "hide")
        total = self.client.get("/api/annotations/?tag=probe").json()["total"]
        self.assertEqual(total, 0, "anonymous")
        self.client.force_login(self.rita)
        self.assertEqual(self.client.get("/api/annotations/?tag=probe").json()["total"], 0)
        self.client.force_login(self.mia)  # the author sees her own item in full
        self.assertEqual(self.client.get("/api/annotations/?tag=probe").json()["total"], 1)

    def test_it_refuses_bad_filters(self):
        response = self.client.get("/api/annotations/?motivation=shouting")
        self.assertEqual(response.status_code, 400)
        self.assertIn("motivation", response.json()["detail"])

    def test_the_list_of_a_section_takes_a_constant_number_of_queries(self):
        self.client.force_login(self.mia)
        url = "/api/annotations/?edition=thesis&section=chapter-1&limit=1000"
        with CaptureQueriesContext(connection) as few:
            self.assertEqual(self.client.get(url).status_code, 200)
        for _ in range(60):
            root = make_annotation(
                self.ana, self.p3, visibility="group", group=self.group, start=0, end=5, tags=["t"]
            )
            make_reply(self.mia, root)
        with CaptureQueriesContext(connection) as many:
            response = self.client.get(url)
        self.assertEqual(response.json()["total"], 126)
        self.assertEqual(len(many), len(few))
        self.assertLessEqual(len(many), 7)  # + the viewer's moderated groups (canModerate)


class AuthTests(PersonaTestCase):
    def test_a_token_authenticates_writes_without_csrf(self):
        token = Token.objects.create(user=self.ana)
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
        response = client.post(
            "/api/annotations/", json.dumps(annotation_body(target(self.p1))), content_type=LD
        )
        self.assertEqual(response.status_code, 201, response.content)
        self.assertEqual(Annotation.objects.get().author, self.ana)

    def test_a_wrong_token_is_refused(self):
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION="Token nope")
        self.assertEqual(client.get("/api/annotations/").status_code, 401)

    def test_session_writes_need_the_csrf_token(self):
        client = Client(enforce_csrf_checks=True)
        client.force_login(self.ana)
        response = post(client, annotation_body(target(self.p1)))
        self.assertEqual(response.status_code, 403)
        self.assertIn("CSRF", response.json()["detail"])
        client.get("/accounts/profile/")
        csrf = client.cookies["csrftoken"].value
        response = post(client, annotation_body(target(self.p1)), HTTP_X_CSRFTOKEN=csrf)
        self.assertEqual(response.status_code, 201, response.content)


class HelperApiTests(PersonaTestCase):
    def test_counts_per_passage_only_count_what_the_user_sees(self):
        public = make_annotation(self.ana, self.p1, visibility="public")
        make_reply(self.rita, public)
        make_annotation(self.ana, self.p1, visibility="private")
        make_annotation(self.ana, self.p2, visibility="group", group=self.group)
        url = "/api/annotations/counts/?edition=thesis&section=chapter-1"
        self.client.force_login(self.rita)
        self.assertEqual(
            self.client.get(url).json()["passages"], {"p1": {"annotations": 1, "replies": 1}}
        )
        self.client.force_login(self.ana)
        self.assertEqual(
            self.client.get(url).json()["passages"],
            {"p1": {"annotations": 2, "replies": 1}, "p2": {"annotations": 1, "replies": 0}},
        )
        self.assertEqual(self.client.get("/api/annotations/counts/").status_code, 400)

    def test_me_lists_the_users_groups(self):
        self.assertEqual(self.client.get("/api/me/").json(), {"authenticated": False, "groups": []})
        self.client.force_login(self.mia)
        body = self.client.get("/api/me/").json()
        self.assertEqual(
            body["groups"], [{"id": self.group.pk, "name": "Thursday seminar", "role": "member"}]
        )

    def test_the_context_is_served_locally(self):
        response = self.client.get("/api/ns/anno.jsonld")
        self.assertEqual(response.status_code, 200)
        context = json.loads(b"".join(response.streaming_content))
        self.assertEqual(context["@context"]["TextQuoteSelector"], "oa:TextQuoteSelector")

    def test_schema_and_docs_pages_list_the_operations(self):
        self.assertEqual(self.client.get("/api/schema/").status_code, 200)
        page = self.client.get("/api/docs/")
        self.assertContains(page, "/api/annotations/{id}/")
        self.assertContains(page, "PUT")

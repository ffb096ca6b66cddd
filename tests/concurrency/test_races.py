"""Races against a live server: simultaneous requests from real threads, each with its
own database connection (PostgreSQL: the in-memory SQLite of the tests is one connection
shared by the server's threads, so nothing would run at the same time there).

Bounded: a few rounds of a few requests, each with a timeout.
"""

import json
import threading
import urllib.error
import urllib.request
from unittest import skipUnless

from django.db import connection
from django.test import LiveServerTestCase, override_settings
from rest_framework.authtoken.models import Token

from annotations.models import Annotation
from tests.annotations.helpers import LD, annotation_body, target
from tests.factories import make_annotation, make_edition, make_user

TIMEOUT = 20  # seconds, per request


def _request(url: str, *, method: str, token: str, data=None, headers=None) -> tuple[int, dict]:
    body = json.dumps(data).encode() if data is not None else None
    request = urllib.request.Request(url, data=body, method=method)
    request.add_header("Authorization", f"Token {token}")
    request.add_header("Content-Type", LD)
    for name, value in (headers or {}).items():
        request.add_header(name, value)
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT) as response:
            return response.status, dict(response.headers)
    except urllib.error.HTTPError as e:
        return e.code, dict(e.headers)


def _all_at_once(calls) -> list:
    """Run the callables in threads released together; their results, in order."""
    barrier = threading.Barrier(len(calls))
    results = [None] * len(calls)

    def run(i, call):
        barrier.wait(timeout=TIMEOUT)
        results[i] = call()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=2 * TIMEOUT)
    return results


@skipUnless(
    connection.vendor == "postgresql",
    "PostgreSQL only (CI runs it there): the SQLite test database is one in-memory "
    "connection that the live server's threads share, so no two requests run at once",
)
class RaceTests(LiveServerTestCase):
    def setUp(self):
        self.ana = make_user("ana")
        self.token = Token.objects.create(user=self.ana).key
        self.edition = make_edition()
        self.p1 = self.edition.passages.order_by("order").first()

    def _api(self, path: str) -> str:
        return f"{self.live_server_url}/api/annotations/{path}"

    def test_two_puts_with_the_same_etag_never_both_win(self):
        note = make_annotation(self.ana, self.p1, body="first")
        for round_ in range(6):
            etag = Annotation.objects.get(pk=note.pk).etag
            bodies = [f"edit {round_}a", f"edit {round_}b"]
            calls = [
                lambda text=text, etag=etag: _request(
                    self._api(f"{note.pk}/"),
                    method="PUT",
                    token=self.token,
                    data=annotation_body(target(self.p1), text=text),
                    headers={"If-Match": etag},
                )[0]
                for text in bodies
            ]
            statuses = _all_at_once(calls)
            with self.subTest(round=round_):
                self.assertEqual(sorted(statuses), [200, 412])
                note.refresh_from_db()
                self.assertEqual(note.body, bodies[statuses.index(200)])

    @override_settings(RATE_LIMIT_NOTES=4)
    def test_a_rate_limit_holds_under_simultaneous_requests(self):
        data = annotation_body(target(self.p1))
        calls = [
            lambda: _request(self._api(""), method="POST", token=self.token, data=data)[0]
            for _ in range(10)
        ]
        statuses = _all_at_once(calls)
        self.assertEqual(sorted(statuses), [201] * 4 + [429] * 6)
        self.assertEqual(Annotation.objects.filter(author=self.ana).count(), 4)

    def test_a_reply_racing_its_parents_deletion_gets_an_answer_and_loses_nothing(self):
        rita = make_user("rita")
        rita_token = Token.objects.create(user=rita).key
        for round_ in range(4):
            note = make_annotation(self.ana, self.p1, body=f"parent {round_}", visibility="public")
            etag = Annotation.objects.get(pk=note.pk).etag
            reply = {
                "motivation": "replying",
                "body": "a reply",
                "target": self._api(f"{note.pk}/"),
            }
            calls = [
                lambda reply=reply: _request(
                    self._api(""), method="POST", token=rita_token, data=reply
                )[0],
                lambda etag=etag, pk=note.pk: _request(
                    self._api(f"{pk}/"),
                    method="DELETE",
                    token=self.token,
                    headers={"If-Match": etag},
                )[0],
            ]
            posted, deleted = _all_at_once(calls)
            with self.subTest(round=round_):
                self.assertIn(posted, (201, 400, 404))  # never a 500
                self.assertEqual(deleted, 204)
                replies = Annotation.objects.filter(parent_id=note.pk)
                if posted == 201:  # the reply won: the parent stays as a tombstone
                    self.assertIs(replies.exists(), True)
                    self.assertIs(Annotation.objects.get(pk=note.pk).deleted, True)
                else:
                    self.assertIs(Annotation.objects.filter(pk=note.pk).exists(), False)

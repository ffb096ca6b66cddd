"""`manage.py demo`: the demo accounts and the demo seminar, made once however often run."""

import io

from django.core.management import call_command
from django.test import TestCase

from groups.models import ReadingGroup


class DemoCommandTests(TestCase):
    def test_demo_creates_the_demo_seminar_once_and_prints_the_accounts(self):
        for _ in range(2):
            out = io.StringIO()
            call_command("demo", stdout=out)
        group = ReadingGroup.objects.get(name="Demo seminar")
        self.assertEqual(group.kind, "seminar")
        self.assertEqual(
            sorted(group.memberships.values_list("user__username", "role")),
            [("ines", "owner"), ("sam", "member"), ("sol", "member")],
        )
        printed = out.getvalue()
        self.assertIn("password for all: lectio-demo", printed)
        code = group.invites.usable().get().code  # the same code on every run
        self.assertIn(f"Join code of “Demo seminar”: {code}", printed)
        for username in ("ada", "ben", "ines", "sam", "sol", "rita"):
            with self.subTest(username):
                self.assertIn(f"  {username} ", printed)

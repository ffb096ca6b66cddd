"""`manage.py demo`: the demo accounts, group and seminar."""

import io

from django.core.management import call_command
from django.test import TestCase

from groups.models import ReadingGroup


class DemoCommandTests(TestCase):
    def test_demo_creates_the_demo_seminar_once(self):
        for _ in range(2):
            call_command("demo", stdout=io.StringIO())
        group = ReadingGroup.objects.get(name="Demo seminar")
        self.assertEqual(group.kind, "seminar")
        self.assertEqual(
            sorted(group.memberships.values_list("user__username", "role")),
            [("ines", "owner"), ("sam", "member"), ("sol", "member")],
        )

"""Create the demo accounts and demo content (a seminar with an assignment, annotations and
a thread) and print the accounts. It lives in seminars, the top layer, because it fills
every app.

Usage:
    python manage.py demo

Idempotent: existing demo users keep their rows and get their demo password back.
"""

from django.core.management.base import BaseCommand

from accounts.models import User
from groups.models import Membership, ReadingGroup
from seminars.demo import seminar_demo

DEMO_PASSWORD = "lectio-demo"
DEMO_USERS = [
    # username, display name, staff, what they are for
    ("ada", "Ada Editor", True, "staff: edits editions, reviews corrections, moderates"),
    # A decision is appealed to another moderator: Ben decides appeals of Ada's decisions.
    ("ben", "Ben Moderator", True, "staff: a second moderator, decides appeals"),
    ("ines", "Ines Instructor", False, "instructor of the demo seminar"),
    ("sam", "Sam Student", False, "student in the demo seminar"),
    ("sol", "Sol Student", False, "second student in the demo seminar"),
    ("rita", "Rita Reader", False, "a reader with no group"),
]


class Command(BaseCommand):
    help = "Create the demo accounts and print their credentials."

    def handle(self, *args, **options):
        self.stdout.write(f"Demo accounts (password for all: {DEMO_PASSWORD}):")
        for username, name, staff, role in DEMO_USERS:
            user, _ = User.objects.get_or_create(username=username)
            user.display_name, user.is_staff = name, staff
            user.email = f"{username}@example.org"
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["display_name", "is_staff", "email", "password"])
            self.stdout.write(f"  {username:<6} {name:<18} {role}")
        self._seminar()
        seminar_demo(password=DEMO_PASSWORD, write=self.stdout.write)

    def _seminar(self):
        """The demo seminar: Ines owns it, Sam is a member (idempotent)."""
        ines, sam = User.objects.get(username="ines"), User.objects.get(username="sam")
        group, _ = ReadingGroup.objects.get_or_create(
            name="Demo seminar", created_by=ines, defaults={"kind": ReadingGroup.Kind.SEMINAR}
        )
        Membership.objects.get_or_create(
            group=group, user=ines, defaults={"role": Membership.Role.OWNER}
        )
        Membership.objects.get_or_create(group=group, user=sam)
        self.stdout.write(f"Group “{group.name}”: ines (owner), sam (member)")

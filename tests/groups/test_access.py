"""Group rules: who sees a group, manages it, shares with it and exports it."""

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404

from groups.access import (
    can_see_members,
    can_share_with_group,
    get_group_export_for_user,
    get_membership_for_user,
    managed_group_ids,
    manages_group,
)
from groups.models import ReadingGroup
from tests.base import PersonaTestCase


class GroupAccessTests(PersonaTestCase):
    def persona(self, name: str):
        return AnonymousUser() if name == "anonymous" else getattr(self, name)

    def test_membership_is_404_for_outsiders_and_403_without_the_role(self):
        cases = [
            # persona, keyword arguments, expected
            ("ana", {"own": True}, None),
            ("mo", {"manage": True}, None),
            ("mia", {}, None),
            ("mo", {"own": True}, PermissionDenied),
            ("mia", {"manage": True}, PermissionDenied),
            ("otto", {}, Http404),
            ("anonymous", {}, Http404),
        ]
        for name, kwargs, error in cases:
            with self.subTest(name, **kwargs):
                user = self.persona(name)
                if error is None:
                    membership = get_membership_for_user(user, self.group.pk, **kwargs)
                    self.assertEqual(membership.user, user)
                else:
                    with self.assertRaises(error):
                        get_membership_for_user(user, self.group.pk, **kwargs)

    def test_only_members_share_with_a_group(self):
        cases = [("ana", True), ("mia", True), ("mo", True), ("otto", False), ("anonymous", False)]
        for name, expected in cases:
            with self.subTest(name):
                self.assertIs(can_share_with_group(self.persona(name), self.group), expected)

    def test_owners_and_moderators_manage_their_groups(self):
        cases = [("ana", True), ("mo", True), ("mia", False), ("otto", False), ("anonymous", False)]
        for name, expected in cases:
            with self.subTest(name):
                user = self.persona(name)
                self.assertIs(manages_group(user, self.group.pk), expected)
                self.assertIs(self.group.pk in managed_group_ids(user), expected)
        self.assertIs(manages_group(self.ana, None), False)
        self.assertEqual(managed_group_ids(self.otto), [self.other_group.pk])

    def test_only_owners_export_a_group(self):
        self.assertEqual(get_group_export_for_user(self.ana, self.group.pk), self.group)
        with self.assertRaises(PermissionDenied):
            get_group_export_for_user(self.mo, self.group.pk)
        for name in ("otto", "anonymous"):
            with self.subTest(name), self.assertRaises(Http404):
                get_group_export_for_user(self.persona(name), self.group.pk)

    def test_a_seminar_roster_is_for_its_teaching_staff(self):
        ReadingGroup.objects.filter(pk=self.group.pk).update(kind=ReadingGroup.Kind.SEMINAR)
        for name, expected in [("ana", True), ("mo", True), ("mia", False)]:
            with self.subTest(name):
                membership = get_membership_for_user(self.persona(name), self.group.pk)
                self.assertIs(can_see_members(membership), expected)
        membership = get_membership_for_user(self.otto, self.other_group.pk)
        self.assertIs(can_see_members(membership), True)

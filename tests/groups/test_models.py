"""The MembershipQuerySet: whose memberships, in which group, in which role."""

from django.contrib.auth.models import AnonymousUser

from annotations.models import Annotation
from groups.models import Membership
from tests.base import PersonaTestCase
from tests.factories import make_annotation


class MembershipQuerySetTests(PersonaTestCase):
    def test_of_gives_a_readers_memberships_and_none_to_anonymous_visitors(self):
        cases = [
            ("ana", [self.group.pk]),
            ("mia", [self.group.pk]),
            ("otto", [self.other_group.pk]),
            ("rita", []),
        ]
        for name, groups in cases:
            with self.subTest(name):
                self.assertEqual(
                    list(Membership.objects.of(self.persona(name)).group_ids()), groups
                )
        self.assertEqual(Membership.objects.of(AnonymousUser()).count(), 0)

    def test_managing_keeps_the_owners_and_moderators_of_each_group(self):
        managers = Membership.objects.in_group(self.group.pk).managing().user_ids()
        self.assertEqual(sorted(managers), sorted([self.ana.pk, self.mo.pk]))
        self.assertEqual(list(Membership.objects.of(self.mia).managing()), [])

    def test_with_role_and_in_group_narrow_to_one_role_of_one_group(self):
        members = Membership.objects.in_group(self.group.pk).with_role(Membership.Role.MEMBER)
        self.assertEqual(list(members.user_ids()), [self.mia.pk])
        owners = Membership.objects.with_role(Membership.Role.OWNER).user_ids()
        self.assertEqual(sorted(owners), sorted([self.ana.pk, self.otto.pk]))

    def test_group_ids_and_user_ids_work_as_subqueries(self):
        note = make_annotation(self.mia, self.p1, visibility="group", group=self.group)
        make_annotation(self.otto, self.p1, visibility="group", group=self.other_group)
        in_my_groups = Annotation.objects.filter(
            group_id__in=Membership.objects.of(self.mo).group_ids()
        )
        self.assertEqual(list(in_my_groups), [note])
        by_members = Annotation.objects.filter(
            author_id__in=Membership.objects.in_group(self.group.pk).user_ids()
        )
        self.assertEqual(list(by_members), [note])

    def test_can_manage_is_true_for_owners_and_moderators_only(self):
        for name, expected in [("ana", True), ("mo", True), ("mia", False)]:
            with self.subTest(name):
                membership = Membership.objects.of(self.persona(name)).get()
                self.assertIs(membership.can_manage, expected)

"""Groups: create, invite by code or link, revoke, expire, join, leave, roles."""

from datetime import timedelta

from django.utils import timezone

from accounts.models import GroupInvite, Membership, ReadingGroup
from accounts.services import invite_create
from tests.base import PersonaTestCase


class GroupTests(PersonaTestCase):
    def test_a_reader_creates_a_group_and_owns_it(self):
        self.client.force_login(self.rita)
        response = self.client.post("/groups/new/", {"name": "Book club", "kind": "seminar"})
        group = ReadingGroup.objects.get(name="Book club")
        self.assertRedirects(response, f"/groups/{group.pk}/")
        self.assertEqual(group.memberships.get().role, "owner")
        self.assertEqual(group.kind, "seminar")
        self.assertContains(self.client.get("/groups/"), "Book club")

    def test_members_join_by_link_or_by_code(self):
        invite = invite_create(group=self.group, creator=self.ana)
        self.client.force_login(self.rita)
        page = self.client.get(f"/groups/join/{invite.code}/")
        self.assertContains(page, "Join Thursday seminar")
        self.client.post(f"/groups/join/{invite.code}/", {"confirm": "1"})
        self.assertEqual(Membership.objects.get(user=self.rita).role, "member")
        self.client.force_login(self.sofia)
        confirm = self.client.post(
            "/groups/join/", {"code": f"https://x/groups/join/{invite.code}/"}
        )
        self.assertContains(confirm, "Join Thursday seminar")
        self.client.post("/groups/join/", {"code": invite.code, "confirm": "1"})
        self.assertIs(self.group.memberships.filter(user=self.sofia).exists(), True)
        invite.refresh_from_db()
        self.assertEqual(invite.uses, 2)

    def test_revoked_expired_and_unknown_codes_do_not_work(self):
        revoked = invite_create(group=self.group, creator=self.ana)
        expired = invite_create(
            group=self.group, creator=self.ana, expires_at=timezone.now() - timedelta(minutes=1)
        )
        self.client.force_login(self.ana)
        self.client.post(f"/groups/{self.group.pk}/invites/{revoked.pk}/revoke/")
        self.client.force_login(self.rita)
        for code in (revoked.code, expired.code, "nope"):
            with self.subTest(code):
                response = self.client.post(f"/groups/join/{code}/", {"confirm": "1"})
                self.assertContains(response, "does not work", status_code=404)
        self.assertIs(Membership.objects.filter(user=self.rita).exists(), False)

    def test_only_managers_make_invites_and_non_members_see_nothing(self):
        self.client.force_login(self.mo)
        self.client.post(f"/groups/{self.group.pk}/invites/", {"expires_in_days": "7"})
        invite = GroupInvite.objects.get()
        self.assertIsNotNone(invite.expires_at)
        self.assertContains(self.client.get(f"/groups/{self.group.pk}/"), invite.code)
        self.client.force_login(self.mia)
        self.assertNotContains(self.client.get(f"/groups/{self.group.pk}/"), invite.code)
        self.assertEqual(self.client.post(f"/groups/{self.group.pk}/invites/").status_code, 403)
        self.client.force_login(self.otto)
        self.assertEqual(self.client.get(f"/groups/{self.group.pk}/").status_code, 404)

    def test_the_last_owner_cannot_leave_without_handing_over(self):
        self.client.force_login(self.ana)
        response = self.client.post(f"/groups/{self.group.pk}/leave/", follow=True)
        self.assertContains(response, "only owner")
        self.client.post(f"/groups/{self.group.pk}/members/{self.ana.pk}/role/", {"role": "member"})
        self.assertEqual(self.group.memberships.get(user=self.ana).role, "owner")
        self.client.post(f"/groups/{self.group.pk}/members/{self.mia.pk}/role/", {"role": "owner"})
        self.client.post(f"/groups/{self.group.pk}/leave/")
        self.assertIs(self.group.memberships.filter(user=self.ana).exists(), False)
        self.assertEqual(self.group.memberships.get(user=self.mia).role, "owner")

    def test_members_leave_and_only_owners_change_roles(self):
        self.client.force_login(self.mo)
        response = self.client.post(
            f"/groups/{self.group.pk}/members/{self.mia.pk}/role/", {"role": "owner"}
        )
        self.assertEqual(response.status_code, 403)
        self.client.force_login(self.mia)
        self.assertRedirects(self.client.post(f"/groups/{self.group.pk}/leave/"), "/groups/")
        self.assertIs(self.group.memberships.filter(user=self.mia).exists(), False)

"""The move of the group models from accounts to groups keeps every row and every link."""

from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import TransactionTestCase

# The last migrations before the move, and the ones that make it.
BEFORE = [
    ("accounts", "0002_readinggroup_groupinvite_membership"),
    ("annotations", "0003_moderation"),
    ("seminars", "0001_initial"),
    ("groups", None),
]
MOVE = {
    ("groups", "0001_initial"),
    ("seminars", "0002_group_fk_points_to_groups"),
    ("annotations", "0004_group_fks_point_to_groups"),
    ("accounts", "0003_readinggroup_moves_to_groups"),
    ("groups", "0002_tables_renamed"),
}


def _migrate(targets):
    """Migrate the test database to `targets`; the models as they are there."""
    return MigrationExecutor(connection).migrate(targets).apps


class GroupsMoveMigrationTests(TransactionTestCase):
    def setUp(self):
        executor = MigrationExecutor(connection)
        self.leaves = executor.loader.graph.leaf_nodes()
        backwards = [migration for migration, _ in executor.migration_plan(BEFORE)]
        irreversible = [m for m in backwards if not all(op.reversible for op in m.operations)]
        if irreversible:
            self.skipTest(f"cannot go back before the move past {irreversible}")
        self.addCleanup(_migrate, self.leaves)

    def _old_rows(self, apps):
        """A group with an owner, a member, an invite, a seminar, a group note and its
        moderation settings, made with the models as they were before the move."""
        User = apps.get_model("accounts", "User")
        ana = User.objects.create(username="ana")
        bob = User.objects.create(username="bob")
        group = apps.get_model("accounts", "ReadingGroup").objects.create(
            name="Club", created_by=ana, kind="seminar"
        )
        Membership = apps.get_model("accounts", "Membership")
        Membership.objects.create(group=group, user=ana, role="owner")
        Membership.objects.create(group=group, user=bob, role="member")
        apps.get_model("accounts", "GroupInvite").objects.create(
            group=group, code="join-me", created_by=ana
        )
        apps.get_model("seminars", "Seminar").objects.create(group=group)
        apps.get_model("annotations", "GroupModeration").objects.create(
            group=group, premoderate=True
        )
        return group.pk, ana.pk, bob.pk

    def test_the_rows_and_their_links_survive_the_move(self):
        group_pk, ana_pk, bob_pk = self._old_rows(_migrate(BEFORE))
        plan = MigrationExecutor(connection).migration_plan(self.leaves)
        self.assertLessEqual(MOVE, {(m.app_label, m.name) for m, _ in plan})

        apps = _migrate(self.leaves)
        group = apps.get_model("groups", "ReadingGroup").objects.get()
        self.assertEqual((group.pk, group.name, group.kind), (group_pk, "Club", "seminar"))
        self.assertEqual(
            sorted(group.memberships.values_list("user_id", "role")),
            sorted([(ana_pk, "owner"), (bob_pk, "member")]),
        )
        self.assertEqual(group.invites.get().code, "join-me")
        self.assertEqual(apps.get_model("seminars", "Seminar").objects.get().group_id, group_pk)
        moderation = apps.get_model("annotations", "GroupModeration").objects.get()
        self.assertEqual((moderation.group_id, moderation.premoderate), (group_pk, True))
        self.assertIn("groups_readinggroup", connection.introspection.table_names())
        self.assertNotIn("accounts_readinggroup", connection.introspection.table_names())

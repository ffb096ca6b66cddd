"""ReadingGroup, Membership and GroupInvite now belong to the groups app.

State only: the tables and their rows stay (groups 0001 takes the models over, groups 0002
renames the tables). Runs after every foreign key to these models points at groups.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_readinggroup_groupinvite_membership"),
        ("annotations", "0004_group_fks_point_to_groups"),
        ("groups", "0001_initial"),
        ("seminars", "0002_group_fk_points_to_groups"),
    ]

    state_operations = [
        migrations.RemoveField(model_name="membership", name="group"),
        migrations.RemoveField(model_name="membership", name="user"),
        migrations.RemoveField(model_name="readinggroup", name="created_by"),
        migrations.RemoveField(model_name="groupinvite", name="group"),
        migrations.RemoveField(model_name="groupinvite", name="created_by"),
        migrations.DeleteModel(name="GroupInvite"),
        migrations.DeleteModel(name="Membership"),
        migrations.DeleteModel(name="ReadingGroup"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(state_operations=state_operations),
    ]

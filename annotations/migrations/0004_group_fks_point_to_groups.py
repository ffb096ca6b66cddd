"""The group foreign keys point at groups.ReadingGroup. State only: the columns and their
constraints are the same (the moved model keeps its table)."""

import django.db.models.deletion
from django.db import migrations, models


def group_fk(**kwargs):
    return models.ForeignKey(
        on_delete=django.db.models.deletion.CASCADE, to="groups.readinggroup", **kwargs
    )


class Migration(migrations.Migration):
    dependencies = [
        ("annotations", "0003_moderation"),
        ("groups", "0001_initial"),
    ]

    state_operations = [
        migrations.AlterField(
            model_name="annotation",
            name="group",
            field=group_fk(blank=True, null=True, related_name="annotations"),
        ),
        migrations.AlterField(
            model_name="groupmoderation",
            name="group",
            field=models.OneToOneField(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="moderation",
                to="groups.readinggroup",
            ),
        ),
        migrations.AlterField(
            model_name="moderationevent",
            name="group",
            field=group_fk(blank=True, null=True, related_name="+"),
        ),
        migrations.AlterField(
            model_name="sanction",
            name="group",
            field=group_fk(blank=True, null=True, related_name="+"),
        ),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(state_operations=state_operations),
    ]

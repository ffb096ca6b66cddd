"""Seminar.group points at groups.ReadingGroup. State only: the table and its foreign key
constraint are the same (the moved model keeps its table)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("groups", "0001_initial"),
        ("seminars", "0001_initial"),
    ]

    state_operations = [
        migrations.AlterField(
            model_name="seminar",
            name="group",
            field=models.OneToOneField(
                on_delete=django.db.models.deletion.CASCADE,
                primary_key=True,
                related_name="seminar",
                serialize=False,
                to="groups.readinggroup",
            ),
        ),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(state_operations=state_operations),
    ]

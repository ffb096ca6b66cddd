import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    """Spans of the text that others point at become the edition's own rows (step 1 of 3;
    annotations 0004 fills them from the annotations, 0006 drops the old links)."""

    dependencies = [
        ("edition", "0004_edition_role_granted_by"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="Selection",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("pieces", models.JSONField(blank=True, default=list)),
                ("exact", models.TextField(blank=True)),
                ("prefix", models.CharField(blank=True, max_length=200)),
                ("suffix", models.CharField(blank=True, max_length=200)),
                ("start", models.PositiveIntegerField(blank=True, null=True)),
                ("end", models.PositiveIntegerField(blank=True, null=True)),
                ("version", models.PositiveIntegerField(default=1)),
                (
                    "state",
                    models.CharField(
                        choices=[("ok", "Ok"), ("moved", "Moved"), ("changed", "Changed"), ("orphaned", "Orphaned")],
                        default="ok",
                        max_length=10,
                    ),
                ),
                ("created", models.DateTimeField(auto_now_add=True)),
                ("modified", models.DateTimeField(auto_now=True)),
                (
                    "edition",
                    models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="selections", to="edition.edition"),
                ),
                (
                    "end_passage",
                    models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name="+", to="edition.passage"),
                ),
                (
                    "passage",
                    models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="selections", to="edition.passage"),
                ),
            ],
            options={"ordering": ["pk"], "indexes": [models.Index(fields=["state"], name="edition_sel_state_7107a5_idx")]},
        ),
        migrations.AddField(
            model_name="suggestion",
            name="selection",
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.PROTECT, related_name="suggestions", to="edition.selection"),
        ),
        migrations.AddField(
            model_name="suggestion",
            name="author",
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.CASCADE, related_name="suggestions", to=settings.AUTH_USER_MODEL),
        ),
        migrations.AddField(
            model_name="reattachment",
            name="selection",
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.CASCADE, related_name="reattachments", to="edition.selection"),
        ),
        migrations.AddField(
            model_name="reattachment",
            name="old_pieces",
            field=models.JSONField(blank=True, default=list),
        ),
    ]

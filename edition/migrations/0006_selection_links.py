import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    """Suggestions and re-attachments keep only their selection (step 3 of 3): the edition
    no longer points at annotations."""

    dependencies = [
        ("edition", "0005_selection"),
        ("annotations", "0005_annotation_selection"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveField(model_name="suggestion", name="annotation"),
        migrations.RemoveField(model_name="reattachment", name="annotation"),
        migrations.RemoveField(model_name="reattachment", name="old_selectors"),
        migrations.AlterField(
            model_name="suggestion",
            name="selection",
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="suggestions", to="edition.selection"),
        ),
        migrations.AlterField(
            model_name="suggestion",
            name="author",
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="suggestions", to=settings.AUTH_USER_MODEL),
        ),
        migrations.AlterField(
            model_name="suggestion",
            name="status",
            field=models.CharField(
                choices=[
                    ("pending", "Waiting for an editor"),
                    ("accepted", "Accepted"),
                    ("rejected", "Rejected"),
                    ("reverted", "Accepted, then reverted"),
                    ("withdrawn", "Withdrawn by its author"),
                ],
                default="pending",
                max_length=10,
            ),
        ),
        migrations.AlterField(
            model_name="reattachment",
            name="selection",
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="reattachments", to="edition.selection"),
        ),
    ]

import django.db.models.deletion
from django.db import migrations, models


def to_selections(apps, schema_editor):
    """One Selection per thread root, from its selector columns; replies share it.
    Suggestions and re-attachments point at the same selection."""
    Annotation = apps.get_model("annotations", "Annotation")
    Selection = apps.get_model("edition", "Selection")
    Suggestion = apps.get_model("edition", "Suggestion")
    Reattachment = apps.get_model("edition", "Reattachment")
    by_root = {}
    for a in Annotation.objects.filter(root__isnull=True).order_by("pk").iterator():
        selection = Selection.objects.create(
            edition_id=a.edition_id,
            passage_id=a.passage_id,
            end_passage_id=a.end_passage_id,
            pieces=a.selectors,
            exact=a.selector_exact,
            prefix=a.selector_prefix,
            suffix=a.selector_suffix,
            start=a.selector_start,
            end=a.selector_end,
            version=a.edition_version,
            state=a.anchor_state,
        )
        by_root[a.pk] = selection.pk
        Annotation.objects.filter(pk=a.pk).update(selection_id=selection.pk)
    for a in Annotation.objects.filter(root__isnull=False).order_by("pk").iterator():
        Annotation.objects.filter(pk=a.pk).update(selection_id=by_root[a.root_id])
    for s in Suggestion.objects.all().iterator():
        a = Annotation.objects.get(pk=s.annotation_id)
        Suggestion.objects.filter(pk=s.pk).update(selection_id=a.selection_id, author_id=a.author_id)
        Annotation.objects.filter(pk=a.pk).update(suggestion_id=s.pk)
    for r in Reattachment.objects.all().iterator():
        a = Annotation.objects.get(pk=r.annotation_id)
        Reattachment.objects.filter(pk=r.pk).update(selection_id=a.selection_id, old_pieces=r.old_selectors)


class Migration(migrations.Migration):
    """Annotations point at the edition's Selection rows instead of holding offsets."""

    dependencies = [
        ("annotations", "0004_group_fks_point_to_groups"),
        ("edition", "0005_selection"),
    ]

    operations = [
        migrations.AddField(
            model_name="annotation",
            name="selection",
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.CASCADE, related_name="annotations", to="edition.selection"),
        ),
        migrations.AddField(
            model_name="annotation",
            name="suggestion",
            field=models.OneToOneField(
                blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="annotation", to="edition.suggestion"
            ),
        ),
        migrations.RunPython(to_selections, migrations.RunPython.noop, elidable=False),
        migrations.RemoveIndex(model_name="annotation", name="annotations_passage_dfff22_idx"),
        migrations.RemoveIndex(model_name="annotation", name="annotations_anchor__824ca3_idx"),
        migrations.RemoveField(model_name="annotation", name="passage"),
        migrations.RemoveField(model_name="annotation", name="end_passage"),
        migrations.RemoveField(model_name="annotation", name="selector_exact"),
        migrations.RemoveField(model_name="annotation", name="selector_prefix"),
        migrations.RemoveField(model_name="annotation", name="selector_suffix"),
        migrations.RemoveField(model_name="annotation", name="selector_start"),
        migrations.RemoveField(model_name="annotation", name="selector_end"),
        migrations.RemoveField(model_name="annotation", name="selectors"),
        migrations.RemoveField(model_name="annotation", name="edition_version"),
        migrations.RemoveField(model_name="annotation", name="anchor_state"),
        migrations.AlterField(
            model_name="annotation",
            name="selection",
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="annotations", to="edition.selection"),
        ),
    ]

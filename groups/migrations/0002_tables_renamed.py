"""The group tables take the groups app's names (accounts_* -> groups_*), and the content
types follow, so that permissions and admin log entries stay attached to the models.

Foreign keys from other tables follow a renamed table on PostgreSQL and SQLite alike.
"""

from django.db import migrations

MODELS = ("readinggroup", "membership", "groupinvite")


def content_types_move(from_label: str, to_label: str):
    def move(apps, schema_editor):
        ContentType = apps.get_model("contenttypes", "ContentType")
        db = schema_editor.connection.alias
        for model in MODELS:
            # Skipped when the target exists already (made by a post_migrate run since).
            if ContentType.objects.using(db).filter(app_label=to_label, model=model).exists():
                continue
            ContentType.objects.using(db).filter(app_label=from_label, model=model).update(
                app_label=to_label
            )

    return move


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0003_readinggroup_moves_to_groups"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("groups", "0001_initial"),
    ]

    operations = [
        migrations.AlterModelTable(name="readinggroup", table=None),
        migrations.AlterModelTable(name="membership", table=None),
        migrations.AlterModelTable(name="groupinvite", table=None),
        migrations.RunPython(
            content_types_move("accounts", "groups"), content_types_move("groups", "accounts")
        ),
    ]

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("targets", "0009_stored_reviews"),
    ]

    operations = [
        migrations.AddField(
            model_name="importdraft",
            name="group",
            field=models.UUIDField(blank=True, db_index=True, editable=False, null=True),
        ),
        migrations.AddField(
            model_name="importdraft",
            name="warnings",
            field=models.JSONField(blank=True, default=list),
        ),
    ]

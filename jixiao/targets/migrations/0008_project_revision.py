from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("targets", "0007_document_withdrawal"),
    ]

    operations = [
        migrations.AddField(
            model_name="project",
            name="revision",
            field=models.PositiveIntegerField(default=0, editable=False, verbose_name="表内修订号"),
        ),
    ]

"""Each entry names the target document it belongs to (`document_id`, outside the hash): the
document's log is read by it instead of matching every table of the document.

Entries already stored get it from their object (a document, or a table's document). On
PostgreSQL the append-only trigger is set aside for this one statement: the column is a lookup
derived from what the entry already says, and the hashed content is left as it is.
"""

from typing import Any

from django.conf import settings
from django.db import migrations, models

TABLE = "audit_auditentry"
TRIGGER = "audit_entry_no_change"
BACKFILL = f"""
UPDATE {TABLE} SET document_id = CASE
    WHEN object_type = 'targets.targetdocument' THEN CAST(object_id AS BIGINT)
    ELSE (SELECT p.document_id FROM targets_project p WHERE p.id = CAST({TABLE}.object_id AS BIGINT))
END
WHERE object_type IN ('targets.targetdocument', 'targets.project')
"""


def backfill(apps: Any, schema_editor: Any) -> None:
    postgres = schema_editor.connection.vendor == "postgresql"
    if postgres:
        schema_editor.execute(f"ALTER TABLE {TABLE} DISABLE TRIGGER {TRIGGER}")
    schema_editor.execute(BACKFILL)
    if postgres:
        schema_editor.execute(f"ALTER TABLE {TABLE} ENABLE TRIGGER {TRIGGER}")


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0002_hash_chain_append_only"),
        ("targets", "0010_importdraft_group_warnings"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="auditentry",
            name="document_id",
            field=models.BigIntegerField(
                blank=True, editable=False, null=True, verbose_name="所属文本"
            ),
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop),
        migrations.AddIndex(
            model_name="auditentry",
            index=models.Index(fields=["document_id", "-id"], name="audit_document"),
        ),
    ]

"""Each entry about a table names the unit the table belonged to (`unit_id`, outside the hash):
a reader who reaches only some units finds their part of a document's log by an index, instead
of matching the log against every table they reach.

Entries already stored get it from their table as it is now. On PostgreSQL the append-only
trigger is set aside for this one statement, as for `document_id` (0003): the column is a lookup
derived from what the entry already says, and the hashed content is left as it is.
"""

from typing import Any

from django.db import migrations, models

TABLE = "audit_auditentry"
TRIGGER = "audit_entry_no_change"
BACKFILL = f"""
UPDATE {TABLE} SET unit_id = (
    SELECT p.unit_id FROM targets_project p WHERE p.id = CAST({TABLE}.object_id AS BIGINT)
)
WHERE object_type = 'targets.project'
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
        ("audit", "0004_document_log_index"),
        ("targets", "0010_importdraft_group_warnings"),
    ]

    operations = [
        migrations.AddField(
            model_name="auditentry",
            name="unit_id",
            field=models.BigIntegerField(
                blank=True, editable=False, null=True, verbose_name="所属单位"
            ),
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop),
        migrations.AddIndex(
            model_name="auditentry",
            index=models.Index(fields=["document_id", "unit_id", "-id"], name="audit_unit_log"),
        ),
    ]

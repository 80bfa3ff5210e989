"""The audit log as a hash chain, append-only in the database.

Entries already stored are chained in key order; then, on PostgreSQL, a trigger refuses UPDATE and
DELETE of the table to everyone, and TRUNCATE to every role but a database superuser (who could
drop the trigger anyway; the test suite's flush between transactional tests truncates as one).
"""

from typing import Any

import django.utils.timezone
from django.db import migrations, models

FUNCTION = "audit_entry_append_only"
TRIGGERS = ("audit_entry_no_change", "audit_entry_no_truncate")


def chain_existing(apps: Any, schema_editor: Any) -> None:
    from jixiao.audit.models import entry_hash

    entry_model = apps.get_model("audit", "AuditEntry")
    stored = entry_model.objects.using(schema_editor.connection.alias)
    previous, batch = "", []
    for entry in stored.order_by("pk").iterator():
        entry.previous_hash = previous
        entry.entry_hash = previous = entry_hash(entry)
        batch.append(entry)
        if len(batch) == 1000:
            stored.bulk_update(batch, ["previous_hash", "entry_hash"])
            batch = []
    stored.bulk_update(batch, ["previous_hash", "entry_hash"])


def create_trigger(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    table = schema_editor.quote_name(apps.get_model("audit", "AuditEntry")._meta.db_table)
    statements = [
        f"""
        CREATE OR REPLACE FUNCTION {FUNCTION}() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF TG_OP = 'TRUNCATE' AND current_setting('is_superuser') = 'on' THEN
                RETURN NULL;
            END IF;
            RAISE EXCEPTION '审计日志只能追加，不能修改或删除（%）', TG_OP
                USING ERRCODE = 'insufficient_privilege';
        END
        $$
        """,
        f"CREATE TRIGGER {TRIGGERS[0]} BEFORE UPDATE OR DELETE ON {table} "
        f"FOR EACH ROW EXECUTE FUNCTION {FUNCTION}()",
        f"CREATE TRIGGER {TRIGGERS[1]} BEFORE TRUNCATE ON {table} "
        f"FOR EACH STATEMENT EXECUTE FUNCTION {FUNCTION}()",
    ]
    for statement in statements:
        schema_editor.execute(statement, params=None)  # no placeholders: "%" is plpgsql's


def drop_trigger(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    table = schema_editor.quote_name(apps.get_model("audit", "AuditEntry")._meta.db_table)
    for trigger in TRIGGERS:
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {trigger} ON {table}")
    schema_editor.execute(f"DROP FUNCTION IF EXISTS {FUNCTION}()")


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="auditentry",
            name="entry_hash",
            field=models.CharField(blank=True, editable=False, max_length=64, verbose_name="摘要"),
        ),
        migrations.AddField(
            model_name="auditentry",
            name="previous_hash",
            field=models.CharField(
                blank=True, editable=False, max_length=64, verbose_name="前一条摘要"
            ),
        ),
        migrations.AlterField(
            model_name="auditentry",
            name="at",
            field=models.DateTimeField(
                db_index=True,
                default=django.utils.timezone.now,
                editable=False,
                verbose_name="时间",
            ),
        ),
        migrations.RunPython(chain_existing, migrations.RunPython.noop),
        migrations.RunPython(create_trigger, drop_trigger),
    ]

"""Writing many new rows at once: PostgreSQL's COPY (the rows streamed, no SQL compiled per
value, no parameter limit), Django's `bulk_create` elsewhere. For rows that are new — an import's
tables, their first reviews and audit entries; updates go through the ORM."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from django.db import connection, models, transaction

M = TypeVar("M", bound=models.Model)
BATCH = 1000
ANALYZE_AT = 1000
"""Rows copied at once from which the tables are vacuumed and analysed after commit:
until autovacuum comes round, PostgreSQL would plan the new document's pages as if its table
held a few dozen rows (nested loops over 10,000 — measured: the document page 133 → 61 ms)."""


def insert(model: type[M], rows: Sequence[M]) -> Sequence[M]:
    """Insert the rows, giving those without a key one; the rows, keys set."""
    if not rows:
        return rows
    if connection.vendor != "postgresql":
        return model.objects.bulk_create(rows, batch_size=BATCH)
    meta = model._meta
    pk = meta.pk
    assert pk is not None
    if isinstance(pk, models.AutoField | models.BigAutoField) and any(r.pk is None for r in rows):
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                [meta.db_table, pk.column, len(rows)],
            )
            keys = [key for (key,) in cursor.fetchall()]
        for row, key in zip((r for r in rows if r.pk is None), keys, strict=False):
            row.pk = key
    fields = list(meta.concrete_fields)
    values = [_json(f) if isinstance(f, models.JSONField) else _prepared(f) for f in fields]
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    table = connection.ops.quote_name(meta.db_table)
    with connection.cursor() as cursor:
        raw: Any = cursor.cursor  # psycopg's own cursor: Django's wrapper has no copy()
        with raw.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row([value(row) for value in values])
    for row in rows:
        row._state.adding = False
        row._state.db = connection.alias
    analyze_after_commit(len(rows), model)
    return rows


def _prepared(field: Any) -> Callable[[models.Model], Any]:
    """A column's value of a row as the database takes it."""

    def value(row: models.Model) -> Any:
        return field.get_db_prep_save(field.pre_save(row, add=True), connection)

    return value


def _json(field: Any) -> Callable[[models.Model], str | None]:
    """A JSON column's value as text, Chinese written as itself rather than as \\u escapes
    (Django's default): a table's findings in 40 % fewer bytes to send and parse."""
    encoder = field.encoder

    def value(row: models.Model) -> str | None:
        data = field.pre_save(row, add=True)
        if data is None:  # SQL NULL, as Django stores it
            return None
        return json.dumps(data, cls=encoder, ensure_ascii=False, separators=(",", ":"))

    return value


def analyze_after_commit(rows: int, *models: type[models.Model]) -> None:
    """Refresh the tables' planner statistics and visibility map once the transaction that wrote
    `rows` new rows (into them, or referring to them) commits (PostgreSQL, from `ANALYZE_AT`
    rows). Small tables need it too: autovacuum analyses a table after 50 rows change, so a
    department's few units and documents would stay planned as unknown — every list sorted as if
    nothing matched; and until a table is vacuumed, counts read every row instead of an index.
    After the commit, so outside any transaction (VACUUM refuses one); a failure is logged, never
    the import's (robust)."""
    if connection.vendor != "postgresql" or rows < ANALYZE_AT:
        return
    tables = ", ".join(connection.ops.quote_name(m._meta.db_table) for m in models)

    def analyze() -> None:
        with connection.cursor() as cursor:
            cursor.execute(f"VACUUM (ANALYZE) {tables}")

    transaction.on_commit(analyze, robust=True)

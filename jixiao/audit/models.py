"""Audit entries. The log is append-only at every level the application controls:

* an entry refuses to be saved again or deleted, and the entries' QuerySet refuses `update()`
  and `delete()` (so no bulk path rewrites them either);
* on PostgreSQL a trigger (migration 0002) refuses UPDATE, DELETE and TRUNCATE of the table;
* each entry stores the SHA-256 of its canonical content, which includes the previous entry's
  hash: a hash chain in key order. `verify()` (`jixiao audit verify`) walks it and finds an entry
  changed, removed or slipped in behind the application's back, on SQLite too.

Every insert goes through `bulk_record` (`record` and `AuditEntry.save` call it), which takes the
chain's lock for the rest of the transaction, reads the last hash and links the new entries to
it, so concurrent writers queue up instead of forking the chain.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC
from typing import Any

from django.apps import apps
from django.conf import settings
from django.db import connections, models, router, transaction
from django.utils import timezone

CHAIN_LOCK = 0x6A69_7861_6F5F_6175  # "jixiao_au": the PostgreSQL advisory lock of the chain
"""Advisory locks are numbers: this one serialises the writers of the audit log."""


COPY_FROM = 100
"""Entries written at once from which they are copied (`ops.bulk`) rather than inserted: an
import's entry per table."""


class AppendOnlyError(PermissionError):
    """An attempt to change or remove audit entries."""


class AuditEntryQuerySet(models.QuerySet["AuditEntry"]):
    def update(self, **kwargs: Any) -> int:
        raise AppendOnlyError("审计日志只能追加，不能修改")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError("审计日志只能追加，不能删除")

    def bulk_update(self, objs: Iterable[Any], fields: Sequence[str], **kwargs: Any) -> int:
        raise AppendOnlyError("审计日志只能追加，不能修改")

    def bulk_create(self, objs: Iterable[AuditEntry], *args: Any, **kwargs: Any) -> list[Any]:
        """Chained like every insert: see `bulk_record`."""
        return bulk_record(list(objs), batch_size=kwargs.get("batch_size"))

    def _insert_chained(self, objs: list[AuditEntry], batch_size: int | None) -> list[Any]:
        copied = self.db == "default" and connections[self.db].vendor == "postgresql"
        if copied and len(objs) >= COPY_FROM:
            from jixiao.ops import bulk  # PostgreSQL's COPY for an import's entries

            return list(bulk.insert(AuditEntry, objs))
        return super().bulk_create(objs, batch_size=batch_size)


class AuditEntryManager(models.Manager.from_queryset(AuditEntryQuerySet)):  # type: ignore[misc]
    pass


class AuditEntry(models.Model):
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="操作人", null=True, on_delete=models.PROTECT,
        related_name="+",
    )  # fmt: skip
    at = models.DateTimeField("时间", default=timezone.now, editable=False, db_index=True)
    action = models.CharField("操作", max_length=64)
    object_type = models.CharField("对象类型", max_length=64)
    object_id = models.CharField("对象编号", max_length=64)
    before = models.JSONField("变更前", null=True, blank=True)
    after = models.JSONField("变更后", null=True, blank=True)
    reason = models.TextField("原因/意见", blank=True)
    document_id = models.BigIntegerField("所属文本", null=True, blank=True, editable=False)
    """The target document the entry belongs to (its own, or its table's): a lookup for the
    document's log, derived from the object and outside the hash."""
    unit_id = models.BigIntegerField("所属单位", null=True, blank=True, editable=False)
    """For an entry about a table, the unit the table belonged to when the entry was written: a
    reader who reaches only some units finds their part of a document's log by it, newest first,
    however large the document (a lookup derived from the object, outside the hash)."""
    previous_hash = models.CharField("前一条摘要", max_length=64, blank=True, editable=False)
    entry_hash = models.CharField("摘要", max_length=64, blank=True, editable=False)

    objects = AuditEntryManager()

    class Meta:
        verbose_name = "审计日志"
        verbose_name_plural = "审计日志"
        ordering = ["-at", "-pk"]
        indexes = [
            models.Index(fields=["object_type", "object_id"], name="audit_object"),
            # a document's log, newest first, and its length counted from the index alone
            models.Index(
                fields=["document_id", "-id"], include=["object_type"], name="audit_document_log"
            ),
            # a unit's part of it: the tables' entries of one unit, newest first
            models.Index(fields=["document_id", "unit_id", "-id"], name="audit_unit_log"),
        ]

    def __str__(self) -> str:
        return f"{self.actor} {self.action} {self.object_type}#{self.object_id}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise AppendOnlyError("审计日志不可修改")
        bulk_record([self])

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError("审计日志不可删除")


def record(
    actor: Any,
    action: str,
    target: models.Model,
    *,
    before: Any = None,
    after: Any = None,
    reason: str = "",
) -> AuditEntry:
    """Add one entry about `target` (of the document `document_of` finds for it)."""
    entry = AuditEntry(
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        action=action,
        object_type=target._meta.label_lower,
        object_id=str(target.pk),
        before=before,
        after=after,
        reason=reason,
        document_id=document_of(target),
        unit_id=getattr(target, "unit_id", None) if target._meta.label_lower == TABLE else None,
    )
    bulk_record([entry])
    return entry


DOCUMENT = "targets.targetdocument"
TABLE = "targets.project"


def document_of(target: models.Model) -> int | None:
    """The target document an object belongs to: a document itself, a row with a `document_id`
    (a table, a department summary), or a row of a table (`project`: a monitoring report, a
    self-evaluation, a payment)."""
    if target._meta.label_lower == DOCUMENT:
        return int(target.pk)
    found = getattr(target, "document_id", None)
    if found is None and getattr(target, "project_id", None) is not None:
        found = getattr(target.project, "document_id", None)  # type: ignore[attr-defined]
    return int(found) if found is not None else None


def bulk_record(entries: list[AuditEntry], *, batch_size: int | None = None) -> list[AuditEntry]:
    """Insert new entries, in order, at the end of the chain: each gets its time (unless given),
    the previous entry's hash and its own. Inside the caller's transaction the chain stays locked
    until it commits, so no other writer links to the same last entry."""
    if not entries:
        return entries
    using = router.db_for_write(AuditEntry)
    with transaction.atomic(using=using):
        _find_documents(entries, using)
        previous = _lock_chain(using)
        for entry in entries:
            if entry.pk is not None:
                raise AppendOnlyError("审计日志不可修改")
            if entry.at is None:
                entry.at = timezone.now()
            entry.before = _as_stored(entry.before)
            entry.after = _as_stored(entry.after)
            entry.previous_hash = previous
            entry.entry_hash = previous = entry_hash(entry)
        AuditEntry.objects.all()._insert_chained(entries, batch_size)
    return entries


def _find_documents(entries: list[AuditEntry], using: str) -> None:
    """`document_id` (and a table's `unit_id`) for entries written without them: a document's
    own, a table's from the table (one query for all of them)."""
    tables: dict[int, list[AuditEntry]] = {}
    for entry in entries:
        if entry.document_id is None and entry.object_type == DOCUMENT:
            if entry.object_id.isdigit():
                entry.document_id = int(entry.object_id)
        elif entry.object_type == TABLE and entry.object_id.isdigit():
            missing = entry.document_id is None or entry.unit_id is None
            if missing:
                tables.setdefault(int(entry.object_id), []).append(entry)
    if not tables:
        return
    project = apps.get_model("targets", "Project")
    found = project.objects.using(using).filter(pk__in=tables)
    for pk, document, unit in found.values_list("pk", "document_id", "unit_id"):
        for entry in tables[pk]:
            if entry.document_id is None:
                entry.document_id = document
            if entry.unit_id is None:
                entry.unit_id = unit


def _lock_chain(using: str) -> str:
    """Take the chain's lock (PostgreSQL: a transaction-scoped advisory lock; SQLite lets one
    writer at a time commit anyway) and return the last entry's hash."""
    connection = connections[using]
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [CHAIN_LOCK])
    last = AuditEntry.objects.using(using).order_by("-pk").values_list("entry_hash", flat=True)
    return last.first() or ""


def _as_stored(value: Any) -> Any:
    """The value as the JSON column gives it back (tuples as lists, keys as strings)."""
    return None if value is None else json.loads(json.dumps(value))


def _canonical(value: Any) -> Any:
    """Numbers as PostgreSQL's jsonb returns them: a float with no fraction as an integer."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, list):
        return [_canonical(item) for item in value]
    if isinstance(value, dict):
        return {key: _canonical(item) for key, item in value.items()}
    return value


def entry_hash(entry: AuditEntry) -> str:
    """SHA-256 of the entry's content and the previous entry's hash, in one canonical JSON."""
    content = {
        "actor": entry.actor_id,
        "at": entry.at.astimezone(UTC).isoformat(timespec="microseconds"),
        "action": entry.action,
        "object_type": entry.object_type,
        "object_id": entry.object_id,
        "before": _canonical(entry.before),
        "after": _canonical(entry.after),
        "reason": entry.reason,
        "previous": entry.previous_hash,
    }
    text = json.dumps(content, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Break:
    """The first entry where the chain does not hold."""

    position: int  # 1-based, in the order entries were written
    entry: AuditEntry
    problem: str  # "content": changed; "link": an entry before it changed, removed or inserted


@dataclass(frozen=True)
class Verification:
    count: int
    head: str  # the last entry's hash: noted elsewhere, it shows whether entries were cut off
    broken: Break | None


def verify(using: str = "default") -> Verification:
    """Walk the chain in the order it was written and recompute every hash."""
    previous, count = "", 0
    for count, entry in enumerate(_in_order(using), start=1):
        if entry.previous_hash != previous:
            return Verification(count, previous, Break(count, entry, "link"))
        if entry_hash(entry) != entry.entry_hash:
            return Verification(count, previous, Break(count, entry, "content"))
        previous = entry.entry_hash
    return Verification(count, previous, None)


def _in_order(using: str) -> Iterator[AuditEntry]:
    return AuditEntry.objects.using(using).order_by("pk").iterator(chunk_size=2000)

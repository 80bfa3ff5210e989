"""Recording a project's payments (支付记录): entered one by one or taken from a payment ledger,
voided with a reason, never deleted. Only the unit's 单位填报人 records; anyone reaching the unit
sees them."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from jixiao.audit.models import record
from jixiao.evaluate.monitoring_rules import MonitoringRules, load_rules
from jixiao.evaluate.spending import PaymentLine, SpendingReport, spending_status
from jixiao.monitoring.models import FundSource, Payment, PaymentImport
from jixiao.org.access import Role, User, roles_at
from jixiao.targets.models import Project

FILLER_ONLY = "只有本单位的单位填报人可以录入或作废支付记录"
LARGEST = Decimal("9999999999999999.99")


@dataclass(frozen=True)
class LedgerRow:
    """One row of a payment ledger, as read (its row number in the file kept for messages)."""

    row: int
    paid_on: date
    amount: Decimal
    source: str
    voucher: str = ""
    payee: str = ""
    note: str = ""


def may_record(user: User, project: Project) -> bool:
    return Role.UNIT_FILLER in roles_at(user, project.unit)


def payments_of(project: Project) -> QuerySet[Payment]:
    return Payment.objects.filter(project=project).select_related("recorded_by", "voided_by")


def payment_lines(project: Project) -> list[PaymentLine]:
    rows = Payment.objects.filter(project=project, voided_at__isnull=True)
    return [PaymentLine(p, a, s) for p, a, s in rows.values_list("paid_on", "amount", "source")]


def monitoring_rules() -> MonitoringRules:
    """The rules in force: the file the setting JIXIAO_MONITORING_RULES names, or the defaults."""
    return load_rules(getattr(settings, "JIXIAO_MONITORING_RULES", None))


def spending_report(project: Project, as_of: date) -> SpendingReport:
    return spending_status(
        project.to_core(), payment_lines(project), year=project.document.fiscal_year.year,
        as_of=as_of, bands=monitoring_rules().spending,
    )  # fmt: skip


def record_payment(
    project: Project,
    user: User,
    *,
    paid_on: date,
    amount: Decimal,
    source: str,
    voucher: str = "",
    payee: str = "",
    note: str = "",
) -> Payment:
    _require_filler(user, project)
    row = LedgerRow(0, paid_on, amount, source, voucher.strip(), payee.strip(), note.strip())
    problems = _problems(project, row, "")
    if row.voucher and _stored_vouchers(project, [row.voucher]):
        problems.append(
            f"凭证号 {row.voucher} 已录入过，同一凭证不能重复录入（如有误请先作废原记录）"
        )
    if problems:
        raise ValidationError(problems)
    with transaction.atomic():
        payment = Payment.objects.create(project=project, recorded_by=user, **_fields(row))
        record(user, "payment.record", payment, after=_snapshot(payment))
    return payment


def void_payment(payment: Payment, user: User, reason: str) -> Payment:
    _require_filler(user, payment.project)
    if not reason.strip():
        raise ValidationError("作废支付记录须说明原因")
    if payment.voided_at is not None:
        raise ValidationError("该支付记录已作废")
    with transaction.atomic():
        payment.voided_at, payment.voided_by = timezone.now(), user
        payment.void_reason = reason.strip()
        payment.save(update_fields=["voided_at", "voided_by", "void_reason"])
        record(user, "payment.void", payment, before=_snapshot(payment), reason=payment.void_reason)
    return payment


def import_ledger(
    project: Project, user: User, rows: Sequence[LedgerRow], *, source: str, content_hash: str
) -> PaymentImport:
    """All the ledger's rows, or none: every problem is reported with its row."""
    _require_filler(user, project)
    problems: list[str] = []
    if not rows:
        problems.append("台账中没有支付记录")
    seen: dict[str, int] = {}
    for row in rows:
        where = f"第 {row.row} 行："
        problems += _problems(project, row, where)
        if row.voucher:
            if row.voucher in seen:
                problems.append(f"{where}凭证号 {row.voucher} 与第 {seen[row.voucher]} 行重复")
            seen.setdefault(row.voucher, row.row)
    stored = _stored_vouchers(project, list(seen))
    problems += [f"第 {seen[v]} 行：凭证号 {v} 已录入过，不能重复导入" for v in sorted(stored)]
    if problems:
        raise ValidationError(problems)
    with transaction.atomic():
        batch = PaymentImport.objects.create(
            project=project, source=source, content_hash=content_hash, rows=len(rows),
            imported_by=user,
        )  # fmt: skip
        Payment.objects.bulk_create(
            Payment(project=project, recorded_by=user, batch=batch, **_fields(r)) for r in rows
        )
        record(user, "payment.import", batch, after={"source": source, "rows": len(rows)})
    return batch


def _require_filler(user: User, project: Project) -> None:
    if not may_record(user, project):
        raise PermissionDenied(FILLER_ONLY)


def _problems(project: Project, row: LedgerRow, where: str) -> list[str]:
    year = project.document.fiscal_year.year
    problems = []
    if row.paid_on.year != year:
        problems.append(f"{where}支付日期 {row.paid_on} 不在项目年度 {year} 年内")
    if row.amount <= 0:
        problems.append(f"{where}金额应大于 0，现为 {row.amount}")
    elif row.amount > LARGEST or row.amount != row.amount.quantize(Decimal("0.01")):
        problems.append(f"{where}金额 {row.amount} 超出可记录的范围（以元为单位，最多两位小数）")
    if row.source not in FundSource.values:
        problems.append(f"{where}资金来源应为财政资金或其他资金")
    if len(row.voucher) > 64 or len(row.payee) > 200 or len(row.note) > 500:
        problems.append(f"{where}凭证号、收款方或备注过长（分别不超过 64、200、500 字）")
    return problems


def _stored_vouchers(project: Project, vouchers: list[str]) -> set[str]:
    live = Payment.objects.filter(project=project, voided_at__isnull=True, voucher__in=vouchers)
    return set(live.values_list("voucher", flat=True))


def _fields(row: LedgerRow) -> dict[str, object]:
    return {
        "paid_on": row.paid_on, "amount": row.amount, "source": row.source,
        "voucher": row.voucher, "payee": row.payee, "note": row.note,
    }  # fmt: skip


def _snapshot(payment: Payment) -> dict[str, str]:
    return {
        "paid_on": payment.paid_on.isoformat(), "amount": str(payment.amount),
        "source": payment.source, "voucher": payment.voucher, "payee": payment.payee,
    }  # fmt: skip

"""Recording a project's payments (支付记录): entered one by one or taken from a payment ledger,
voided with a reason, never deleted. Only the unit's 单位填报人 records; anyone reaching the unit
sees them. Payments are recorded against approved (已批复) tables only: the plan they are measured
against is the approved one.

A ledger's preview waits for its confirm in a file of its own under the data directory
(`payment-drafts/<user>/<token>.json`), never in the session: `keep_ledger`, `load_ledger`."""

from __future__ import annotations

import json
import os
import re
import secrets
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from jixiao.audit.models import record
from jixiao.evaluate.monitoring_rules import MonitoringRules, SpendingBands, load_rules
from jixiao.evaluate.spending import PaymentLine, SpendingReport, spending_status
from jixiao.monitoring.models import FundSource, Payment, PaymentImport
from jixiao.org.access import Role, User, roles_at
from jixiao.targets.models import Project, Status
from jixiao.targets.workflow import WorkflowError

if TYPE_CHECKING:
    from jixiao.monitoring.ledger import Sheet

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
    """Whether the user is the unit's 单位填报人 (the table's state aside: `not_approved`)."""
    return Role.UNIT_FILLER in roles_at(user, project.unit)


def not_approved(project: Project) -> str | None:
    """Why payments cannot be recorded against the table now, or None when they can."""
    if project.status == Status.APPROVED:
        return None
    return (
        f"「{project.name}」的绩效目标表当前状态为“{project.get_status_display()}”，"
        "批复（已批复）后才能录入或导入支付记录"
    )


def _require_approved(project: Project) -> None:
    problem = not_approved(project)
    if problem is not None:
        raise WorkflowError(problem)


def payments_of(project: Project) -> QuerySet[Payment]:
    return Payment.objects.filter(project=project).select_related("recorded_by", "voided_by")


def payment_lines(project: Project) -> list[PaymentLine]:
    rows = Payment.objects.filter(project=project, voided_at__isnull=True)
    return [PaymentLine(p, a, s) for p, a, s in rows.values_list("paid_on", "amount", "source")]


def monitoring_rules() -> MonitoringRules:
    """The rules in force: the file the setting JIXIAO_MONITORING_RULES names, or the defaults."""
    return load_rules(getattr(settings, "JIXIAO_MONITORING_RULES", None))


def spending_report(
    project: Project, as_of: date, *, lines: Sequence[PaymentLine] | None = None
) -> SpendingReport:
    """The project's spending at `as_of`, from its payments not voided (or `lines`, when the
    caller has read them already)."""
    return spending_status(
        project.to_core(), payment_lines(project) if lines is None else lines,
        year=project.document.fiscal_year.year, as_of=as_of, bands=monitoring_rules().spending,
    )  # fmt: skip


def as_of_date(text: str | None, year: int) -> tuple[date, str | None]:
    """The date the spending is measured at: the one asked for (YYYY-MM-DD), else today — never
    past the project's year-end; with a message when the asked date cannot be read."""
    today = timezone.localdate()
    default = min(today, date(year, 12, 31))
    if not text:
        return default, None
    try:
        asked = date.fromisoformat(text.strip())
    except ValueError:
        return default, f"截至日期“{text[:20]}”无法识别（应为 2024-06-30 的形式），已按今天计算。"
    return min(asked, date(year, 12, 31)), None


def bands_words(bands: SpendingBands) -> str:
    """The 正常 / 黄 / 红 bands in words, with where they come from ("默认设置" and the rules'
    own source text): they are a local choice, not a national rule."""
    normal = (
        "不低于计划为“正常”"
        if bands.normal_below == 0
        else f"落后计划不超过 {bands.normal_below} 个百分点为“正常”"
    )
    source = bands.source.strip().rstrip("。")
    return (
        f"预警档次（{bands.basis_label}）：{normal}，落后计划不超过 {bands.yellow_below} 个百分点"
        f"（含）为“黄”，超过 {bands.yellow_below} 个百分点为“红”。说明：{source}。"
    )


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
    """One payment entered by the unit's 单位填报人 on an approved table; refused with every
    problem in words (ValidationError), a role that may not (PermissionDenied) or a table not
    approved (WorkflowError)."""
    _require_filler(user, project)
    _require_approved(project)
    row = LedgerRow(0, paid_on, amount, source, voucher.strip(), payee.strip(), note.strip())
    problems = _problems(project, row, "")
    if problems:
        raise ValidationError(problems)
    with transaction.atomic():
        _lock(project)  # concurrent entries of one project queue here: the voucher check holds
        if row.voucher and _stored_vouchers(project, [row.voucher]):
            raise ValidationError(
                f"凭证号 {row.voucher} 已录入过，同一凭证不能重复录入（如有误请先作废原记录）"
            )
        payment = Payment.objects.create(project=project, recorded_by=user, **_fields(row))
        record(user, "payment.record", payment, after=_snapshot(payment))
    return payment


def void_payment(payment: Payment, user: User, reason: str) -> Payment:
    """A payment voided with its reason (any state of the table: a mistake is corrected even
    after a 目标调整). Raises WorkflowError when it is voided already."""
    _require_filler(user, payment.project)
    if not reason.strip():
        raise ValidationError("作废支付记录须说明原因")
    if len(reason.strip()) > 500:
        raise ValidationError("作废原因不超过 500 字")
    with transaction.atomic():
        payment = Payment.objects.select_for_update().select_related("project").get(pk=payment.pk)
        if payment.voided_at is not None:
            raise WorkflowError("该支付记录已作废，不能再次作废")
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
    _require_approved(project)
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
    problems += _already_stored(project, seen, content_hash)
    if problems:
        raise ValidationError(problems)
    with transaction.atomic():
        _lock(project)  # checked again under the lock: another import may have come first
        problems = _already_stored(project, seen, content_hash)
        if problems:
            raise ValidationError(problems)
        batch = PaymentImport.objects.create(
            project=project, source=source[:255], content_hash=content_hash, rows=len(rows),
            imported_by=user,
        )  # fmt: skip
        Payment.objects.bulk_create(
            Payment(project=project, recorded_by=user, batch=batch, **_fields(r)) for r in rows
        )
        record(user, "payment.import", batch, after={"source": source, "rows": len(rows)})
    return batch


def live_vouchers(project: Project) -> set[str]:
    """The vouchers of the project's payments not voided (one may not be entered twice)."""
    live = Payment.objects.filter(project=project, voided_at__isnull=True).exclude(voucher="")
    return set(live.values_list("voucher", flat=True))


def imported_before(project: Project, content_hash: str) -> str | None:
    """Why a ledger with this content cannot be imported again (its earlier import still has
    payments not voided), or None."""
    earlier = (
        PaymentImport.objects.filter(
            project=project, content_hash=content_hash, payments__voided_at__isnull=True
        )
        .order_by("-imported_at")
        .first()
    )
    if earlier is None:
        return None
    at = timezone.localtime(earlier.imported_at).strftime("%Y-%m-%d %H:%M")
    return (
        f"内容相同的台账「{earlier.source}」已于 {at} 导入过（{earlier.rows} 笔），"
        "不能重复导入；如需重新导入，请先作废那次导入的记录"
    )


def _already_stored(project: Project, seen: dict[str, int], content_hash: str) -> list[str]:
    stored = _stored_vouchers(project, list(seen))
    problems = [f"第 {seen[v]} 行：凭证号 {v} 已录入过，不能重复导入" for v in sorted(stored)]
    earlier = imported_before(project, content_hash)
    return [*problems, earlier] if earlier is not None else problems


def _lock(project: Project) -> None:
    """The project's row locked for the transaction, its state read again under the lock."""
    locked = Project.objects.select_for_update().only("status", "name").get(pk=project.pk)
    project.status = locked.status
    _require_approved(project)


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


# -- ledger previews waiting for their confirm ---------------------------------------------------

DRAFT_HOURS = 24
"""How long a ledger's preview waits for its confirm."""
DRAFTS_KEPT = 10
"""Previews a user may have waiting at once; older ones go."""
_TOKEN = re.compile(r"^[0-9a-f]{32}$")


@dataclass
class LedgerDraft:
    """A previewed ledger: the sheet as read and the column mapping the user sees."""

    token: str
    project_id: int
    source: str
    content_hash: str
    sheet: Sheet
    mapping: dict[int, str]


def _drafts(user: User) -> Path:
    return Path(settings.DATA_DIR) / "payment-drafts" / str(user.pk)


def keep_ledger(
    user: User, project: Project, sheet: Sheet, mapping: dict[int, str], content_hash: str
) -> str:
    """Keep a previewed ledger for its confirm; its token (the page's link carries it). This
    user's expired previews go, and those beyond the last `DRAFTS_KEPT`."""
    folder = _drafts(user)
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    _prune(folder)
    token = secrets.token_hex(16)
    _write(folder / f"{token}.json", {
        "user": user.pk, "project": project.pk, "source": sheet.source,
        "content_hash": content_hash, "sheet": sheet.to_data(),
        "mapping": {str(k): v for k, v in mapping.items()},
    })  # fmt: skip
    return token


def load_ledger(user: User, project: Project, token: object) -> LedgerDraft | None:
    """This user's kept preview of this project's ledger; None when it is gone, expired, another
    user's or project's, or not a token at all."""
    from jixiao.monitoring.ledger import Sheet

    path = _draft_path(user, token)
    if path is None or not path.is_file():
        return None
    age = timezone.now().timestamp() - path.stat().st_mtime
    if age > DRAFT_HOURS * 3600:
        path.unlink(missing_ok=True)
        return None
    try:
        data = json.loads(path.read_text("utf-8"))
        if data["user"] != user.pk or data["project"] != project.pk:
            return None
        return LedgerDraft(
            token=str(token), project_id=project.pk, source=str(data["source"]),
            content_hash=str(data["content_hash"]), sheet=Sheet.from_data(data["sheet"]),
            mapping={int(k): str(v) for k, v in data["mapping"].items()},
        )  # fmt: skip
    except (OSError, ValueError, KeyError, TypeError):  # damaged, or kept by an older version
        return None


def remap_ledger(user: User, draft: LedgerDraft, mapping: dict[int, str]) -> None:
    """The user's corrected column mapping kept with the preview."""
    path = _draft_path(user, draft.token)
    if path is None or not path.is_file():
        return
    data = json.loads(path.read_text("utf-8"))
    data["mapping"] = {str(k): v for k, v in mapping.items()}
    _write(path, data)
    draft.mapping = mapping


def drop_ledger(user: User, token: object) -> None:
    path = _draft_path(user, token)
    if path is not None:
        path.unlink(missing_ok=True)


def _draft_path(user: User, token: object) -> Path | None:
    if not user.is_authenticated or not isinstance(token, str) or not _TOKEN.match(token):
        return None
    return _drafts(user) / f"{token}.json"


def _prune(folder: Path) -> None:
    cutoff = (timezone.now() - timedelta(hours=DRAFT_HOURS)).timestamp()
    kept = sorted(folder.glob("*.json"), key=lambda p: p.stat().st_mtime, reverse=True)
    for number, path in enumerate(kept):
        if number >= DRAFTS_KEPT - 1 or path.stat().st_mtime < cutoff:
            path.unlink(missing_ok=True)


def _write(path: Path, data: dict[str, Any]) -> None:
    """Written whole or not at all (a reader never sees half a file)."""
    handle, name = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            json.dump(data, out, ensure_ascii=False)
        os.replace(name, path)
    except BaseException:
        Path(name).unlink(missing_ok=True)
        raise

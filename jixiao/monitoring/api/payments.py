"""支出管理 in the API: a project's payments with its spending status per checkpoint, a payment
recorded, a payment voided. Access as on the pages: 404 outside the user's reach, 403 for a role
that may not record, 409 when the table's state (not yet approved) or the payment's (voided
already) does not allow it, 400 for a value that cannot be stored (in Chinese, naming the field).

The routes sit under /monitoring/: the targets' `/projects/{id}/{action}` would take a POST to
`/projects/{id}/payments`.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest
from ninja import Field, Router, Schema, Status

from jixiao.evaluate.spending import CheckpointStatus
from jixiao.monitoring import ledger, payments
from jixiao.monitoring.models import FundSource, Payment
from jixiao.org.people import display_name
from jixiao.targets import workflow
from jixiao.targets.models import Project

router = Router(tags=["运行监控"])


class Problem(Schema):
    detail: str


class PaymentOut(Schema):
    id: int
    paid_on: date
    amount: str = Field(description='金额（元），两位小数的字符串，如 "12345.60"')
    source: str = Field(description="fiscal 财政资金 / other 其他资金")
    source_label: str
    voucher: str
    payee: str
    note: str
    recorded_by: str
    recorded_at: datetime
    imported: bool = Field(description="是否由支付台账导入")
    voided: bool
    voided_at: datetime | None
    voided_by: str | None
    void_reason: str


class CheckpointOut(Schema):
    by: str = Field(description="计划时点（表中的写法，如“3月底”）")
    due: date | None = Field(description="计划时点对应的日期；无法识别时为空")
    planned_percent: str | None = Field(description="计划支出比例（%）")
    actual_percent: str | None = Field(description="截至该时点的实际执行率（%）")
    elapsed_percent: str = Field(description="该时点的序时进度（%）")
    gap: str | None = Field(description="差距 = 计划 − 实际（百分点，正数表示落后）")
    spent: str = Field(description="截至该时点的累计支出（元）")
    status: str = Field(description="正常、黄、红或未到期")
    words: str = Field(description="算式")


class BandsOut(Schema):
    normal_below: str
    yellow_below: str
    basis: str = Field(description="依据：政策规定、通行做法或默认设置")
    source: str
    words: str


class SpendingOut(Schema):
    project_id: int
    as_of: date
    status: str
    budget: str = Field(description="预算数（元）")
    spent: str = Field(description="累计支出（元）")
    rate: str | None = Field(description="预算执行率（%）；未填预算数时为空")
    elapsed_percent: str
    by_source: dict[str, str]
    checkpoints: list[CheckpointOut]
    bands: BandsOut
    may_record: bool = Field(description="当前用户能否录入（本单位的单位填报人且表已批复）")
    payments: list[PaymentOut]


class PaymentIn(Schema):
    paid_on: str = Field(description='支付日期，如 "2024-03-05"')
    amount: Decimal | str = Field(description='金额（元），建议用字符串，如 "12345.60"')
    source: str = Field(FundSource.FISCAL, description="fiscal 财政资金 / other 其他资金")
    voucher: str = ""
    payee: str = ""
    note: str = ""


class VoidIn(Schema):
    reason: str = Field("", description="作废原因（必填）")


def _visible(request: HttpRequest, project_id: int) -> Project:
    found = (
        workflow.visible_projects(request.user)
        .select_related("unit__parent__parent")
        .filter(pk=project_id)
        .first()
    )
    if found is None:
        raise Http404("没有这个项目，或您无权查看")
    return found


def _payment(payment: Payment) -> dict[str, Any]:
    return {
        "id": payment.pk, "paid_on": payment.paid_on, "amount": format(payment.amount, "f"),
        "source": payment.source, "source_label": payment.get_source_display(),
        "voucher": payment.voucher, "payee": payment.payee, "note": payment.note,
        "recorded_by": display_name(payment.recorded_by), "recorded_at": payment.recorded_at,
        "imported": payment.batch_id is not None, "voided": payment.voided_at is not None,
        "voided_at": payment.voided_at,
        "voided_by": display_name(payment.voided_by) if payment.voided_by_id else None,
        "void_reason": payment.void_reason,
    }  # fmt: skip


def _text(number: Decimal | None) -> str | None:
    return None if number is None else format(number, "f")


def _checkpoint(c: CheckpointStatus) -> dict[str, Any]:
    return {
        "by": c.by, "due": c.due, "planned_percent": _text(c.planned_percent),
        "actual_percent": _text(c.actual_percent),
        "elapsed_percent": format(c.elapsed_percent, "f"),
        "gap": _text(c.gap), "spent": format(c.spent, "f"), "status": c.status, "words": c.words,
    }  # fmt: skip


@router.get(
    "/monitoring/projects/{project_id}/payments",
    response={200: SpendingOut, 400: Problem},
    summary="项目的支付记录及各计划时点的支出进度（as_of：截至日期，默认今天）",
)
def list_payments(request: HttpRequest, project_id: int, as_of: str = "") -> Any:
    project = _visible(request, project_id)
    year = project.document.fiscal_year.year
    day, problem = payments.as_of_date(as_of, year)
    if problem is not None:
        return Status(
            400, {"detail": f"截至日期（as_of）“{as_of[:20]}”无法识别，应为 2024-06-30 的形式"}
        )
    rows = list(payments.payments_of(project).order_by("paid_on", "pk"))
    lines = [
        payments.PaymentLine(p.paid_on, p.amount, p.source) for p in rows if p.voided_at is None
    ]
    report = payments.spending_report(project, day, lines=lines)
    bands = payments.monitoring_rules().spending
    return {
        "project_id": project.pk, "as_of": day, "status": report.status,
        "budget": format(report.budget, "f"), "spent": format(report.spent, "f"),
        "rate": _text(report.rate), "elapsed_percent": format(report.elapsed_percent, "f"),
        "by_source": {k: format(v, "f") for k, v in sorted(report.by_source.items())},
        "checkpoints": [_checkpoint(c) for c in report.checkpoints],
        "bands": {
            "normal_below": format(bands.normal_below, "f"),
            "yellow_below": format(bands.yellow_below, "f"), "basis": bands.basis_label,
            "source": bands.source, "words": payments.bands_words(bands),
        },
        "may_record": payments.may_record(request.user, project)
        and payments.not_approved(project) is None,
        "payments": [_payment(p) for p in rows],
    }  # fmt: skip


@router.post(
    "/monitoring/projects/{project_id}/payments",
    response={201: PaymentOut, 400: Problem, 403: Problem, 409: Problem},
    summary="录入一笔支付（本单位的单位填报人；绩效目标表已批复）",
)
def add_payment(request: HttpRequest, project_id: int, body: PaymentIn) -> Any:
    project = _visible(request, project_id)
    if not payments.may_record(request.user, project):
        return Status(403, {"detail": payments.FILLER_ONLY})
    if (state := payments.not_approved(project)) is not None:
        return Status(409, {"detail": state})
    try:
        paid_on = ledger.parse_date(ledger.Cell("s", body.paid_on))
    except ValueError as error:
        return Status(400, {"detail": f"支付日期（paid_on）：{error}"})
    amount = body.amount
    try:
        amount = ledger.parse_amount(ledger.Cell("s", str(amount)))
    except ValueError as error:
        return Status(400, {"detail": f"金额（amount）：{error}"})
    if body.source not in FundSource.values:
        return Status(
            400, {"detail": "资金来源（source）应为 fiscal（财政资金）或 other（其他资金）"}
        )
    try:
        payment = payments.record_payment(
            project, request.user, paid_on=paid_on, amount=amount, source=body.source,
            voucher=body.voucher, payee=body.payee, note=body.note,
        )  # fmt: skip
    except PermissionDenied as denied:
        return Status(403, {"detail": str(denied) or payments.FILLER_ONLY})
    except workflow.WorkflowError as error:
        return Status(409, {"detail": str(error)})
    except ValidationError as refused:
        return Status(400, {"detail": "；".join(refused.messages)})
    payment.recorded_by = request.user
    return Status(201, _payment(payment))


@router.post(
    "/monitoring/payments/{payment_id}/void",
    response={200: PaymentOut, 400: Problem, 403: Problem, 409: Problem},
    summary="作废一笔支付（须填原因；本单位的单位填报人）",
)
def void_payment(request: HttpRequest, payment_id: int, body: VoidIn) -> Any:
    payment = (
        Payment.objects.filter(pk=payment_id, project__in=workflow.visible_projects(request.user))
        .select_related("project__unit", "project__document__fiscal_year", "recorded_by")
        .first()
    )
    if payment is None:
        raise Http404("没有这条支付记录，或您无权查看")
    try:
        voided = payments.void_payment(payment, request.user, body.reason)
    except PermissionDenied as denied:
        return Status(403, {"detail": str(denied) or payments.FILLER_ONLY})
    except workflow.WorkflowError as error:
        return Status(409, {"detail": str(error)})
    except ValidationError as refused:
        return Status(400, {"detail": "；".join(refused.messages)})
    voided.recorded_by, voided.voided_by = payment.recorded_by, request.user
    return Status(200, _payment(voided))

"""支出管理 pages: a project's payments with its spending status per checkpoint, a payment
entered or voided, and a payment ledger imported (upload → preview with the column mapping,
every problem by row and column, duplicates → confirm: all rows or none).

The first line of every view loads the project through the user's reach (404 outside it);
recording, voiding and importing are the unit's 单位填报人's (403 for others); a table not yet
approved is told so in words.
"""

from __future__ import annotations

import hashlib
from datetime import date
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from jixiao.evaluate.spending import SpendingReport
from jixiao.monitoring import ledger, payments
from jixiao.monitoring.models import FundSource, Payment, PaymentImport
from jixiao.targets import workflow
from jixiao.targets.models import Project

GONE = "预览已失效（超过 24 小时、已确认或已放弃），请重新上传台账。"


def project_for(request: HttpRequest, pk: int) -> Project:
    found = (
        workflow.visible_projects(request.user)
        .select_related("unit__parent__parent", "document__department")
        .filter(pk=pk)
        .first()
    )
    if found is None:
        raise Http404("没有这个项目，或您无权查看")
    return found


def _filler_of(request: HttpRequest, project: Project) -> None:
    if not payments.may_record(request.user, project):
        raise PermissionDenied(payments.FILLER_ONLY)


@login_required
@require_GET
def payment_list(request: HttpRequest, pk: int) -> HttpResponse:
    project = project_for(request, pk)
    year = project.document.fiscal_year.year
    as_of, as_of_problem = payments.as_of_date(request.GET.get("as_of"), year)
    return render(
        request, "monitoring/payments.html",
        _list_context(request, project, as_of, as_of_problem=as_of_problem),
    )  # fmt: skip


def _list_context(
    request: HttpRequest, project: Project, as_of: date, **extra: Any
) -> dict[str, Any]:
    rows = list(payments.payments_of(project).order_by("paid_on", "pk"))
    lines = [
        payments.PaymentLine(p.paid_on, p.amount, p.source) for p in rows if p.voided_at is None
    ]
    report = payments.spending_report(project, as_of, lines=lines)
    may_record = payments.may_record(request.user, project)
    return {
        "project": project,
        "year": project.document.fiscal_year.year,
        "payments": rows,
        "voided": sum(1 for p in rows if p.voided_at is not None),
        "live_total": sum((p.amount for p in rows if p.voided_at is None), start=Decimal("0.00")),
        "report": report,
        "by_source": _by_source(report),
        "bands_words": payments.bands_words(payments.monitoring_rules().spending),
        "as_of": as_of,
        "imports": list(
            PaymentImport.objects.filter(project=project).select_related("imported_by")[:20]
        ),
        "may_record": may_record,
        "not_approved": payments.not_approved(project),
        "sources": FundSource.choices,
        "form": {},
        "form_errors": [],
        **extra,
    }


def _by_source(report: SpendingReport) -> list[tuple[str, Any]]:
    labels = dict(FundSource.choices)
    return [(labels.get(k, k), v) for k, v in sorted(report.by_source.items())]


@login_required
@require_POST
def add_payment(request: HttpRequest, pk: int) -> HttpResponse:
    project = project_for(request, pk)
    _filler_of(request, project)
    if (problem := payments.not_approved(project)) is not None:
        messages.error(request, problem)
        return redirect("monitoring_payments", pk=project.pk)
    posted = {k: request.POST.get(k, "").strip() for k in FORM_FIELDS}
    errors: list[str] = []
    paid_on = amount = None
    try:
        paid_on = ledger.parse_date(ledger.Cell("s", posted["paid_on"]))
    except ValueError as error:
        errors.append(f"支付日期：{error}")
    try:
        amount = ledger.parse_amount(ledger.Cell("s", posted["amount"]))
    except ValueError as error:
        errors.append(f"金额：{error}")
    if posted["source"] not in FundSource.values:
        errors.append("资金来源：请选择财政资金或其他资金")
    if not errors and paid_on is not None and amount is not None:
        try:
            payment = payments.record_payment(
                project, request.user, paid_on=paid_on, amount=amount, source=posted["source"],
                voucher=posted["voucher"], payee=posted["payee"], note=posted["note"],
            )  # fmt: skip
        except ValidationError as refused:
            errors += refused.messages
        except workflow.WorkflowError as error:
            messages.error(request, str(error))
            return redirect("monitoring_payments", pk=project.pk)
        else:
            messages.success(
                request, f"已录入 {payment.paid_on:%Y-%m-%d} 支付的 {payment.amount:,} 元。"
            )
            return redirect("monitoring_payments", pk=project.pk)
    as_of, _ = payments.as_of_date(None, project.document.fiscal_year.year)
    context = _list_context(request, project, as_of, form=posted, form_errors=errors)
    return render(request, "monitoring/payments.html", context)


FORM_FIELDS = ("paid_on", "amount", "source", "voucher", "payee", "note")


@login_required
@require_POST
def void_payment(request: HttpRequest, pk: int) -> HttpResponse:
    payment = (
        Payment.objects.filter(pk=pk, project__in=workflow.visible_projects(request.user))
        .select_related("project__unit", "project__document__fiscal_year")
        .first()
    )
    if payment is None:
        raise Http404("没有这条支付记录，或您无权查看")
    project = payment.project
    _filler_of(request, project)
    try:
        payments.void_payment(payment, request.user, request.POST.get("reason", ""))
    except ValidationError as refused:
        messages.error(request, "；".join(refused.messages))
    except workflow.WorkflowError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            f"已作废 {payment.paid_on:%Y-%m-%d} 支付的 {payment.amount:,} 元"
            f"（{_voucher(payment)}）。",
        )
    return redirect("monitoring_payments", pk=project.pk)


def _voucher(payment: Payment) -> str:
    return f"凭证号 {payment.voucher}" if payment.voucher else "无凭证号"


# -- importing a ledger ------------------------------------------------------------------------


@login_required
def import_ledger(request: HttpRequest, pk: int) -> HttpResponse:
    """The upload form; a posted file read and kept as a preview (nothing stored yet)."""
    project = project_for(request, pk)
    _filler_of(request, project)
    context: dict[str, Any] = {
        "project": project,
        "max_mb": settings.DATA_UPLOAD_MAX_MEMORY_SIZE // (1024 * 1024),
        "not_approved": payments.not_approved(project),
        "fields": ledger.FIELDS,
    }
    if request.method != "POST":
        return render(request, "monitoring/payment_import.html", context)
    if context["not_approved"]:
        return render(request, "monitoring/payment_import.html", context)
    upload = request.FILES.get("file")
    try:
        data, name = _upload(upload)
        sheet = ledger.read_ledger(data, name)
    except ledger.LedgerError as refused:
        context["error"] = str(refused)
        return render(request, "monitoring/payment_import.html", context)
    token = payments.keep_ledger(
        request.user, project, sheet, ledger.guess_mapping(sheet),
        hashlib.sha256(data).hexdigest(),
    )  # fmt: skip
    return redirect(
        f"{reverse('monitoring_payment_import_preview', args=[project.pk])}?draft={token}"
    )


def _upload(upload: Any) -> tuple[bytes, str]:
    if upload is None:
        raise ledger.LedgerError("请选择要导入的支付台账文件（.xlsx 或 .csv）。")
    name = (upload.name or "支付台账").replace("\\", "/").rsplit("/", 1)[-1][:200]
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    if upload.size > limit:
        raise ledger.LedgerError(
            f"文件「{name}」有 {upload.size / 1048576:.1f} MB，超过 {limit // 1048576} MB 的上限；"
            "请只保留本项目的支付记录，或分批导入。"
        )
    return upload.read(limit + 1), name


@login_required
def import_preview(request: HttpRequest, pk: int) -> HttpResponse:
    """The kept ledger as it will be stored, under the column mapping (which the user may
    correct); confirming stores all its rows or none."""
    project = project_for(request, pk)
    _filler_of(request, project)
    token = request.POST.get("draft") if request.method == "POST" else request.GET.get("draft")
    draft = payments.load_ledger(request.user, project, token)
    back = reverse("monitoring_payment_import", args=[project.pk])
    if draft is None:
        messages.error(request, GONE)
        return redirect(back)
    here = f"{reverse('monitoring_payment_import_preview', args=[project.pk])}?draft={draft.token}"
    action = request.POST.get("action", "") if request.method == "POST" else ""
    if action == "cancel":
        payments.drop_ledger(request.user, draft.token)
        messages.info(request, "已放弃这份台账，未录入任何记录。")
        return redirect(back)
    if action == "map":
        payments.remap_ledger(request.user, draft, ledger.mapping_from(request.POST, draft.sheet))
        return redirect(here)
    year = project.document.fiscal_year.year
    reading = ledger.read_rows(draft.sheet, draft.mapping, year, payments.live_vouchers(project))
    earlier = payments.imported_before(project, draft.content_hash)
    blocked = payments.not_approved(project)
    errors: list[str] = []
    if action == "confirm" and reading.ok and earlier is None and blocked is None:
        try:
            batch = payments.import_ledger(
                project, request.user, reading.rows, source=draft.source,
                content_hash=draft.content_hash,
            )  # fmt: skip
        except ValidationError as refused:
            errors = refused.messages
        except workflow.WorkflowError as error:
            blocked = str(error)
        else:
            payments.drop_ledger(request.user, draft.token)
            messages.success(
                request, f"已从「{batch.source}」导入 {batch.rows} 笔支付记录，"
                f"合计 {sum(r.amount for r in reading.rows):,} 元。",
            )  # fmt: skip
            return redirect("monitoring_payments", pk=project.pk)
    elif action == "confirm":
        errors = ["台账仍有问题（见下），未录入任何记录；请改正文件后重新上传，或调整列对应。"]
    columns = [
        {
            "index": index,
            "letter": ledger.column_letter(index),
            "label": label,
            "field": draft.mapping.get(index, ""),
            "known": ledger.label_field(label) is not None,
            "sample": _sample(draft.sheet, index),
        }
        for index, label in enumerate(draft.sheet.labels)
    ]
    return render(
        request,
        "monitoring/payment_import_preview.html",
        {
            "project": project,
            "draft": draft,
            "sheet": draft.sheet,
            "reading": reading,
            "columns": columns,
            "lines": [_preview_line(line) for line in reading.lines[:PREVIEW_LINES]],
            "raw": draft.sheet.rows[:10],
            "unknown": [c for c in columns if not c["field"]],
            "fields": ledger.FIELDS,
            "total": sum(r.amount for r in reading.rows),
            "earlier": earlier,
            "blocked": blocked,
            "errors": errors,
            "may_confirm": reading.ok and earlier is None and blocked is None,
        },
    )


PREVIEW_LINES = 500
"""Rows the preview shows (all are stored on the confirm)."""
PREVIEW_FIELDS = ("paid_on", "amount", "source", "voucher", "payee", "note")


def _preview_line(line: ledger.Line) -> dict[str, Any]:
    problems = {**line.problems, "amount": line.problems.get("amount", [])}
    problems["amount"] = [*problems["amount"], *line.problems.get("amount_wan", [])]
    return {
        "row": line.row,
        "skipped": line.skipped,
        "cells": [
            {"value": line.values.get(key, ""), "problems": problems.get(key, []),
             "num": key == "amount"}
            for key in PREVIEW_FIELDS
        ],
    }  # fmt: skip


def _sample(sheet: ledger.Sheet, index: int) -> str:
    """The column's first few values, to tell what it holds."""
    values = [cells[index].text.strip() for _, cells in sheet.rows[:8] if cells[index].text.strip()]
    return "、".join(v[:20] for v in values[:3])

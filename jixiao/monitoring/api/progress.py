"""API of 双监控: a report's indicator progress (read, one row written) and its evidence files
(uploaded, downloaded, removed), with the pages' access rules.

Outside the user's reach: 404. A role that may not write: 403. A report no longer 草稿 or 已退回:
409. A bad value or file: 400, saying which row and field or which file.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest
from django.urls import reverse
from ninja import Field, File, Router, Schema, Status
from ninja.files import UploadedFile

from jixiao.monitoring import evidence as files
from jixiao.monitoring.models import Evidence, MonitoringReport
from jixiao.monitoring.progress import (
    FILLER_ONLY,
    Completion,
    Row,
    results_against_money,
    rows_of,
    save_progress,
)
from jixiao.org.people import display_name
from jixiao.targets.workflow import WorkflowError, visible_projects

router = Router(tags=["运行监控"])


class Problem(Schema):
    detail: str


class EvidenceOut(Schema):
    id: int
    name: str = Field(description="上传时的文件名")
    size: int = Field(description="大小（字节）")
    content_type: str = Field(description="按文件内容识别的类型")
    sha256: str
    uploaded_by: str
    uploaded_at: datetime
    download: str = Field(description="下载地址")


class ProgressOut(Schema):
    index: int = Field(description="指标在目标表中的位置（从 0 起）")
    level1: str | None
    level2: str | None
    name: str
    target: str = Field(description="年度指标值（原文）")
    reached: str = Field(description="截至目前完成值")
    expected: str = Field(description="全年预计完成值")
    likelihood: str = Field(description="完成目标可能性：确定能、有可能、不可能，空为未选")
    cause_kind: str = Field(
        description="偏差原因：经费保障、制度保障、人员保障、硬件条件保障、其他"
    )
    cause: str = Field(description="偏差原因说明")
    remedy: str = Field(description="纠偏措施")
    completion: str | None = Field(description="完成比例（%），截至目前完成值 ÷ 年度指标值")
    completion_note: str = Field(description="完成比例的算式，或不能计算的原因")
    money_ahead: str = Field(description="资金支出快于指标完成时的提示，否则为空")
    updated_by: str | None
    updated_at: datetime | None
    evidence: list[EvidenceOut]


class ProgressIn(Schema):
    """The columns to change (those left out, or null, stay as they are; "" clears one)."""

    reached: str | None = Field(None, description="截至目前完成值（不超过 200 字）")
    expected: str | None = Field(None, description="全年预计完成值（不超过 200 字）")
    likelihood: str | None = Field(None, description="确定能、有可能、不可能，或空")
    cause_kind: str | None = Field(
        None, description="经费保障、制度保障、人员保障、硬件条件保障、其他，或空"
    )
    cause: str | None = Field(None, description="偏差原因说明（不超过 2000 字）")
    remedy: str | None = Field(None, description="纠偏措施（不超过 2000 字）")


def _report(request: HttpRequest, report_id: int) -> MonitoringReport | None:
    return (
        MonitoringReport.objects.filter(project__in=visible_projects(request.user))
        .select_related("project__unit__parent__parent", "project__document__fiscal_year", "round")
        .filter(pk=report_id)
        .first()
    )


NOT_FOUND = {"detail": "没有这个监控表，或您无权查看"}


def _evidence(item: Evidence) -> dict[str, Any]:
    return {
        "id": item.pk, "name": item.name, "size": item.size, "content_type": item.content_type,
        "sha256": item.sha256, "uploaded_by": display_name(item.uploaded_by),
        "uploaded_at": item.uploaded_at,
        "download": reverse("api:monitoring_evidence_download", args=[item.pk]),
    }  # fmt: skip


def _row(row: Row, found: Completion | None) -> dict[str, Any]:
    indicator, progress = row.indicator, row.progress
    return {
        "index": row.index,
        "level1": indicator.level1 if indicator else None,
        "level2": indicator.level2 if indicator else None,
        "name": row.name,
        "target": indicator.target.raw if indicator else "",
        **{key: row.value(key) for key in ProgressIn.model_fields},
        "completion": str(found.percent) if found and found.percent is not None else None,
        "completion_note": found.words if found else "该指标已不在目标表中",
        "money_ahead": found.warning if found else "",
        "updated_by": display_name(progress.updated_by)
        if progress and progress.updated_by
        else None,
        "updated_at": progress.updated_at if progress else None,
        "evidence": [_evidence(item) for item in row.evidence],
    }


def _rows(report: MonitoringReport) -> list[dict[str, Any]]:
    rows = rows_of(report)
    completions = {c.index: c for c in results_against_money(report, rows).completions}
    return [_row(row, completions.get(row.index)) for row in rows]


@router.get(
    "/monitoring/reports/{report_id}/progress",
    response={200: list[ProgressOut], 404: Problem},
    summary="监控表的指标完成情况（逐项指标，含完成比例与佐证材料）",
)
def list_progress(request: HttpRequest, report_id: int) -> Any:
    report = _report(request, report_id)
    if report is None:
        return Status(404, NOT_FOUND)
    return Status(200, _rows(report))


@router.put(
    "/monitoring/reports/{report_id}/progress/{index}",
    response={200: ProgressOut, 400: Problem, 403: Problem, 404: Problem, 409: Problem},
    summary="填写一项指标的完成情况（本单位填报人，监控表为草稿或已退回时）；未给出的栏目不变",
)
def update_progress(request: HttpRequest, report_id: int, index: int, body: ProgressIn) -> Any:
    report = _report(request, report_id)
    if report is None:
        return Status(404, NOT_FOUND)
    if not 0 <= index < len(report.project.to_core().indicators):
        return Status(404, {"detail": f"没有第 {index + 1} 行指标"})
    try:
        save_progress(report, request.user, {index: body.dict(exclude_none=True)})
    except PermissionDenied:
        return Status(403, {"detail": FILLER_ONLY})
    except WorkflowError as refused:
        return Status(409, {"detail": str(refused)})
    except ValidationError as error:
        return Status(400, {"detail": "；".join(error.messages)})
    return Status(200, _rows(report)[index])


@router.post(
    "/monitoring/reports/{report_id}/progress/{index}/evidence",
    response={201: EvidenceOut, 400: Problem, 403: Problem, 404: Problem, 409: Problem},
    summary="上传一项指标的佐证材料（PDF、JPG/PNG、Word、Excel、OFD，按内容识别；大小有上限）",
)
def upload_evidence(
    request: HttpRequest, report_id: int, index: int, file: File[UploadedFile]
) -> Any:
    report = _report(request, report_id)
    if report is None:
        return Status(404, NOT_FOUND)
    try:
        stored = files.store_evidence(report, index, request.user, file)
    except PermissionDenied:
        return Status(403, {"detail": FILLER_ONLY})
    except WorkflowError as refused:
        return Status(409, {"detail": str(refused)})
    except ValidationError as error:
        return Status(400, {"detail": "；".join(error.messages)})
    return Status(201, _evidence(stored))


@router.get(
    "/monitoring/evidence/{evidence_id}",
    response={200: None, 404: Problem},
    url_name="monitoring_evidence_download",
    summary="下载佐证材料（能查看该项目的用户）",
)
def download_evidence(request: HttpRequest, evidence_id: int) -> Any:
    try:
        return files.download(files.evidence_for(request.user, evidence_id))
    except Http404 as missing:
        return Status(404, {"detail": str(missing)})


@router.delete(
    "/monitoring/evidence/{evidence_id}",
    response={200: EvidenceOut, 400: Problem, 403: Problem, 404: Problem, 409: Problem},
    summary="移除佐证材料（本单位填报人，监控表为草稿或已退回时；保留记录）",
)
def remove_evidence(request: HttpRequest, evidence_id: int, reason: str = "") -> Any:
    try:
        found = files.evidence_for(request.user, evidence_id)
    except Http404 as missing:
        return Status(404, {"detail": str(missing)})
    try:
        removed = files.remove_evidence(found, request.user, reason)
    except PermissionDenied:
        return Status(403, {"detail": FILLER_ONLY})
    except WorkflowError as refused:
        return Status(409, {"detail": str(refused)})
    except ValidationError as error:
        return Status(400, {"detail": "；".join(error.messages)})
    return Status(200, _evidence(removed))

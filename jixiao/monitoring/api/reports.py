"""The API of monitoring rounds, 绩效运行监控表 and department summaries: the same reach and the
same state changes as the pages (outside the user's reach 404, a role that may not act 403, a
state that does not allow it 409)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest
from django.utils import timezone
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from jixiao.monitoring import reports, rounds
from jixiao.monitoring.models import DepartmentMonitoring, MonitoringReport, MonitoringRound
from jixiao.monitoring.payments import spending_report
from jixiao.targets.api import Page
from jixiao.targets.workflow import WorkflowError

router = Router(tags=["运行监控"])


class Problem(Schema):
    detail: str


class Comment(Schema):
    comment: str = Field("", description="审核意见；退回时必填")


class RoundRow(Schema):
    id: int
    title: str
    year: int
    period: str = Field(description="监控期间，如“1-6月”")
    as_of: date = Field(description="截至日期")
    due: date = Field(description="报送截止日期")
    issuer: str
    closed: bool
    closed_at: datetime | None
    reports: int = Field(description="我能查看的监控表张数")
    by_status: dict[str, int] = Field(description="我能查看的监控表按状态计数（状态名称：张数）")


class ReportRow(Schema):
    id: int
    round_id: int
    project_id: int
    project_code: str
    project_name: str
    unit_code: str
    unit_name: str
    status: str
    status_label: str
    overdue: bool = Field(description="已过报送截止日期仍未提交")
    submitted_at: datetime | None


class SummaryRow(Schema):
    id: int
    round_id: int
    document_id: int
    department_code: str
    department_name: str
    status: str
    status_label: str
    submitted_at: datetime | None


class OrganisationOut(Schema):
    id: int
    code: str
    name: str


class RoundDetail(RoundRow):
    organisations: list[OrganisationOut]
    reports_list: list[ReportRow] = Field(description="本轮中我能查看的监控表")
    summaries: list[SummaryRow] = Field(description="本轮中我能查看的部门监控汇总")


class ReturnOut(Schema):
    at: datetime
    actor: str
    reason: str


class ReportDetail(ReportRow):
    period: str
    as_of: date
    due: date
    expected_executed: str | None = Field(description="全年预计执行数（元）")
    goal_progress: str
    cause_kind: str
    cause: str
    remedy: str
    spending: dict[str, Any] = Field(description="截至本轮截至日期的支出情况（现时计算）")
    submitted: dict[str, Any] | None = Field(description="提交时保存的监控表")
    returns: list[ReturnOut]


class SummaryDetail(SummaryRow):
    summary: str
    problems: str
    remedy: str
    rollup: dict[str, Any] = Field(description="各项目监控表的汇总（已报送的为报送时的汇总）")
    as_submitted: bool
    returns: list[ReturnOut]


def _round_row(found: MonitoringRound, counts: rounds.RoundCounts) -> dict[str, Any]:
    return {
        "id": found.pk,
        "title": found.title,
        "year": found.fiscal_year.year,
        "period": found.period,
        "as_of": found.as_of,
        "due": found.due,
        "issuer": found.issuer.name,
        "closed": found.closed_at is not None,
        "closed_at": found.closed_at,
        "reports": counts.total,
        "by_status": {label: n for _, label, n in counts.label_counts()},
    }


def _report_row(report: MonitoringReport, today: date) -> dict[str, Any]:
    project = report.project
    return {
        "id": report.pk,
        "round_id": report.round_id,
        "project_id": project.pk,
        "project_code": project.code,
        "project_name": project.name,
        "unit_code": project.unit.code,
        "unit_name": project.unit.name,
        "status": report.status,
        "status_label": report.get_status_display(),
        "overdue": reports.is_overdue(report, today),
        "submitted_at": report.submitted_at,
    }


def _summary_row(summary: DepartmentMonitoring) -> dict[str, Any]:
    department = summary.document.department
    return {
        "id": summary.pk,
        "round_id": summary.round_id,
        "document_id": summary.document_id,
        "department_code": department.code,
        "department_name": department.name,
        "status": summary.status,
        "status_label": summary.get_status_display(),
        "submitted_at": summary.submitted_at,
    }


def _returns(log: list[Any]) -> list[dict[str, Any]]:
    return [{"at": x.at, "actor": x.actor, "reason": x.reason} for x in reports.returns_in(log)]


class _RoundRows:
    """The user's rounds, sliced in the database, each page's counts in one query."""

    def __init__(self, request: HttpRequest) -> None:
        self.user = request.user
        self.queryset = (
            rounds.visible_rounds(self.user)
            .select_related("issuer", "fiscal_year")
            .order_by("-as_of", "-pk")
        )

    def all(self) -> _RoundRows:
        return self

    def count(self) -> int:
        return int(self.queryset.count())

    def __getitem__(self, window: slice) -> list[dict[str, Any]]:
        page = list(self.queryset[window])
        counts = rounds.counts_of(self.user, page)
        return [_round_row(r, counts[r.pk]) for r in page]


@router.get(
    "/monitoring/rounds",
    response=list[RoundRow],
    summary="我参加或组织的监控轮次（分页：limit、offset）",
)
@paginate(Page)
def list_rounds(request: HttpRequest) -> Any:
    return _RoundRows(request)


@router.get(
    "/monitoring/rounds/{round_id}",
    response=RoundDetail,
    summary="监控轮次及其中我能查看的监控表和部门监控汇总",
)
def round_detail(request: HttpRequest, round_id: int) -> dict[str, Any]:
    found = (
        rounds.visible_rounds(request.user)
        .select_related("issuer", "fiscal_year")
        .filter(pk=round_id)
        .first()
    )
    if found is None:
        raise Http404("没有这个监控轮次，或您无权查看")
    today = timezone.localdate()
    listed = (
        reports.visible_reports(request.user)
        .filter(round=found)
        .defer("project__data", "project__document__data")
        .order_by("project__document_id", "project__position")
    )
    rows = []
    for report in listed:
        report.round = found
        rows.append(_report_row(report, today))
    summaries = reports.visible_summaries(request.user).filter(round=found)
    return {
        **_round_row(found, rounds.counts_of(request.user, [found])[found.pk]),
        "organisations": [
            {"id": o.pk, "code": o.code, "name": o.name}
            for o in found.organisations.order_by("path")
        ],
        "reports_list": rows,
        "summaries": [_summary_row(s) for s in summaries.order_by("document__department__code")],
    }


class RoundIn(Schema):
    title: str = Field(description="名称，如“2024年1-6月绩效运行监控”")
    period: str = Field(description="监控期间，按本地做法，如“1-6月”“1-8月”")
    as_of: str = Field(description="截至日期，如 2024-06-30")
    due: str = Field(description="报送截止日期，如 2024-07-15")
    organisations: list[int] = Field(description="参加的主管部门或预算单位（含其下各单位）")
    projects: list[str] = Field(
        default_factory=list, description="指定项目编码；不填则为全部已批复项目"
    )
    bureau: int | None = Field(None, description="组织部门（用户属于几个财政部门时指定）")


class Problems(Schema):
    detail: str
    problems: list[str]


@router.post(
    "/monitoring/rounds",
    response={201: RoundDetail, 400: Problems, 403: Problem},
    summary="发起监控（财政部门的财政审核人或系统管理员）：为所选单位每个已批复项目生成监控表",
)
def issue_round(request: HttpRequest, body: RoundIn) -> Any:
    bureaus = rounds.issuing_bureaus(request.user)
    if not bureaus:
        return Status(403, {"detail": rounds.ISSUERS_ONLY})
    bureau = next((b for b in bureaus if b.pk == body.bureau), bureaus[0])
    fields = {
        "title": body.title, "period": body.period, "as_of": body.as_of, "due": body.due,
        "projects": "\n".join(body.projects),
    }  # fmt: skip
    try:
        created = rounds.issue_from_form(
            request.user, bureau, fields, [str(pk) for pk in body.organisations]
        )
    except ValidationError as refused:
        problems = list(refused.messages)
        return Status(400, {"detail": "；".join(problems), "problems": problems})
    return Status(201, round_detail(request, created.pk))


@router.post(
    "/monitoring/rounds/{round_id}/close",
    response={200: RoundDetail, 403: Problem, 404: Problem, 409: Problem},
    summary="结束监控轮次（组织部门）：此后各单位不能再提交或修改本轮监控表",
)
def close_round(request: HttpRequest, round_id: int, body: Comment) -> Any:
    found = rounds.visible_rounds(request.user).filter(pk=round_id).first()
    if found is None:
        raise Http404("没有这个监控轮次，或您无权查看")
    try:
        rounds.close_round(found, request.user, body.comment)
    except PermissionDenied as denied:
        return Status(403, {"detail": str(denied) or rounds.ISSUERS_ONLY})
    except WorkflowError as refused:
        return Status(409, {"detail": str(refused)})
    return round_detail(request, round_id)


def _report(request: HttpRequest, report_id: int) -> MonitoringReport:
    found = reports.visible_reports(request.user).filter(pk=report_id).first()
    if found is None:
        raise Http404("没有这张监控表，或您无权查看")
    return found


def _summary(request: HttpRequest, summary_id: int) -> DepartmentMonitoring:
    found = reports.visible_summaries(request.user).filter(pk=summary_id).first()
    if found is None:
        raise Http404("没有这份部门监控汇总，或您无权查看")
    return found


@router.get(
    "/monitoring/reports/{report_id}",
    response=ReportDetail,
    summary="绩效运行监控表：所填内容、截至本轮日期的支出情况、提交时保存的内容和退回意见",
)
def report_detail(request: HttpRequest, report_id: int) -> dict[str, Any]:
    report = _report(request, report_id)
    spending = spending_report(report.project, report.round.as_of)
    expected = report.expected_executed
    return {
        **_report_row(report, timezone.localdate()),
        "period": report.round.period,
        "as_of": report.round.as_of,
        "due": report.round.due,
        "expected_executed": format(expected, "f") if expected is not None else None,
        "goal_progress": report.goal_progress,
        "cause_kind": report.cause_kind,
        "cause": report.cause,
        "remedy": report.remedy,
        "spending": reports.spending_data(spending),
        "submitted": report.data,
        "returns": _returns(reports.log_of(report)),
    }


def _act(
    request: HttpRequest, report_id: int, action: str, body: Comment
) -> Status[dict[str, Any]]:
    report = _report(request, report_id)
    return _answer(
        lambda: reports.REPORT_ACTIONS[action](report, request.user, body.comment),
        lambda changed: _report_row(changed, timezone.localdate()),
        "您的角色不能对此监控表执行该操作",
    )


def _answer(
    change: Callable[[], Any], row: Callable[[Any], dict[str, Any]], denied: str
) -> Status[dict[str, Any]]:
    try:
        changed = change()
    except PermissionDenied as refused:
        return Status(403, {"detail": str(refused) or denied})
    except WorkflowError as refused:
        return Status(409, {"detail": str(refused)})
    return Status(200, row(changed))


ACTION_RESPONSES = {200: ReportRow, 403: Problem, 409: Problem}


@router.post(
    "/monitoring/reports/{report_id}/submit",
    response=ACTION_RESPONSES,
    summary="提交监控表（单位填报人；偏差原因、纠偏措施缺少时答 409 并列出）",
)
def submit_report(request: HttpRequest, report_id: int, body: Comment) -> Any:
    return _act(request, report_id, "submit", body)


@router.post(
    "/monitoring/reports/{report_id}/approve",
    response=ACTION_RESPONSES,
    summary="审核通过监控表（当前环节的审核人：单位审核人、主管部门审核人、财政审核人）",
)
def approve_report(request: HttpRequest, report_id: int, body: Comment) -> Any:
    return _act(request, report_id, "approve", body)


@router.post(
    "/monitoring/reports/{report_id}/return",
    response=ACTION_RESPONSES,
    summary="退回监控表（当前环节的审核人，须填退回意见）",
)
def return_report(request: HttpRequest, report_id: int, body: Comment) -> Any:
    return _act(request, report_id, "return", body)


@router.get(
    "/monitoring/summaries/{summary_id}",
    response=SummaryDetail,
    summary="部门监控汇总：所填内容及各项目监控表的汇总",
)
def summary_detail(request: HttpRequest, summary_id: int) -> dict[str, Any]:
    summary = _summary(request, summary_id)
    figures, as_submitted = reports.summary_figures(summary)
    return {
        **_summary_row(summary),
        "summary": summary.summary,
        "problems": summary.problems,
        "remedy": summary.remedy,
        "rollup": figures,
        "as_submitted": as_submitted,
        "returns": _returns(reports.log_of(summary)),
    }


def _summary_act(
    request: HttpRequest, summary_id: int, action: str, body: Comment
) -> Status[dict[str, Any]]:
    summary = _summary(request, summary_id)
    return _answer(
        lambda: reports.SUMMARY_ACTIONS[action](summary, request.user, body.comment),
        _summary_row,
        "您的角色不能对此部门监控汇总执行该操作",
    )


SUMMARY_RESPONSES = {200: SummaryRow, 403: Problem, 409: Problem}


@router.post(
    "/monitoring/summaries/{summary_id}/submit",
    response=SUMMARY_RESPONSES,
    summary="报送部门监控汇总至财政审核（主管部门审核人；须先填写总体情况）",
)
def submit_summary(request: HttpRequest, summary_id: int, body: Comment) -> Any:
    return _summary_act(request, summary_id, "submit", body)


@router.post(
    "/monitoring/summaries/{summary_id}/approve",
    response=SUMMARY_RESPONSES,
    summary="审核通过部门监控汇总（财政审核人）",
)
def approve_summary(request: HttpRequest, summary_id: int, body: Comment) -> Any:
    return _summary_act(request, summary_id, "approve", body)


@router.post(
    "/monitoring/summaries/{summary_id}/return",
    response=SUMMARY_RESPONSES,
    summary="退回部门监控汇总（财政审核人，须填退回意见）",
)
def return_summary(request: HttpRequest, summary_id: int, body: Comment) -> Any:
    return _summary_act(request, summary_id, "return", body)

"""Pages of the monitoring rounds, the 绩效运行监控表 and the department summaries, and the
monitoring part of 待办.

The first line of every view loads what it shows through the user's reach (404 outside it);
changes go through `rounds` and `reports`, which answer 403 for a role that may not act and
refuse a state that does not allow it with a message.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from jixiao.monitoring import reports, rounds
from jixiao.monitoring.models import (
    CauseChoice,
    DepartmentMonitoring,
    FundSource,
    IndicatorProgress,
    MonitoringReport,
    MonitoringRound,
)
from jixiao.monitoring.payments import spending_report
from jixiao.targets.history import last_returns
from jixiao.targets.models import Status
from jixiao.targets.workflow import WorkflowError, may_take_review
from jixiao.web.paging import Pages

PAGE_SIZE = 50
DONE = {"submit": "已提交", "approve": "已审核通过", "return": "已退回"}
SUMMARY_DONE = {"submit": "已报送财政审核", "approve": "已审核通过", "return": "已退回"}


def round_for(request: HttpRequest, pk: int) -> MonitoringRound:
    found = (
        rounds.visible_rounds(request.user)
        .select_related("issuer", "fiscal_year", "created_by")
        .filter(pk=pk)
        .first()
    )
    if found is None:
        raise Http404("没有这个监控轮次，或您无权查看")
    return found


def report_for(request: HttpRequest, pk: int) -> MonitoringReport:
    found = reports.visible_reports(request.user).filter(pk=pk).first()
    if found is None:
        raise Http404("没有这张监控表，或您无权查看")
    return found


def summary_for(request: HttpRequest, pk: int) -> DepartmentMonitoring:
    found = reports.visible_summaries(request.user).filter(pk=pk).first()
    if found is None:
        raise Http404("没有这份部门监控汇总，或您无权查看")
    return found


# Rounds.


@login_required
@require_GET
def round_list(request: HttpRequest) -> HttpResponse:
    return _rounds_page(request)


def _rounds_page(
    request: HttpRequest, *, values: Any = None, errors: list[str] | None = None
) -> HttpResponse:
    listed = rounds.visible_rounds(request.user).select_related("issuer", "fiscal_year")
    page = Pages(listed.order_by("-as_of", "-pk"), PAGE_SIZE).get_page(request.GET.get("page"))
    counts = rounds.counts_of(request.user, list(page))
    bureaus = rounds.issuing_bureaus(request.user)
    bureau = _chosen_bureau(bureaus, values.get("bureau", "") if values else "")
    chosen = set(values.getlist("organisations")) if values is not None else set()
    return render(
        request,
        "monitoring/rounds.html",
        {
            "page": page,
            "rows": [(r, counts[r.pk]) for r in page],
            "bureaus": bureaus,
            "bureau": bureau,
            "scope": rounds.scope_choices(bureau) if bureau is not None else [],
            "values": values or {},
            "chosen": chosen,
            "errors": errors or [],
        },
    )


def _chosen_bureau(bureaus: list[Any], asked: str) -> Any:
    return next((b for b in bureaus if str(b.pk) == asked), bureaus[0] if bureaus else None)


@login_required
@require_POST
def round_new(request: HttpRequest) -> HttpResponse:
    """发起监控: the round and its reports, or the form again with every problem listed."""
    bureaus = rounds.issuing_bureaus(request.user)
    if not bureaus:
        raise PermissionDenied(rounds.ISSUERS_ONLY)
    bureau = _chosen_bureau(bureaus, request.POST.get("bureau", ""))
    try:
        created = rounds.issue_from_form(
            request.user, bureau, request.POST.dict(), request.POST.getlist("organisations")
        )
    except ValidationError as refused:
        return _rounds_page(request, values=request.POST, errors=refused.messages)
    count = created.reports.count()
    messages.success(request, f"已发起「{created.title}」，生成绩效运行监控表 {count} 张。")
    return redirect("monitoring_round", pk=created.pk)


@login_required
@require_GET
def round_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The round, the state of the reports the user reaches (a page at a time, by state), the
    department summaries the user reaches."""
    found = round_for(request, pk)
    listed = reports.visible_reports(request.user).filter(round=found)
    status = request.GET.get("status", "").strip()
    if status in Status.values:
        listed = listed.filter(status=status)
    page = Pages(
        listed.defer("project__data", "project__document__data").order_by(
            "project__document_id", "project__position"
        ),
        PAGE_SIZE,
    ).get_page(request.GET.get("page"))
    today = timezone.localdate()
    rows = list(page)
    for report in rows:
        report.round = found
        report.overdue = reports.is_overdue(report, today)
        report.spending_status = (report.data or {}).get("spending", {}).get("status", "")
    summaries = reports.visible_summaries(request.user).filter(round=found)
    return render(
        request,
        "monitoring/round.html",
        {
            "round": found,
            "counts": rounds.counts_of(request.user, [found])[found.pk],
            "organisations": list(found.organisations.order_by("path")),
            "named_projects": found.projects.count(),
            "page": page,
            "rows": rows,
            "status": status if status in Status.values else "",
            "statuses": Status.choices,
            "summaries": list(summaries.order_by("document__department__code")[:PAGE_SIZE]),
            "can_close": found.closed_at is None and rounds.manages(request.user, found),
        },
    )


@login_required
@require_POST
def round_close(request: HttpRequest, pk: int) -> HttpResponse:
    found = round_for(request, pk)
    try:
        rounds.close_round(found, request.user, request.POST.get("comment", ""))
    except WorkflowError as refused:
        messages.error(request, str(refused))
    else:
        messages.success(request, f"「{found.title}」已结束：各单位不能再提交或修改本轮监控表。")
    return redirect("monitoring_round", pk=found.pk)


# Reports.


@login_required
@require_GET
def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _report_page(request, report_for(request, pk))


def _report_page(
    request: HttpRequest,
    report: MonitoringReport,
    *,
    values: Any = None,
    errors: list[str] | None = None,
) -> HttpResponse:
    user = request.user
    project = report.project
    spending = spending_report(project, report.round.as_of)
    log = reports.log_of(report)
    reviewer = reports.reviews(user, report)
    may_review = may_take_review(user, report, reviewer)
    editable = reports.can_edit(user, report)
    indicators = len(project.to_core().indicators)
    filled = IndicatorProgress.objects.filter(report=report).count()
    return render(
        request,
        "monitoring/report.html",
        {
            "report": report,
            "project": project,
            "round": report.round,
            "spending": spending,
            "sources": [(FundSource(k).label, v) for k, v in sorted(spending.by_source.items())],
            "submitted": (report.data or {}).get("spending"),
            "overdue": reports.is_overdue(report),
            "warned": spending.status in reports.WARNED,
            "can_edit": editable,
            "can_submit": editable,
            "can_review": may_review,
            "own_submission": reviewer and not may_review,
            "closed": report.round.closed_at is not None,
            "returned": report.status == Status.RETURNED,
            "returns": reports.returns_in(log),
            "history": log,
            "causes": CauseChoice.choices,
            "values": values if values is not None else _report_values(report),
            "errors": errors or [],
            "indicators": indicators,
            "filled": filled,
            "payments_url": f"/monitoring/projects/{project.pk}/payments/",
            "progress_url": f"/monitoring/reports/{report.pk}/progress/",
        },
    )


def _report_values(report: MonitoringReport) -> dict[str, str]:
    """The stored fields as the form shows them (an amount as written, never formatted)."""
    return {
        "expected_executed": format(report.expected_executed, "f")
        if report.expected_executed is not None
        else "",
        "goal_progress": report.goal_progress,
        "cause_kind": report.cause_kind,
        "cause": report.cause,
        "remedy": report.remedy,
    }


@login_required
@require_POST
def report_edit(request: HttpRequest, pk: int) -> HttpResponse:
    report = report_for(request, pk)
    try:
        reports.update_report(report, request.user, request.POST.dict())
    except ValidationError as refused:
        return _report_page(request, report, values=request.POST, errors=refused.messages)
    except WorkflowError as refused:
        messages.error(request, str(refused))
    else:
        messages.success(request, "监控表已保存。")
    return redirect("monitoring_report", pk=report.pk)


@login_required
@require_POST
def report_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    report = report_for(request, pk)
    try:
        reports.REPORT_ACTIONS[action](report, request.user, request.POST.get("comment", ""))
    except WorkflowError as refused:
        messages.error(request, str(refused))
    else:
        messages.success(request, f"「{report.title}」{DONE[action]}。")
    return redirect("monitoring_report", pk=report.pk)


# Department summaries.


@login_required
@require_GET
def summary_detail(request: HttpRequest, pk: int) -> HttpResponse:
    summary = summary_for(request, pk)
    user = request.user
    log = reports.log_of(summary)
    reviewer = summary.status == Status.FINANCE_REVIEW and reports.reviews_summary(user, summary)
    may_review = may_take_review(user, summary, reviewer)
    editable = reports.can_edit_summary(user, summary)
    figures, as_submitted = reports.summary_figures(summary)
    return render(
        request,
        "monitoring/summary.html",
        {
            "summary": summary,
            "round": summary.round,
            "department": summary.document.department,
            "rollup": figures,
            "as_submitted": as_submitted,
            "can_edit": editable,
            "can_review": may_review,
            "own_submission": reviewer and not may_review,
            "returns": reports.returns_in(log),
            "returned": summary.status == Status.RETURNED,
            "history": log,
        },
    )


@login_required
@require_POST
def summary_edit(request: HttpRequest, pk: int) -> HttpResponse:
    summary = summary_for(request, pk)
    try:
        reports.update_summary(summary, request.user, request.POST.dict())
    except (ValidationError, WorkflowError) as refused:
        for problem in refused.messages if isinstance(refused, ValidationError) else [refused]:
            messages.error(request, str(problem))
    else:
        messages.success(request, "部门监控汇总已保存。")
    return redirect("monitoring_summary", pk=summary.pk)


@login_required
@require_POST
def summary_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    summary = summary_for(request, pk)
    try:
        reports.SUMMARY_ACTIONS[action](summary, request.user, request.POST.get("comment", ""))
    except WorkflowError as refused:
        messages.error(request, str(refused))
    else:
        messages.success(request, f"「{summary.title}」{SUMMARY_DONE[action]}。")
    return redirect("monitoring_summary", pk=summary.pk)


# 待办.


def todo_section(request: HttpRequest) -> dict[str, Any]:
    """The monitoring part of 待办: the reports waiting for the user, those of the user's units
    due soon or overdue, and the summaries waiting; each a page of at most `PAGE_SIZE`, in a
    fixed number of queries (none for a list the user's roles cannot fill)."""
    user = request.user
    today = timezone.localdate()
    related = ("project__unit", "round")
    waiting = (
        MonitoringReport.objects.filter(reports.todo(user))
        .select_related(*related)
        .defer("project__data")
        .order_by("round__due", "round_id", "project__document_id", "project__position")
    )
    if not reports.acts_on_reports(user):
        waiting = waiting.none()
    waiting_page = Pages(waiting, PAGE_SIZE).get_page(request.GET.get("monitoring_page"))
    waiting_rows = list(waiting_page)
    returns = last_returns([r for r in waiting_rows if r.status == Status.RETURNED])
    for report in waiting_rows:
        report.overdue = reports.is_overdue(report, today)
        report.why = _why_waiting(report, returns)
    due = (
        reports.due_reports(user, today)
        .exclude(reports.todo(user))
        .select_related(None)  # what the rows show: PostgreSQL plans each joined table anew
        .select_related(*related)
        .defer("project__data")
    )
    due_page = Pages(due, PAGE_SIZE).get_page(request.GET.get("due_page"))
    due_rows = list(due_page)
    for report in due_rows:
        report.overdue = reports.is_overdue(report, today)
    summaries: list[DepartmentMonitoring] = []
    if reports.acts_on_summaries(user):
        summaries = list(
            DepartmentMonitoring.objects.filter(reports.summary_todo(user))
            .select_related("document__department", "round")
            .order_by("round__due", "pk")[:PAGE_SIZE]
        )
    return {
        "waiting": waiting_rows,
        "waiting_page": waiting_page,
        "due": due_rows,
        "due_page": due_page,
        "summaries": summaries,
    }


def _why_waiting(report: MonitoringReport, returns: dict[int, Any]) -> str:
    if report.status == Status.RETURNED:
        back = returns.get(report.pk)
        return f"已退回：{back.reason}" if back is not None else "已退回，请修改后重新提交"
    if report.status == Status.DRAFT:
        return "待填写、提交"
    return f"待您审核（{report.get_status_display()}）"

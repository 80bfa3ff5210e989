"""Pages of 双监控: a report's indicator progress with its evidence, and the joint view of a
project's spending against its results.

Every view first loads what it shows through the user's reach (404 outside it); writes go
through `monitoring.progress` and `monitoring.evidence`, which answer 403 for a role that may not
and refuse (a message here) what the report's state does not allow.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_CEILING, ROUND_HALF_UP, Decimal
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.timezone import localdate
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from jixiao.evaluate.spending import SpendingReport, spending_status
from jixiao.monitoring import evidence as files
from jixiao.monitoring.models import CauseChoice, LikelihoodChoice, MonitoringReport
from jixiao.monitoring.payments import monitoring_rules, payment_lines
from jixiao.monitoring.progress import (
    FIELDS,
    can_fill,
    may_fill,
    missing_explanations,
    results_against_money,
    rows_of,
    save_progress,
)
from jixiao.targets.workflow import WorkflowError, visible_projects

HUNDRED = Decimal(100)


def report_for(request: HttpRequest, pk: int) -> MonitoringReport:
    """The report, if the user may see its project; 404 otherwise."""
    found = (
        MonitoringReport.objects.filter(project__in=visible_projects(request.user))
        .select_related("project__unit__parent__parent", "project__document__fiscal_year", "round")
        .filter(pk=pk)
        .first()
    )
    if found is None:
        raise Http404("没有这个监控表，或您无权查看")
    return found


def _problems(error: ValidationError) -> list[str]:
    return [str(message) for message in error.messages]


@login_required
@require_http_methods(["GET", "POST"])
def progress(request: HttpRequest, pk: int) -> HttpResponse:
    """One row per indicator: the unit's 单位填报人 fills it in while the report is 草稿 or 已退回;
    everyone else who may see the project reads it."""
    report = report_for(request, pk)
    posted: dict[str, str] | None = None
    problems: list[str] = []
    if request.method == "POST":
        if not may_fill(request.user, report.project):
            raise PermissionDenied("只有本单位的单位填报人可以填写指标完成情况")
        try:
            saved = save_progress(report, request.user, _changes(request, report))
        except WorkflowError as refused:
            messages.error(request, str(refused))
            return redirect("monitoring_progress", pk=report.pk)
        except ValidationError as error:
            posted, problems = request.POST.dict(), _problems(error)
        else:
            said = f"已保存 {len(saved)} 行指标完成情况。" if saved else "没有修改，无须保存。"
            messages.success(request, said)
            return redirect("monitoring_progress", pk=report.pk)
    context = _progress_context(request, report, posted, problems)
    return render(request, "monitoring/progress.html", context)


def _changes(request: HttpRequest, report: MonitoringReport) -> dict[int, dict[str, str]]:
    """What the form posted, by indicator position ("reached_0", "likelihood_3" …)."""
    count = len(report.project.to_core().indicators)
    changes: dict[int, dict[str, str]] = {}
    for index in range(count):
        names = {key: f"{key}_{index}" for key in FIELDS}
        fields = {key: request.POST[name] for key, name in names.items() if name in request.POST}
        if fields:
            changes[index] = fields
    return changes


def _progress_context(
    request: HttpRequest,
    report: MonitoringReport,
    posted: dict[str, str] | None,
    problems: list[str],
) -> dict[str, Any]:
    rows = rows_of(report)
    results = results_against_money(report, rows)
    completions = {c.index: c for c in results.completions}
    editable = can_fill(request.user, report)
    shown = []
    for row in rows:
        values = {key: row.value(key) for key in FIELDS}
        if posted is not None:
            values = {key: posted.get(f"{key}_{row.index}", value) for key, value in values.items()}
        shown.append({"row": row, "values": values, "completion": completions.get(row.index)})
    return {
        "report": report,
        "project": report.project,
        "rows": shown,
        "editable": editable,
        "filler": may_fill(request.user, report.project),
        "problems": problems,
        "missing": missing_explanations(report, rows, results.spending) if editable else [],
        "results": results,
        "likelihoods": LikelihoodChoice.values,
        "causes": CauseChoice.values,
        "max_mb": files.max_bytes() // 1048576,
        "accept": ",".join(s for kind in files.KINDS.values() for s in kind.suffixes),
        "allowed": files.ALLOWED,
    }


@login_required
@require_POST
def upload_evidence(request: HttpRequest, pk: int, index: int) -> HttpResponse:
    report = report_for(request, pk)
    back = reverse("monitoring_progress", args=[report.pk]) + f"#row-{index}"
    try:
        stored = files.store_evidence(report, index, request.user, request.FILES.get("file"))
    except WorkflowError as refused:
        messages.error(request, str(refused))
    except ValidationError as error:
        for problem in _problems(error):
            messages.error(request, problem)
    else:
        messages.success(request, f"已上传佐证材料「{stored.name}」。")
    return redirect(back)


@login_required
@require_POST
def remove_evidence(request: HttpRequest, pk: int) -> HttpResponse:
    found = files.evidence_for(request.user, pk)
    report = found.progress.report
    back = reverse("monitoring_progress", args=[report.pk])
    back += f"#row-{found.progress.indicator_index}"
    try:
        files.remove_evidence(found, request.user, request.POST.get("reason", ""))
    except WorkflowError as refused:
        messages.error(request, str(refused))
    except ValidationError as error:
        for problem in _problems(error):
            messages.error(request, problem)
    else:
        messages.success(request, f"已移除佐证材料「{found.name}」。")
    return redirect(back)


@login_required
@require_GET
def download_evidence(request: HttpRequest, pk: int) -> HttpResponse:
    return files.download(files.evidence_for(request.user, pk))


# -- the joint view ---------------------------------------------------------------------------


@login_required
@require_GET
def joint(request: HttpRequest, pk: int) -> HttpResponse:
    """双监控: the project's cumulative spending over the year against its plan and 序时进度 (a
    chart drawn here, no script), and each indicator's latest progress against its target."""
    project = (
        visible_projects(request.user)
        .select_related("unit__parent__parent", "document__fiscal_year")
        .filter(pk=pk)
        .first()
    )
    if project is None:
        raise Http404("没有这个项目，或您无权查看")
    year = project.document.fiscal_year.year
    today = max(min(localdate(), date(year, 12, 31)), date(year, 1, 1))  # within the year
    spending = spending_status(
        project.to_core(), payment_lines(project), year=year, as_of=today,
        bands=monitoring_rules().spending,
    )  # fmt: skip
    report = (
        MonitoringReport.objects.filter(project=project)
        .select_related("round")
        .order_by("-round__as_of", "-pk")
        .first()
    )
    if report is not None:
        report.project = project
    rows = rows_of(report) if report is not None else []
    results = results_against_money(report, rows) if report is not None else None
    completions = {c.index: c for c in results.completions} if results is not None else {}
    indicators = project.to_core().indicators
    return render(
        request,
        "monitoring/joint.html",
        {
            "project": project,
            "today": today,
            "spending": spending,
            "chart": chart(spending, year, today, report.round.as_of if report else None),
            "report": report,
            "results": results,
            "round_spending": results.spending if results is not None else None,
            "rows": [
                {
                    "indicator": indicator,
                    "reached": rows[index].value("reached") if index < len(rows) else "",
                    "likelihood": rows[index].value("likelihood") if index < len(rows) else "",
                    "completion": completions.get(index),
                }
                for index, indicator in enumerate(indicators)
            ],
            "rules": monitoring_rules().money_ahead,
        },
    )


@dataclass(frozen=True)
class Point:
    x: Decimal
    y: Decimal
    label: str = ""


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    left: int
    top: int
    plot_width: int
    plot_height: int
    spent: str
    """The cumulative spending curve as SVG polyline points."""
    elapsed: str
    plan: str
    plan_points: list[Point]
    months: list[Point]
    levels: list[Point]
    today: Point
    as_of: Point | None
    last: Point


WIDTH, HEIGHT, LEFT, RIGHT, TOP, BOTTOM = 760, 320, 52, 24, 20, 44
PLOT_WIDTH, PLOT_HEIGHT = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
TENTH = Decimal("0.1")


@dataclass(frozen=True)
class _Scale:
    year: int
    top: Decimal
    """The percentage at the top of the chart (100, or more when spending or a plan passes it)."""

    def x(self, day: date) -> Decimal:
        days = 366 if calendar.isleap(self.year) else 365
        return (LEFT + Decimal(day.timetuple().tm_yday - 1) * PLOT_WIDTH / (days - 1)).quantize(
            TENTH
        )

    def y(self, value: Decimal) -> Decimal:
        return (TOP + PLOT_HEIGHT * (1 - value / self.top)).quantize(TENTH)


def chart(spending: SpendingReport, year: int, today: date, as_of: date | None) -> Chart | None:
    """The geometry of the joint view's chart: the year across, 0–100% (or more) up; None when
    the project has no budget to measure against."""
    if spending.budget <= 0:
        return None

    def percent(amount: Decimal) -> Decimal:
        return (amount * HUNDRED / spending.budget).quantize(Decimal("0.01"), ROUND_HALF_UP)

    planned = [
        (c.by, c.due, c.planned_percent)
        for c in spending.checkpoints
        if c.due is not None and c.planned_percent is not None
    ]
    highest = max([HUNDRED, *(percent(t) for _, t in spending.curve), *(p for _, _, p in planned)])
    scale = _Scale(year, (highest / 20).to_integral_value(ROUND_CEILING) * 20)
    x, y = scale.x, scale.y
    start, end = date(year, 1, 1), date(year, 12, 31)
    steps = [(x(start), y(Decimal(0)))]
    level = Decimal(0)
    for day, total in spending.curve:
        steps.append((x(day), y(level)))
        level = percent(total)
        steps.append((x(day), y(level)))
    steps.append((x(today), y(level)))
    bottom = Decimal(TOP + PLOT_HEIGHT)
    return Chart(
        width=WIDTH, height=HEIGHT, left=LEFT, top=TOP, plot_width=PLOT_WIDTH,
        plot_height=PLOT_HEIGHT, spent=_points(steps),
        elapsed=_points([(x(start), y(Decimal(0))), (x(end), y(HUNDRED))]),
        plan=_points([(x(start), y(Decimal(0))), *((x(d), y(p)) for _, d, p in planned)]),
        plan_points=[Point(x(d), y(p), f"{by} {_plain(p)}%") for by, d, p in planned],
        months=[Point(x(date(year, m, 1)), bottom, f"{m}月") for m in range(1, 13)],
        levels=[
            Point(Decimal(LEFT), y(Decimal(v)), f"{v}%") for v in range(0, int(scale.top) + 1, 20)
        ],
        today=Point(x(today), y(level), f"{level}%"),
        as_of=Point(x(as_of), Decimal(TOP), f"监控截至{as_of.month}月{as_of.day}日")
        if as_of is not None and as_of.year == year
        else None,
        last=Point(x(end), bottom),
    )  # fmt: skip


def _points(pairs: list[tuple[Decimal, Decimal]]) -> str:
    return " ".join(f"{a},{b}" for a, b in pairs)


def _plain(number: Decimal) -> str:
    text = format(number, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text

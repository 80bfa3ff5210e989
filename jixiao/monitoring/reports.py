"""The 绩效运行监控表 of a round and the department's summary of it: what the unit fills in, and
their state changes.

A project's report goes 草稿 → 已提交 → 主管部门审核 → 财政审核 → 已批复 like the project's table
(the unit's 单位填报人 submits; 单位审核人, 主管部门审核人 and 财政审核人 review in turn; a return
needs a comment; the submitter never reviews their own). On submission the report is kept as it
stood (`data`): spending to the round's date, its own fields and the indicators' progress.

A department's summary (部门绩效运行监控汇总) is written by the 主管部门审核人, goes to the fiscal
bureau (财政审核) and is approved or returned by its 财政审核人; on submission it keeps the
roll-up of its projects' reports.

Every state change goes through `targets.workflow.change_state` (row lock, role, state, audit).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from jixiao.audit.models import AuditEntry, record
from jixiao.core import model as core
from jixiao.evaluate.spending import PaymentLine, SpendingReport, spending_status
from jixiao.monitoring import progress
from jixiao.monitoring.models import (
    CauseChoice,
    DepartmentMonitoring,
    Evidence,
    IndicatorProgress,
    MonitoringReport,
    MonitoringRound,
    Payment,
)
from jixiao.monitoring.payments import monitoring_rules, spending_report
from jixiao.monitoring.rounds import ROUND_CLOSED, reached_reports
from jixiao.org.access import Role, User, memberships, reach, reach_of, roles_at
from jixiao.targets.history import Line, lines
from jixiao.targets.models import EDITABLE, Status
from jixiao.targets.workflow import (
    ACTOR,
    NEXT,
    RETURN_NEEDS_COMMENT,
    REVIEWER,
    WorkflowError,
    change_state,
    require,
    separate_duties,
)

FILLER_ONLY = "只有本单位的单位填报人可以填写或提交绩效运行监控表"
OWN_REPORT = "提交人不能审核自己提交的绩效运行监控表"
KEEPER_ONLY = "只有主管部门审核人可以填写或报送部门监控汇总"
FINANCE_ONLY = "只有财政审核人可以审核或退回部门监控汇总"
OWN_SUMMARY = "报送人不能审核自己报送的部门监控汇总"
SUMMARY_NEEDS_TEXT = "总体情况：请填写本部门本轮监控的总体情况后再报送"
DUE_SOON_DAYS = 7
"""A report not yet submitted counts as due this many days before its round's due date."""
WARNED = ("黄", "红")
SPENDING_WORD = "支出进度"
LONGEST_TEXT = 5000
LARGEST = Decimal("9999999999999999.99")
CENT = Decimal("0.01")

REPORT_FIELDS = {
    "expected_executed": "全年预计执行数（元）",
    "goal_progress": "绩效目标完成情况",
    "cause_kind": "支出偏差原因",
    "cause": "偏差原因说明",
    "remedy": "纠偏措施",
}
SUMMARY_FIELDS = {"summary": "总体情况", "problems": "存在问题", "remedy": "改进措施"}


# Who may do what.


def may_fill(user: User, report: MonitoringReport) -> bool:
    return Role.UNIT_FILLER in roles_at(user, report.project.unit)


def can_edit(user: User, report: MonitoringReport) -> bool:
    return report.status in EDITABLE and report.round.closed_at is None and may_fill(user, report)


def reviews(user: User, report: MonitoringReport) -> bool:
    """The user holds the role of the report's current review step."""
    role = REVIEWER.get(Status(report.status))
    return role is not None and role in roles_at(user, report.project.unit)


def keeps_summary(user: User, summary: DepartmentMonitoring) -> bool:
    return Role.DEPARTMENT_REVIEWER in roles_at(user, summary.document.department)


def reviews_summary(user: User, summary: DepartmentMonitoring) -> bool:
    return Role.FINANCE_REVIEWER in roles_at(user, summary.document.department)


def can_edit_summary(user: User, summary: DepartmentMonitoring) -> bool:
    return (
        summary.status in EDITABLE
        and summary.round.closed_at is None
        and keeps_summary(user, summary)
    )


def is_overdue(report: MonitoringReport, today: date | None = None) -> bool:
    """Past the round's due date and not submitted (in an open round)."""
    today = today or timezone.localdate()
    return report.status in EDITABLE and report.round.closed_at is None and report.round.due < today


# What the user reaches.


def visible_reports(user: User) -> QuerySet[MonitoringReport]:
    return reached_reports(user).select_related(
        "project__unit__parent__parent", "project__document__fiscal_year", "round"
    )


def visible_summaries(user: User) -> QuerySet[DepartmentMonitoring]:
    """Summaries of the departments the user's roles reach (at the department or above)."""
    return DepartmentMonitoring.objects.filter(
        reach(user, "document__department__"), document__withdrawn_at__isnull=True
    ).select_related("document__department__parent", "round__fiscal_year")


def acts_on_reports(user: User) -> bool:
    """Whether any of the user's roles fills in or reviews reports (else `todo` finds none)."""
    return any(m.role in ACTOR.values() for m in memberships(user))


def acts_on_summaries(user: User) -> bool:
    return any(m.role in SUMMARY_ACTOR.values() for m in memberships(user))


def todo(user: User) -> Q:
    """A filter on reports to those waiting for this user's action (待办): to fill in and submit
    (an open round's), or to review at the user's step."""
    waiting = Q(pk__in=[])
    for status, role in ACTOR.items():
        held = [m.organisation for m in memberships(user) if m.role == role]
        if held:
            step = Q(status=status) & reach_of(held, "project__unit__")
            if status in EDITABLE:
                step &= Q(round__closed_at__isnull=True)
            waiting |= step
    return waiting & Q(project__document__withdrawn_at__isnull=True)


def due_reports(user: User, today: date | None = None) -> QuerySet[MonitoringReport]:
    """Reports of the user's units not submitted yet whose round is due within
    `DUE_SOON_DAYS` days, or already past due (overdue first)."""
    soon = (today or timezone.localdate()) + timedelta(days=DUE_SOON_DAYS)
    return (
        visible_reports(user)
        .filter(status__in=EDITABLE, round__closed_at__isnull=True, round__due__lte=soon)
        .order_by("round__due", "round_id", "project__document_id", "project__position")
    )


SUMMARY_ACTOR: dict[Status, str] = {
    Status.DRAFT: Role.DEPARTMENT_REVIEWER,
    Status.RETURNED: Role.DEPARTMENT_REVIEWER,
    Status.FINANCE_REVIEW: Role.FINANCE_REVIEWER,
}


def summary_todo(user: User) -> Q:
    """A filter on summaries to those waiting for this user."""
    waiting = Q(pk__in=[])
    for status, role in SUMMARY_ACTOR.items():
        held = [m.organisation for m in memberships(user) if m.role == role]
        if held:
            step = Q(status=status) & reach_of(held, "document__department__")
            if status in EDITABLE:
                step &= Q(round__closed_at__isnull=True)
            waiting |= step
    return waiting & Q(document__withdrawn_at__isnull=True)


# The report's own fields.


def update_report(
    report: MonitoringReport, user: User, values: Mapping[str, Any]
) -> MonitoringReport:
    """The unit fills in the report's own fields (in 草稿 or 已退回, while the round is open)."""
    if not may_fill(user, report):
        raise PermissionDenied(FILLER_ONLY)
    fields = _report_fields(values)
    with transaction.atomic():
        locked = (
            MonitoringReport.objects.select_for_update(of=("self",))
            .select_related("round")
            .get(pk=report.pk)
        )
        _editable(locked, locked.round)
        return _save_fields(locked, user, fields, "monitoring_report.edit")


def _report_fields(values: Mapping[str, Any]) -> dict[str, Any]:
    """The fields given (a form sends all of them; one left out is left as it is), checked."""
    problems: list[str] = []
    fields: dict[str, Any] = {}
    if "expected_executed" in values:
        raw = str(values.get("expected_executed") or "").strip()
        text = raw.replace(",", "").replace("，", "").replace(" ", "")
        amount = _amount(text)
        if not text:
            fields["expected_executed"] = None
        elif amount is None:
            problems.append(f"全年预计执行数：“{raw[:20]}”不是金额，请以元为单位填写数字")
        elif amount < 0 or amount > LARGEST or amount != amount.quantize(CENT):
            problems.append("全年预计执行数：应为不小于 0 的金额，以元为单位，最多两位小数")
        else:
            fields["expected_executed"] = amount
    if "cause_kind" in values:
        kind = str(values.get("cause_kind") or "").strip()
        if kind and kind not in CauseChoice.values:
            problems.append(f"支出偏差原因：请从{'、'.join(CauseChoice.values)}中选择")
        fields["cause_kind"] = kind
    for key in ("goal_progress", "cause", "remedy"):
        if key in values:
            fields[key] = str(values.get(key) or "").strip()
            if len(fields[key]) > LONGEST_TEXT:
                problems.append(f"{REPORT_FIELDS[key]}：不超过 {LONGEST_TEXT} 字")
    if problems:
        raise ValidationError(problems)
    return fields


def _amount(text: str) -> Decimal | None:
    try:
        amount = Decimal(text)
    except InvalidOperation:
        return None
    return amount if amount.is_finite() else None


def _editable(subject: MonitoringReport | DepartmentMonitoring, rnd: MonitoringRound) -> None:
    if rnd.closed_at is not None:
        raise WorkflowError(f"「{rnd.title}」{ROUND_CLOSED}，不能再修改或提交")
    if subject.status not in EDITABLE:
        raise WorkflowError(
            f"「{subject.title}」当前状态为“{subject.get_status_display()}”，不能修改"
        )


def _save_fields(subject: Any, user: User, fields: dict[str, Any], action: str) -> Any:
    before = {key: _plain(getattr(subject, key)) for key in fields}
    after = {key: _plain(value) for key, value in fields.items()}
    changed = [key for key in fields if before[key] != after[key]]
    if not changed:
        return subject
    for key in changed:
        setattr(subject, key, fields[key])
    subject.save(update_fields=changed)
    record(
        user, action, subject, before={k: before[k] for k in changed},
        after={k: after[k] for k in changed},
    )  # fmt: skip
    return subject


def _plain(value: Any) -> Any:
    return str(value) if isinstance(value, Decimal) else value


# The report's cycle.


def submit(report: MonitoringReport, user: User, comment: str = "") -> MonitoringReport:
    """单位填报人 submits the report: refused while indicators' progress or the spending
    deviation lacks its explanation; the report as submitted is kept in `data`."""
    kept: dict[str, Any] = {}

    def gate(locked: MonitoringReport) -> None:
        if locked.round.closed_at is not None:
            raise WorkflowError(f"「{locked.round.title}」{ROUND_CLOSED}，不能再提交")
        spending = spending_report(locked.project, locked.round.as_of)
        gaps = progress.missing_explanations(locked)
        if not any(SPENDING_WORD in gap for gap in gaps):
            # the progress part words the spending's gaps itself; said once, not twice
            gaps += spending_gaps(locked, spending)
        if gaps:
            raise WorkflowError("监控表尚不能提交：" + "；".join(dict.fromkeys(gaps)))
        kept.update(snapshot(locked, spending))

    with transaction.atomic():
        changed: MonitoringReport = change_state(
            report, user, "submit", allowed=lambda r: may_fill(user, r), source=EDITABLE,
            target=lambda r: Status.SUBMITTED, reason=comment, denied=FILLER_ONLY, gate=gate,
        )  # fmt: skip
        changed.data, changed.submitted_at = kept, timezone.now()
        changed.save(update_fields=["data", "submitted_at"])
    return changed


def approve(report: MonitoringReport, user: User, comment: str = "") -> MonitoringReport:
    """The reviewer of the current step passes the report on (at 财政审核: approves it)."""
    return change_state(
        report, user, "approve", allowed=lambda r: reviews(user, r), source=tuple(NEXT),
        target=lambda r: NEXT[Status(r.status)], reason=comment, denied=_reviewer_needed,
        gate=lambda r: separate_duties(r, user, OWN_REPORT),
    )  # fmt: skip


def send_back(report: MonitoringReport, user: User, comment: str) -> MonitoringReport:
    """The reviewer of the current step returns the report to the unit, saying why."""
    require(comment, RETURN_NEEDS_COMMENT)
    return change_state(
        report, user, "return", allowed=lambda r: reviews(user, r), source=tuple(REVIEWER),
        target=lambda r: Status.RETURNED, reason=comment, denied=_reviewer_needed,
        gate=lambda r: separate_duties(r, user, OWN_REPORT),
    )  # fmt: skip


Action = Callable[[Any, User, str], Any]
REPORT_ACTIONS: dict[str, Action] = {"submit": submit, "approve": approve, "return": send_back}


def _reviewer_needed(report: MonitoringReport) -> str:
    role = REVIEWER.get(Status(report.status))
    label = Role(role).label if role is not None else "审核人"
    return f"本监控表当前处于“{report.get_status_display()}”，只有{label}可以审核或退回"


def spending_gaps(report: MonitoringReport, spending: SpendingReport) -> list[str]:
    """What the report's own fields lack when spending is behind the plan (黄/红)."""
    if spending.status not in WARNED:
        return []
    where = f"支出进度为{spending.status}色预警"
    gaps = []
    if not report.cause_kind:
        gaps.append(f"{where}，请选择支出偏差原因")
    if not report.cause.strip():
        gaps.append(f"{where}，请填写偏差原因说明")
    if not report.remedy.strip():
        gaps.append(f"{where}，请填写纠偏措施")
    return gaps


def snapshot(report: MonitoringReport, spending: SpendingReport) -> dict[str, Any]:
    """The report as submitted, in JSON: the round, the project, spending to the round's date,
    the core `Monitoring` of the form (amounts in 元) and each indicator's progress."""
    project, rnd = report.project, report.round
    expected = report.expected_executed
    line = core.MonitoringFundLine(
        label="年度资金总额", initial_budget=spending.budget, full_year_budget=spending.budget,
        midyear_executed=spending.spent, midyear_rate=spending.rate, expected_executed=expected,
        expected_rate=_rate(expected, spending.budget), cause=report.cause or None,
        remedy=report.remedy or None,
    )  # fmt: skip
    monitoring = core.Monitoring(
        funds=[line], goal_progress=report.goal_progress or None, cause=report.cause or None,
        remedy=report.remedy or None,
    )  # fmt: skip
    rows = IndicatorProgress.objects.filter(report=report).prefetch_related(
        Prefetch("evidence", queryset=Evidence.objects.filter(removed_at__isnull=True))
    )
    return {
        "round": {
            "title": rnd.title, "period": rnd.period, "as_of": rnd.as_of.isoformat(),
            "due": rnd.due.isoformat(),
        },
        "project": {"code": project.code, "name": project.name, "unit": project.unit.name},
        "money_unit": "元",
        "spending": spending_data(spending),
        "report": {
            "expected_executed": _plain(expected), "goal_progress": report.goal_progress,
            "cause_kind": report.cause_kind, "cause": report.cause, "remedy": report.remedy,
        },
        "monitoring": monitoring.model_dump(mode="json"),
        "progress": [
            {
                "index": row.indicator_index, "indicator": row.indicator_name,
                "reached": row.reached, "expected": row.expected, "likelihood": row.likelihood,
                "cause_kind": row.cause_kind, "cause": row.cause, "remedy": row.remedy,
                "evidence": [{"name": e.name, "sha256": e.sha256} for e in row.evidence.all()],
            }
            for row in rows.order_by("indicator_index")
        ],
    }  # fmt: skip


def spending_data(spending: SpendingReport) -> dict[str, Any]:
    """A spending report in JSON (amounts and percentages as decimal strings)."""
    return {
        "budget": str(spending.budget),
        "spent": str(spending.spent),
        "rate": _text(spending.rate),
        "elapsed_percent": str(spending.elapsed_percent),
        "status": spending.status,
        "checkpoints": [
            {
                "by": c.by,
                "due": c.due.isoformat() if c.due else None,
                "planned_percent": _text(c.planned_percent),
                "spent": str(c.spent),
                "actual_percent": _text(c.actual_percent),
                "elapsed_percent": str(c.elapsed_percent),
                "gap": _text(c.gap),
                "status": c.status,
                "words": c.words,
            }
            for c in spending.checkpoints
        ],
        "by_source": {source: str(amount) for source, amount in spending.by_source.items()},
    }


def _text(number: Decimal | None) -> str | None:
    return None if number is None else str(number)


def _rate(amount: Decimal | None, budget: Decimal) -> Decimal | None:
    if amount is None or budget <= 0:
        return None
    return (amount * 100 / budget).quantize(CENT, ROUND_HALF_UP)


# The department's summary.


def update_summary(
    summary: DepartmentMonitoring, user: User, values: Mapping[str, Any]
) -> DepartmentMonitoring:
    if not keeps_summary(user, summary):
        raise PermissionDenied(KEEPER_ONLY)
    fields = {key: str(values.get(key) or "").strip() for key in SUMMARY_FIELDS if key in values}
    too_long = [f"{SUMMARY_FIELDS[k]}：不超过 {LONGEST_TEXT} 字" for k, v in fields.items()
                if len(v) > LONGEST_TEXT]  # fmt: skip
    if too_long:
        raise ValidationError(too_long)
    with transaction.atomic():
        locked = (
            DepartmentMonitoring.objects.select_for_update(of=("self",))
            .select_related("round", "document__department")
            .get(pk=summary.pk)
        )
        _editable(locked, locked.round)
        return _save_fields(locked, user, fields, "monitoring_summary.edit")


def submit_summary(
    summary: DepartmentMonitoring, user: User, comment: str = ""
) -> DepartmentMonitoring:
    """主管部门审核人 sends the summary to the fiscal bureau, with the roll-up of its projects'
    reports kept as it stood."""
    kept: dict[str, Any] = {}

    def gate(locked: DepartmentMonitoring) -> None:
        if locked.round.closed_at is not None:
            raise WorkflowError(f"「{locked.round.title}」{ROUND_CLOSED}，不能再报送")
        if not locked.summary.strip():
            raise WorkflowError(SUMMARY_NEEDS_TEXT)
        kept.update(
            rollup(locked),
            text={key: getattr(locked, key) for key in SUMMARY_FIELDS},
        )

    with transaction.atomic():
        changed: DepartmentMonitoring = change_state(
            summary, user, "submit", allowed=lambda s: keeps_summary(user, s), source=EDITABLE,
            target=lambda s: Status.FINANCE_REVIEW, reason=comment, denied=KEEPER_ONLY,
            gate=gate,
        )  # fmt: skip
        changed.data, changed.submitted_at = kept, timezone.now()
        changed.save(update_fields=["data", "submitted_at"])
    return changed


def approve_summary(
    summary: DepartmentMonitoring, user: User, comment: str = ""
) -> DepartmentMonitoring:
    return change_state(
        summary, user, "approve", allowed=lambda s: reviews_summary(user, s),
        source=(Status.FINANCE_REVIEW,), target=lambda s: Status.APPROVED, reason=comment,
        denied=FINANCE_ONLY, gate=lambda s: separate_duties(s, user, OWN_SUMMARY),
    )  # fmt: skip


def send_back_summary(
    summary: DepartmentMonitoring, user: User, comment: str
) -> DepartmentMonitoring:
    require(comment, RETURN_NEEDS_COMMENT)
    return change_state(
        summary, user, "return", allowed=lambda s: reviews_summary(user, s),
        source=(Status.FINANCE_REVIEW,), target=lambda s: Status.RETURNED, reason=comment,
        denied=FINANCE_ONLY, gate=lambda s: separate_duties(s, user, OWN_SUMMARY),
    )  # fmt: skip


SUMMARY_ACTIONS: dict[str, Action] = {
    "submit": submit_summary,
    "approve": approve_summary,
    "return": send_back_summary,
}


def summary_figures(summary: DepartmentMonitoring) -> tuple[dict[str, Any], bool]:
    """The roll-up a summary page shows: as submitted once it is with the fiscal bureau or
    approved, as it stands now while the department still writes it."""
    if summary.data is not None and summary.status not in EDITABLE:
        return summary.data, True
    return rollup(summary), False


def rollup(summary: DepartmentMonitoring, today: date | None = None) -> dict[str, Any]:
    """The department's reports in the round: how many in each state, overdue, spending to the
    round's date summed (a submitted report as submitted, the others as they stand now), and
    the projects in 黄/红. Two queries, whatever the number of projects."""
    rnd = summary.round
    reports = list(
        MonitoringReport.objects.filter(round=rnd, project__document_id=summary.document_id)
        .select_related("project__unit")
        .order_by("project__position")
    )
    payments: dict[int, list[PaymentLine]] = {}
    if any(r.data is None for r in reports):
        paid = Payment.objects.filter(
            project__monitoring_reports__round=rnd, project__document_id=summary.document_id,
            voided_at__isnull=True, paid_on__lte=rnd.as_of,
        ).values_list("project_id", "paid_on", "amount", "source")  # fmt: skip
        for project_id, paid_on, amount, source in paid:
            payments.setdefault(project_id, []).append(PaymentLine(paid_on, amount, source))
    bands = monitoring_rules().spending
    year = rnd.as_of.year
    by_status: dict[str, int] = {}
    by_spending: dict[str, int] = {}
    budget = spent = Decimal(0)
    warned = []
    overdue = 0
    for report in reports:
        report.round = rnd
        by_status[report.status] = by_status.get(report.status, 0) + 1
        overdue += is_overdue(report, today)
        if report.data is not None:
            figures = report.data["spending"]
        else:
            figures = spending_data(
                spending_status(
                    report.project.to_core(),
                    payments.get(report.project_id, []),
                    year=year,
                    as_of=rnd.as_of,
                    bands=bands,
                )
            )
        budget += Decimal(figures["budget"])
        spent += Decimal(figures["spent"])
        by_spending[figures["status"]] = by_spending.get(figures["status"], 0) + 1
        if figures["status"] in WARNED:
            warned.append(
                {
                    "report": report.pk,
                    "code": report.project.code,
                    "name": report.project.name,
                    "unit": report.project.unit.name,
                    "status": figures["status"],
                    "rate": figures["rate"],
                }
            )
    return {
        "as_of": rnd.as_of.isoformat(),
        "reports": len(reports),
        "by_status": [
            {"status": s, "label": label, "count": by_status[s]}
            for s, label in Status.choices
            if s in by_status
        ],
        "submitted": sum(n for s, n in by_status.items() if s not in EDITABLE),
        "overdue": overdue,
        "budget": str(budget),
        "spent": str(spent),
        "rate": _text(_rate(spent, budget)),
        "spending": {level: by_spending.get(level, 0) for level in ("正常", "黄", "红", "未到期")},
        "yellow": by_spending.get("黄", 0),
        "red": by_spending.get("红", 0),
        "warned": warned,
    }


# The log in words.

ACTION_LABELS = {
    "monitoring_report.create": "生成监控表",
    "monitoring_report.edit": "填写监控表",
    "monitoring_summary.edit": "填写部门监控汇总",
}
CREATED_LABELS = {"round": "监控轮次", "period": "监控期间", "due": "报送截止日期"}


def _labels(entry: AuditEntry) -> dict[str, str]:
    if entry.object_type == DepartmentMonitoring._meta.label_lower:
        return SUMMARY_FIELDS
    return {**REPORT_FIELDS, **CREATED_LABELS}


SHORT = 60


def log_of(subject: MonitoringReport | DepartmentMonitoring, limit: int = 100) -> list[Line]:
    """The subject's audit entries in words, newest first (at most `limit`)."""
    entries = list(
        AuditEntry.objects.filter(object_type=subject._meta.label_lower, object_id=str(subject.pk))
        .select_related("actor")
        .order_by("-pk")[:limit]
    )
    worded = []
    for entry, line in zip(entries, lines(entries), strict=True):
        if entry.action in ACTION_LABELS:
            label, change = ACTION_LABELS[entry.action], _describe(entry)
            worded.append(dataclasses.replace(line, action=label, change=change))
        else:
            worded.append(line)
    return worded


def returns_in(log: list[Line]) -> list[Line]:
    """The returns of a log (newest first): the comments the unit reads."""
    return [line for line in log if line.action == "退回"]


def _describe(entry: AuditEntry) -> str:
    before, after = entry.before or {}, entry.after or {}
    labels = _labels(entry)
    # in the form's order (PostgreSQL's jsonb does not keep the written one)
    keys = sorted({**before, **after}, key=lambda k: list(labels).index(k) if k in labels else 99)
    if not before:
        return "；".join(f"{labels.get(k, k)}：{_short(after[k])}" for k in keys)
    return "；".join(
        f"{labels.get(k, k)}：{_short(before.get(k))} → {_short(after.get(k))}" for k in keys
    )


def _short(value: Any) -> str:
    text = "（空）" if value in (None, "") else str(value)
    return text if len(text) <= SHORT else text[: SHORT - 1] + "…"

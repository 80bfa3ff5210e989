"""Indicator progress in a monitoring report (双监控): the values reached, projected year-end
values, likelihood, causes and remedies, with their evidence files.

One `IndicatorProgress` row per indicator of the project's table (`Project.data["indicators"]`,
by position), created in bulk when first needed (`progress_rows`). Only the unit's 单位填报人
fills them in, while the report is 草稿 or 已退回 (`save_progress`: all rows or none, one audit
entry per changed row). `missing_explanations` says what a report still lacks before it may be
submitted; `money_ahead` compares the spending rate with each quantitative 正向 indicator's
completion (reached ÷ target) and flags where money runs ahead of results.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone

from jixiao.audit.models import AuditEntry, bulk_record
from jixiao.core import model as core
from jixiao.core.value import fold_width, parse_value
from jixiao.evaluate.monitoring_rules import MoneyAhead
from jixiao.evaluate.spending import SpendingReport
from jixiao.monitoring.models import (
    CauseChoice,
    Evidence,
    IndicatorProgress,
    LikelihoodChoice,
    MonitoringReport,
)
from jixiao.monitoring.payments import monitoring_rules, spending_report
from jixiao.org.access import Role, User, roles_at
from jixiao.targets.models import EDITABLE, Project
from jixiao.targets.workflow import WorkflowError

FILLER_ONLY = "只有本单位的单位填报人可以填写指标完成情况和上传佐证材料"
FIELDS = ("reached", "expected", "likelihood", "cause_kind", "cause", "remedy")
LABELS = {
    "reached": "截至目前完成值",
    "expected": "全年预计完成值",
    "likelihood": "完成目标可能性",
    "cause_kind": "偏差原因",
    "cause": "偏差原因说明",
    "remedy": "纠偏措施",
}
LIMITS = {"reached": 200, "expected": 200, "cause": 2000, "remedy": 2000}
NAME_LENGTH = 255
"""`IndicatorProgress.indicator_name` holds this much of a name (the table keeps it whole)."""
HUNDRED = Decimal(100)
CENT = Decimal("0.01")


# -- money ahead of results (no Django below this line until the next heading) ---------------


@dataclass(frozen=True)
class Completion:
    """How far one indicator is: reached ÷ target for a quantitative 正向 indicator, else why not;
    and, where the spending rate is known, whether money runs ahead of it."""

    index: int
    name: str
    target: str
    """The 年度指标值 as written."""
    reached: str
    """The 截至目前完成值 as written ("" when not filled in)."""
    percent: Decimal | None
    words: str
    """The arithmetic ("6次 ÷ 10次 = 60.00%"), or why it cannot be computed."""
    gap: Decimal | None = None
    """Spending rate minus completion, in percentage points (positive: money ahead)."""
    flagged: bool = False
    warning: str = ""
    """The flag in words, e.g. "资金已支出 80.00%，指标「…」完成 45.00%，相差 35.00 个百分点"."""

    @property
    def comparison(self) -> str:
        """Spending against this completion in words ("" when either is unknown)."""
        if self.gap is None:
            return ""
        if self.gap > 0:
            return f"资金执行率高出完成比例 {self.gap} 个百分点"
        if self.gap < 0:
            return f"完成比例高出资金执行率 {-self.gap} 个百分点"
        return "资金执行率与完成比例持平"


def completion(index: int, indicator: core.Indicator, reached: str) -> Completion:
    """The indicator's completion: the value reached ÷ its annual target, for a quantitative
    正向 indicator (≥ or >, or a table's 正向 指标方向) in the same unit; else None, saying
    why."""
    target = indicator.target

    def skipped(why: str) -> Completion:
        return Completion(index, indicator.name, target.raw, reached, None, why)

    direction = _direction(indicator.direction)
    if target.kind != "quantity" or target.number is None:
        kinds = {"range": "区间", "date": "时间", "period": "时间", "qualitative": "定性"}
        kind = kinds.get(target.kind)
        if kind is None:
            return skipped("未填写年度指标值，无法计算完成比例")
        return skipped(f"年度指标值「{target.raw}」为{kind}指标，不计算完成比例")
    if direction == "反向" or (direction is None and target.op in ("<=", "<")):
        return skipped(f"年度指标值「{target.raw}」为反向指标（越小越好），不计算完成比例")
    if direction is None and target.op in (None, "="):
        return skipped(f"年度指标值「{target.raw}」未写明方向（≥ 或 正向指标），不计算完成比例")
    if target.number <= 0:
        return skipped(f"年度指标值「{target.raw}」不大于 0，无法计算完成比例")
    if not reached.strip():
        return skipped("尚未填写截至目前完成值")
    value = parse_value(reached)
    if value.kind != "quantity" or value.number is None:
        return skipped(f"截至目前完成值「{reached}」不是数值，无法计算完成比例")
    if not _same_unit(target.unit, value.unit):
        return skipped(
            f"截至目前完成值的单位「{value.unit}」与年度指标值的单位「{target.unit}」不同，"
            "无法计算完成比例；请按年度指标值的单位填写"
        )
    if value.number < 0:
        return skipped(f"截至目前完成值「{reached}」为负数，无法计算完成比例")
    percent = (value.number * HUNDRED / target.number).quantize(CENT, ROUND_HALF_UP)
    words = f"{_written(value)} ÷ {_written(target)} = {percent}%"
    return Completion(index, indicator.name, target.raw, reached, percent, words)


def money_ahead(
    completions: Iterable[Completion], spent_percent: Decimal | None, rules: MoneyAhead
) -> list[Completion]:
    """Each completion set against the spending rate: flagged where spending exceeds it by more
    than the rules' points."""
    found = []
    for item in completions:
        if item.percent is None or spent_percent is None:
            found.append(item)
            continue
        gap = spent_percent - item.percent
        flagged = rules.flags(spent_percent, item.percent)
        warning = (
            f"资金已支出 {spent_percent}%，指标「{item.name}」完成 {item.percent}%，"
            f"相差 {gap} 个百分点" if flagged else ""
        )  # fmt: skip
        found.append(replace(item, gap=gap, flagged=flagged, warning=warning))
    return found


def _direction(written: str | None) -> str | None:
    text = (written or "").strip()
    if text.startswith("正向"):
        return "正向"
    if text.startswith("反向"):
        return "反向"
    return None


def _same_unit(target: str | None, reached: str | None) -> bool:
    return fold_width(target or "").strip() == fold_width(reached or "").strip()


def _written(value: core.Value) -> str:
    assert value.number is not None
    return f"{format(value.number, 'f')}{value.unit or ''}"


# -- the rows of a report -------------------------------------------------------------------


@dataclass
class Row:
    """One indicator of the report's project with its progress (`progress` None until first
    saved) and its live evidence."""

    index: int
    indicator: core.Indicator | None
    """None when the table no longer has this row (it was shortened after the progress)."""
    progress: IndicatorProgress | None
    evidence: list[Evidence] = field(default_factory=list)

    @property
    def name(self) -> str:
        if self.indicator is not None:
            return self.indicator.name
        return self.progress.indicator_name if self.progress is not None else ""

    def value(self, key: str) -> str:
        return str(getattr(self.progress, key)) if self.progress is not None else ""


def may_fill(user: User, project: Project) -> bool:
    """Whether the user fills in this project's progress (its unit's 单位填报人)."""
    return Role.UNIT_FILLER in roles_at(user, project.unit)


def can_fill(user: User, report: MonitoringReport) -> bool:
    return report.status in EDITABLE and may_fill(user, report.project)


def live_evidence() -> Prefetch[Any]:
    return Prefetch(
        "evidence",
        queryset=Evidence.objects.filter(removed_at__isnull=True).select_related("uploaded_by"),
        to_attr="live_evidence",
    )


def rows_of(report: MonitoringReport) -> list[Row]:
    """Every indicator of the project with its stored progress and evidence (two queries);
    nothing is written."""
    indicators = report.project.to_core().indicators
    stored = {
        row.indicator_index: row
        for row in report.progress.select_related("updated_by").prefetch_related(live_evidence())
    }
    rows = [
        Row(index, indicator, stored.get(index), getattr(stored.get(index), "live_evidence", []))
        for index, indicator in enumerate(indicators)
    ]
    rows += [
        Row(index, None, row, getattr(row, "live_evidence", []))
        for index, row in sorted(stored.items())
        if index >= len(indicators)
    ]
    return rows


def progress_rows(report: MonitoringReport) -> list[IndicatorProgress]:
    """The report's progress rows, the missing ones created (in bulk, blank) from the project's
    indicators; in indicator order. Call it inside the transaction of the write that needs the
    rows: creating blank rows is no change of content, the caller's audit entry covers it."""
    indicators = report.project.to_core().indicators
    have = set(report.progress.values_list("indicator_index", flat=True))
    missing = [
        IndicatorProgress(
            report=report,
            indicator_index=index,
            indicator_name=indicator.name[:NAME_LENGTH],
        )
        for index, indicator in enumerate(indicators)
        if index not in have
    ]
    if missing:
        # a concurrent request may create the same rows: the unique constraint keeps one
        IndicatorProgress.objects.bulk_create(missing, ignore_conflicts=True)
    return list(report.progress.order_by("indicator_index"))


def save_progress(
    report: MonitoringReport, user: User, changes: Mapping[int, Mapping[str, Any]]
) -> list[IndicatorProgress]:
    """Save what the user wrote for some indicators (by position): every row or none, each
    changed row audited. Only the unit's 单位填报人, only while the report is 草稿 or 已退回
    (else WorkflowError); a bad value raises ValidationError naming the row and the field."""
    if not may_fill(user, report.project):
        raise PermissionDenied(FILLER_ONLY)
    with transaction.atomic():
        locked = lock_for_filling(report)
        indicators = locked.project.to_core().indicators
        cleaned, problems = {}, []
        for index, fields in sorted(changes.items()):
            if not 0 <= index < len(indicators):
                problems.append(f"没有第 {index + 1} 行指标")
                continue
            where = f"第 {index + 1} 行「{indicators[index].name}」"
            cleaned[index], found = _cleaned(fields, where)
            problems += found
        if problems:
            raise ValidationError(problems)
        rows = {row.indicator_index: row for row in _lock_rows(locked)}
        changed, entries, now = [], [], timezone.now()
        for index, values in cleaned.items():
            row = rows[index]
            before = _snapshot(row)
            for key, value in values.items():
                setattr(row, key, value)
            row.indicator_name = indicators[index].name[:NAME_LENGTH]
            if _snapshot(row) == before:
                continue
            row.updated_by, row.updated_at = user, now
            changed.append(row)
            entries.append(
                _entry(user, "monitoring.progress.save", row, locked, before=before, after=row)
            )
        if changed:
            IndicatorProgress.objects.bulk_update(
                changed, [*FIELDS, "indicator_name", "updated_by", "updated_at"]
            )
            bulk_record(entries)
    return changed


def _cleaned(fields: Mapping[str, Any], where: str) -> tuple[dict[str, str], list[str]]:
    values, problems = {}, []
    for key in FIELDS:
        if key not in fields:
            continue
        raw = fields[key]
        text = "" if raw is None else str(raw).strip()
        limit = LIMITS.get(key)
        if limit is not None and len(text) > limit:
            problems.append(f"{where}的{LABELS[key]}过长（不超过 {limit} 字，现为 {len(text)} 字）")
        elif key == "likelihood" and text not in ("", *LikelihoodChoice.values):
            choices = "、".join(LikelihoodChoice.values)
            problems.append(f"{where}的完成目标可能性应为{choices}之一")
        elif key == "cause_kind" and text not in ("", *CauseChoice.values):
            problems.append(f"{where}的偏差原因应为{'、'.join(CauseChoice.values)}之一")
        values[key] = text
    return values, problems


def lock_for_filling(report: MonitoringReport) -> MonitoringReport:
    """The report under its row lock, refused (WorkflowError) unless the unit may still fill it."""
    locked = (
        MonitoringReport.objects.select_for_update(of=("self",))
        .select_related("project__unit", "project__document", "round")
        .get(pk=report.pk)
    )
    if locked.status not in EDITABLE:
        raise WorkflowError(
            f"「{locked.title}」当前状态为“{locked.get_status_display()}”，"
            "不能再修改指标完成情况或佐证材料"
        )
    return locked


def _lock_rows(report: MonitoringReport) -> list[IndicatorProgress]:
    progress_rows(report)
    return list(
        IndicatorProgress.objects.select_for_update(of=("self",))
        .filter(report=report)
        .order_by("indicator_index")
    )


def locked_row(report: MonitoringReport, index: int) -> tuple[MonitoringReport, IndicatorProgress]:
    """For a change to one indicator's evidence: the report locked and checked (state), and the
    indicator's progress row (created if missing). Inside the caller's transaction."""
    locked = lock_for_filling(report)
    if not 0 <= index < len(locked.project.to_core().indicators):
        raise ValidationError(f"没有第 {index + 1} 行指标")
    row = next(r for r in _lock_rows(locked) if r.indicator_index == index)
    return locked, row


def _snapshot(row: IndicatorProgress) -> dict[str, str]:
    return {key: str(getattr(row, key)) for key in FIELDS}


def _entry(
    user: User,
    action: str,
    target: Any,
    report: MonitoringReport,
    *,
    before: dict[str, Any] | None,
    after: IndicatorProgress | dict[str, Any] | None,
    reason: str = "",
) -> AuditEntry:
    """An audit entry about a progress row or an evidence file, filed under the project's
    document (`record` finds none for rows below a report)."""
    return AuditEntry(
        actor=user if user.is_authenticated else None,
        action=action,
        object_type=target._meta.label_lower,
        object_id=str(target.pk),
        before=before,
        after=_snapshot(after) if isinstance(after, IndicatorProgress) else after,
        reason=reason,
        document_id=report.project.document_id,
    )


def audit(
    user: User,
    action: str,
    target: Any,
    report: MonitoringReport,
    *,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    reason: str = "",
) -> None:
    """Record a change to a progress row or an evidence file (inside the caller's transaction)."""
    bulk_record([_entry(user, action, target, report, before=before, after=after, reason=reason)])


# -- what a report still lacks, and money against results ----------------------------------


def missing_explanations(
    report: MonitoringReport,
    rows: list[Row] | None = None,
    spending: SpendingReport | None = None,
) -> list[str]:
    """What the report still lacks before it may be submitted, in Chinese, one line per gap:
    each indicator's value reached and likelihood; its 偏差原因 (kind and text) and 纠偏措施
    where the likelihood is not 确定能; the spending's cause and remedy where spending at the
    round's date is 黄 or 红. `rows` and `spending` when the caller has them already."""
    lines = []
    for row in rows if rows is not None else rows_of(report):
        if row.indicator is None:
            continue
        name = f"指标「{row.name}」"
        if not row.value("reached"):
            lines.append(f"{name}未填写截至目前完成值")
        likelihood = row.value("likelihood")
        if not likelihood:
            lines.append(f"{name}未选择完成目标可能性")
            continue
        if likelihood == LikelihoodChoice.CERTAIN:
            continue
        gaps = [
            label
            for key, label in (
                ("cause_kind", "偏差原因"), ("cause", "偏差原因说明"), ("remedy", "纠偏措施"),
            )
            if not row.value(key)
        ]  # fmt: skip
        if gaps:
            lines.append(f"{name}的完成目标可能性为“{likelihood}”，须填写{'、'.join(gaps)}")
    if spending is None:
        spending = spending_report(report.project, report.round.as_of)
    if spending.status in ("黄", "红"):
        gaps = [
            label
            for value, label in (
                (report.cause_kind, "支出偏差原因"), (report.cause, "偏差原因说明"),
                (report.remedy, "纠偏措施"),
            )
            if not value.strip()
        ]  # fmt: skip
        if gaps:
            day = report.round.as_of
            lines.append(
                f"截至{day.month}月{day.day}日支出进度为“{spending.status}”"
                f"（{_spending_words(spending)}），须在监控表中填写{'、'.join(gaps)}"
            )
    return lines


def _spending_words(spending: SpendingReport) -> str:
    worst = [c for c in spending.checkpoints if c.status == spending.status]
    if worst:
        return worst[-1].words
    return f"执行率 {spending.rate}%，序时进度 {spending.elapsed_percent}%"


@dataclass(frozen=True)
class Results:
    """The project's results against its money at a date: each indicator's completion, the
    spending rate, and the indicators money runs ahead of."""

    as_of: date
    spending: SpendingReport
    completions: list[Completion]
    rules: MoneyAhead

    @property
    def flagged(self) -> list[Completion]:
        return [c for c in self.completions if c.flagged]

    @property
    def skipped(self) -> list[Completion]:
        return [c for c in self.completions if c.percent is None]


def results_against_money(report: MonitoringReport, rows: list[Row] | None = None) -> Results:
    """Each indicator's completion in the report against the project's spending rate at the
    round's date (`rows` when the caller has them already)."""
    rules = monitoring_rules().money_ahead
    spending = spending_report(report.project, report.round.as_of)
    found = [
        completion(row.index, row.indicator, row.value("reached"))
        for row in (rows if rows is not None else rows_of(report))
        if row.indicator is not None
    ]
    return Results(report.round.as_of, spending, money_ahead(found, spending.rate, rules), rules)


def indicator_monitoring(report: MonitoringReport) -> dict[int, core.IndicatorMonitoring]:
    """The progress rows as the core model's monitoring columns (for the report's snapshot)."""
    return {
        row.index: core.IndicatorMonitoring(
            midyear=parse_value(row.value("reached")) if row.value("reached") else None,
            expected=parse_value(row.value("expected")) if row.value("expected") else None,
            likelihood=row.value("likelihood") or None,
            cause="：".join(v for v in (row.value("cause_kind"), row.value("cause")) if v) or None,
            remedy=row.value("remedy") or None,
        )
        for row in rows_of(report)
        if row.progress is not None
    }

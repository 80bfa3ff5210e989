"""Checking a published self-evaluation: recompute it by a profile and report what does not add up.

`check_project(project, profile)` scores the table (`scoring.score`) and compares what the unit
wrote with what follows, each discrepancy a review `Finding` placed on the table (and indicator),
with field `score`, `weight`, `total_score`, `grade`, `rate` or `deviation`:

- a written 得分 that differs from the computed one, naming both numbers and the rule;
- a 得分 above the indicator's 分值, or written where there is no actual value to score;
- 分值 that do not add up to the profile's 总分 (e.g. 110 of 100); 一级 points or the 预算执行率
  points that differ from the profile's (a hint: units may set their own);
- a 总分 that is not the sum of the 得分 written, or differs from the recomputed total;
- a grade that does not match the total by the profile's bands;
- an execution rate or its score that does not follow from 全年预算数 and 全年执行数;
- an indicator not fully met without 偏差原因分析及改进措施.

Messages say where, what was written and what follows, in Chinese; the suggestion says the fix.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from jixiao.core.model import (
    Budget,
    Department,
    Indicator,
    Organisation,
    Project,
    TargetDocument,
)
from jixiao.evaluate.profile import HUNDRED, Profile, Standing
from jixiao.evaluate.scoring import ExecutionScore, IndicatorScore, ScoreResult, score
from jixiao.review.engine import CATEGORY_LABELS, Category, Finding, Severity, where
from jixiao.review.references import cite

SCORING: Category = "scoring"
CATEGORY_LABEL = CATEGORY_LABELS[SCORING]
_DEVIATION_REFERENCE = cite(
    "local-practice", point="自评表对未完全达成目标的指标填写偏差原因分析及改进措施"
)
FIELD_LABELS = {
    "score": "得分",
    "weight": "分值",
    "total_score": "总分",
    "grade": "评价等级",
    "rate": "执行率",
    "deviation": "偏差原因分析及改进措施",
}


@dataclass(frozen=True)
class ProjectCheck:
    """One table's recomputation and what disagrees with it; `department`: the 部门整体支出绩效
    自评表's (its `position` -1, no table's)."""

    position: int
    result: ScoreResult
    findings: tuple[Finding, ...]
    department: bool = False


def has_self_evaluation(project: Project) -> bool:
    """Whether the table carries self-evaluation content (funds, actual values, scores)."""
    if project.evaluation is not None:
        return True
    return any(
        indicator.actual is not None or indicator.score is not None
        for indicator in project.indicators
    )


def check_document(document: TargetDocument, profile: Profile) -> list[ProjectCheck]:
    """Every table of the document recomputed and checked, in document order; first the
    department's own self-evaluation (部门整体支出绩效自评表) where the document has one."""
    checks = [
        check_project(project, profile, position)
        for position, project in enumerate(document.projects)
    ]
    table = department_table(document.department) if document.department else None
    if table is not None and has_self_evaluation(table):
        checks.insert(0, check_project(table, profile, -1, department=True))
    return checks


def department_table(department: Department) -> Project:
    """The department's self-evaluation as the table it is scored as: its indicators, money
    block and totals under its name (the scoring reads a table's, whoever's it is)."""
    name = department.name or "部门整体"
    return Project(
        code=department.code,
        name=name,
        unit=Organisation(code=department.code, name=name),
        money_unit=department.money_unit or "元",
        budget=department.budget or Budget(),
        indicators=department.indicators,
        evaluation=department.evaluation,
    )


def check_project(
    project: Project, profile: Profile, position: int = 0, *, department: bool = False
) -> ProjectCheck:
    result = score(project, profile)
    checker = _Checker(project, profile, position, result, department=department)
    checker.execution(result.execution)
    for item in result.indicators:
        checker.indicator(item)
    checker.weights()
    checker.total()
    return ProjectCheck(position, result, tuple(checker.findings), department)


def _close(a: Decimal, b: Decimal, tolerance: Decimal) -> bool:
    return abs(a - b) <= tolerance


def _n(number: Decimal) -> str:
    """A number as written (or as computed): 7, 19.6, 251.89."""
    return format(number, "f")


class _Checker:
    def __init__(
        self,
        project: Project,
        profile: Profile,
        position: int,
        result: ScoreResult,
        *,
        department: bool = False,
    ) -> None:
        self.project = project
        self.profile = profile
        self.position = position
        self.result = result
        self.department = department
        self._table = None if department else project  # findings name the table, or 部门整体目标
        self.findings: list[Finding] = []

    def _place(self, indicator: Indicator | None) -> str:
        """Where a finding is: the table's place in the form's words, or the department's."""
        if not self.department:
            return where(self.project, indicator, None)
        return "部门整体自评" + (f"指标「{indicator.name}」" if indicator is not None else "")

    def cite(self, standing: Standing) -> str:
        return f"评分方案「{self.profile.label}」·{standing.label}：{standing.source}"

    def add(  # noqa: PLR0917 - every finding states these six, in the order read
        self,
        check: str,
        severity: Severity,
        field: str,
        detail: str,
        suggestion: str,
        reference: str,
        item: IndicatorScore | None = None,
        place: str | None = None,
    ) -> None:
        indicator = self.project.indicators[item.index] if item is not None else None
        table = self._table
        if place is None:
            place = self._place(indicator)
        self.findings.append(
            Finding(
                rule=f"scoring.{check}",
                category=SCORING,
                severity=severity,
                project_code=table.code if table else None,
                project_name=table.name if table else None,
                project_index=None if self.department else self.position,
                indicator=indicator.name if indicator is not None else None,
                indicator_index=item.index if item is not None else None,
                field=field,
                message=f"{place}的{FIELD_LABELS[field]}：{detail}",
                suggestion=suggestion,
                reference=reference,
                detail=detail,
            )
        )

    def rule_reference(self, item: IndicatorScore) -> str:
        profile = self.profile
        standing = {
            "positive": profile.positive.standing,
            "negative": profile.negative.standing,
            "equal": profile.equal.standing,
            "range": profile.positive.standing,
            "zero_target": profile.zero_target.standing,
            "date": profile.qualitative,
            "qualitative": profile.qualitative,
        }
        return self.cite(standing[item.rule] if item.rule else profile.positive.standing)

    # -- one indicator --

    def indicator(self, item: IndicatorScore) -> None:
        written = item.written_score
        if written is not None:
            self.written_score(item, written)
        if item.deviation_missing:
            self.add(
                "deviation", "错误", "deviation",
                f"未完全达成（{self.score_words(item)}），未填写偏差原因分析及改进措施",
                "逐项说明未达成目标的原因和拟采取的改进措施",
                _DEVIATION_REFERENCE, item,
            )  # fmt: skip

    def score_words(self, item: IndicatorScore) -> str:
        if item.score is not None and item.weight is not None:
            return f"得分 {item.score} 分，分值 {_n(item.weight)} 分"
        return item.arithmetic

    def written_score(self, item: IndicatorScore, written: Decimal) -> None:
        weight = item.weight
        if weight is not None and written > weight:
            self.add(
                "over_weight", "错误", "score",
                f"得分写作 {_n(written)} 分，超过其分值 {_n(weight)} 分",
                f"得分不得超过分值：按计算应为 {item.score} 分（{item.arithmetic}）"
                if item.score is not None else f"得分不得超过分值 {_n(weight)} 分",
                self.rule_reference(item), item,
            )  # fmt: skip
            return
        if item.allowed is not None and item.band is not None:
            low, high = item.allowed
            top = item.band == self.profile.bands[0]
            if not (low <= written <= high if top else low <= written < high):
                upto = f"{high} 分" if top else f"{high} 分（不含）"
                self.add(
                    "band_score", "错误", "score",
                    f"得分写作 {_n(written)} 分，不在「{item.band.name}」档的 {low} 分（含）至"
                    f" {upto}之间（{item.arithmetic}）",
                    f"在 {low} 分（含）至 {upto}之间确定得分，或改正实际完成情况的档次",
                    self.cite(self.profile.qualitative), item,
                )  # fmt: skip
            return
        if item.score is not None:
            if not _close(written, item.score, self.profile.tolerance):
                self.add(
                    "indicator_score", "错误", "score",
                    f"得分写作 {_n(written)} 分，按评分规则应为 {item.score} 分"
                    f"（{item.arithmetic}）",
                    f"将得分改为 {item.score} 分；如确需按其他理由调整，须写明理由",
                    self.rule_reference(item), item,
                )  # fmt: skip
            return
        indicator = self.project.indicators[item.index]
        if indicator.actual is None or indicator.actual.kind == "empty":
            self.add(
                "score_without_actual", "警告", "score",
                f"未填写实际完成值，却写有得分 {_n(written)} 分",
                "填写实际完成值，得分按实际完成值计算",
                self.rule_reference(item), item,
            )  # fmt: skip
        elif item.weight is not None:
            self.add(
                "score_unverifiable", "提示", "score",
                f"得分写作 {_n(written)} 分，无法按评分规则核对：{item.arithmetic}",
                "核实该项得分的依据；如为评价人判定，写明判定理由",
                self.rule_reference(item), item,
            )  # fmt: skip

    # -- the table --

    def execution(self, execution: ExecutionScore) -> None:
        place = f"{self._place(None)}预算执行率"
        reference = self.cite(self.profile.execution.standing)
        rate = execution.rate_percent
        written_rate = execution.written_rate
        # A rate is written as a percent (100.00) or, now and then, as a fraction (1).
        if (
            rate is not None
            and written_rate is not None
            and not _close(written_rate, rate, Decimal("0.01"))
            and not _close(written_rate * HUNDRED, rate, Decimal("0.01"))
        ):
            executed, budget = execution.executed or Decimal(0), execution.budget or Decimal(0)
            self.add(
                "execution_rate", "错误", "rate",
                f"执行率写作 {_n(written_rate)}%，按全年执行数 {_n(executed)} ÷ 全年预算数 "
                f"{_n(budget)} 应为 {rate}%",
                f"将执行率改为 {rate}%",
                reference, place=place,
            )  # fmt: skip
        written = execution.written_score
        if (
            written is not None
            and execution.score is not None
            and not _close(written, execution.score, self.profile.tolerance)
        ):
            self.add(
                    "execution_score", "错误", "score",
                    f"得分写作 {_n(written)} 分，按预算执行情况应为 {execution.score} 分"
                    f"（{execution.arithmetic}）",
                    f"将预算执行率得分改为 {execution.score} 分",
                    reference, place=place,
                )  # fmt: skip
        if execution.needs_reason and execution.reason is None:
            self.add(
                "execution_reason", "警告", "rate",
                f"执行率 {rate}% 低于 {_n(self.profile.execution_explain_below or HUNDRED)}%，"
                "未说明原因",
                "在预算执行情况的原因栏说明执行率偏低的原因",
                reference, place=place,
            )  # fmt: skip
        profile_points = self.profile.weights.execution
        if execution.weight_source == "written" and execution.weight != profile_points:
            self.add(
                "execution_weight", "提示", "weight",
                f"分值为 {_n(execution.weight)} 分，评分方案为 {_n(profile_points)} 分",
                "如本地规定的预算执行分值不同，请选用相应的评分方案；否则按方案调整分值",
                self.cite(self.profile.weights.standing), place=place,
            )  # fmt: skip

    def weights(self) -> None:
        result = self.result
        if not any(item.weight_source == "written" for item in result.indicators):
            return
        points, total = result.points, self.profile.total_points
        table = self._place(None)
        if points != total:
            parts = [f"预算执行率 {_n(result.execution.weight)}"]
            parts += [f"{name} {_n(value)}" for name, value in result.group_points().items()]
            loose = [item for item in result.indicators if item.group is None and item.weight]
            if loose:
                parts.append(f"其他 {_n(sum((i.weight or Decimal(0) for i in loose), Decimal(0)))}")
            self.add(
                "weight_total", "错误", "weight",
                f"各项分值合计 {_n(points)} 分（{' + '.join(parts)}），应为总分 {_n(total)} 分",
                f"调整各指标的分值，使预算执行率与各项指标的分值合计为 {_n(total)} 分",
                self.cite(self.profile.weights.standing), place=table,
            )  # fmt: skip
        sums = result.group_points()
        for group in self.profile.weights.groups:
            have = sums.get(group.name)
            if have is not None and have != group.points:
                self.add(
                    "group_weight", "提示", "weight",
                    f"{group.name}分值合计 {_n(have)} 分，评分方案为 {_n(group.points)} 分",
                    "单位可按项目特点调整一级指标分值；如非有意调整，请按方案设置",
                    self.cite(self.profile.weights.standing), place=table,
                )  # fmt: skip

    def total(self) -> None:
        evaluation = self.project.evaluation
        written_total = evaluation.total_score if evaluation is not None else None
        written_grade = evaluation.grade if evaluation is not None else None
        result, profile = self.result, self.profile
        table = self._place(None)
        computed = profile.round(result.total) if result.complete else None
        problems: list[str]
        if written_total is not None:
            problems = []
            written_sum = self.written_sum()
            if written_sum is not None and not _close(
                written_sum, written_total, profile.tolerance
            ):
                problems.append(f"各项得分之和为 {_n(written_sum)} 分")
            if computed is not None and not _close(computed, written_total, profile.tolerance):
                problems.append(f"按评分规则重新计算应为 {computed} 分")
            if problems:
                fix = computed if computed is not None else written_sum
                self.add(
                    "total_score", "错误", "total_score",
                    f"总分写作 {_n(written_total)} 分，{'；'.join(problems)}",
                    f"将总分改为 {fix} 分（各项得分之和）" if fix is not None
                    else "总分应为各项得分之和",
                    self.cite(profile.rounding), place=table,
                )  # fmt: skip
        if written_grade is None:
            return
        basis = written_total if written_total is not None else computed
        if basis is None:
            return
        expected = profile.grade(basis)
        final = profile.grade(computed) if computed is not None else expected
        wording = "总分" if written_total is not None else "重新计算的总分"
        problems = []
        if expected != written_grade:
            problems.append(
                f"{wording} {_n(basis)} 分对应「{expected}」（{profile.grade_span(expected)}）"
            )
        if final not in (expected, written_grade):
            problems.append(f"按重新计算的总分 {computed} 分应为「{final}」")
        if problems:
            self.add(
                "grade", "错误", "grade",
                f"评价等级写作「{written_grade}」，{'；'.join(problems)}",
                f"将评价等级改为「{final}」",
                self.cite(profile.grading), place=table,
            )  # fmt: skip

    def written_sum(self) -> Decimal | None:
        """The sum of the 得分 written (预算执行率 and every indicator), when all are written."""
        execution = self.result.execution.written_score
        scores = [item.written_score for item in self.result.indicators]
        if execution is None or any(value is None for value in scores):
            return None
        return execution + sum((value for value in scores if value is not None), Decimal(0))

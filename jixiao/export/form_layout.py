"""The official forms of one project (or of a department) laid out on a grid, for the writers
that draw them as tables (`xlsx_form`, `html_form`, `docx_form`); `jixiao.ingest.cell_form`
reads them back by their labels. Which form is chosen by what the model holds:

- a project with an evaluation: the 项目支出绩效自评表 (`_self_evaluation`) — header, the
  money block (项目资金 over 年初预算数 | 全年预算数 | 全年执行数 | 分值 | 执行率 | 得分, a row
  per fund line), 年度总体目标 with 预期目标 | 实际完成情况, the indicator grid with
  年度指标值 | 实际完成值 | 分值 | 得分 | 偏差原因分析及改进措施, then 总分, 等级, 评价结论,
  存在问题, 改进措施;
- a project with monitoring data: the 绩效运行监控表 (`_monitoring`) — the money block over
  年初预算数 | 全年预算数 | 1-6月执行数 | 1-6月执行率 | 全年预计执行数 | 全年预计执行率 |
  偏差原因 | 纠偏措施, and the grid with 1-6月完成情况 | 全年预计完成情况 | 完成目标可能性 |
  偏差原因 | 纠偏措施;
- any other project: the 项目支出绩效目标表 of the 财政部 form (财预〔2015〕88号), with the rows
  the Hebei form adds where the project has them:

    title (merged across) · （2024年度）
    项目编码 | code                       (when the project has one)
    项目名称 | name
    主管部门 | [322]… | 实施单位 | [322002]…
    项目资金（元）┐ 年度资金总额   | amount    (the label merged down over its three rows)
                  │ 其中：财政拨款 | amount
                  ┘ 其他资金       | amount
    资金用途 | text                       (when written)
    资金支出计划（%）| 3月底 | 6月底 …     (dates, then their percentages on the row below)
    中期目标 | goals                      (when written)
    年度目标 | 1、… 2、…
    绩效指标 ┐ 一级指标 | 二级指标 | 三级指标 | [绩效指标描述] | 指标值 | [指标值确定依据]
             ┘ each 一级 cell merged down over its rows, each 二级 over its rows within it

- a department's targets as a table (部门整体支出绩效目标申报表, `lay_out_department`): 部门名称,
  部门编码, 部门职能职责概述, 年度绩效总目标 and the grid.

The target grid has the four columns of the 财政部 form, or the Hebei six when an indicator has
a description or a basis — or when the four would not read back by their labels (a category the
indicator framework does not know, a name that reads as a category): six columns are read by
place. An indicator with columns beyond those (分值, 指标性质, 指标方向性, 备注 …) gets a grid
read by its header labels, in the order real forms print them (`_COLUMNS`); such a grid has no
指标值确定依据 column, as the reader reads that column only by place. Amounts, percentages and
scores carry their numbers, to be written with their decimals.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import groupby
from typing import Literal

from jixiao.core.framework import find_level1, framework
from jixiao.core.model import (
    Budget,
    Department,
    Evaluation,
    FundLine,
    Indicator,
    Monitoring,
    MonitoringFundLine,
    Organisation,
    Project,
    TargetDocument,
    Value,
)
from jixiao.ingest.cell_form import GRID_START, LABELS, TRAILERS, Cell

Kind = Literal[
    "title", "subtitle", "label", "value", "header", "amount", "percent", "figure", "indicator"
]
FormKind = Literal["target", "self-evaluation", "monitoring", "department"]
FOUR = ["一级指标", "二级指标", "三级指标", "指标值"]
SIX = ["一级指标", "二级指标", "三级指标", "绩效指标描述", "指标值", "指标值确定依据"]
SELF_EVALUATION_TITLE = "项目支出绩效自评表"
MONITORING_TITLE = "项目支出绩效运行监控表"
DEPARTMENT_TITLE = "部门整体支出绩效目标申报表"
DEPARTMENT_EVALUATION_TITLE = "部门整体支出绩效自评表"
DEPARTMENT_MONITORING_TITLE = "部门整体支出绩效运行监控表"
ACHIEVED_HEADER = "实际完成情况"
PROGRESS_HEADER = "1-6月完成情况"
"""What a monitoring table heads its goals' progress with, beside 预期目标."""


@dataclass(frozen=True, slots=True)
class Slot:
    """A cell of the form: its place (0-based), its span, its text; `number` for amounts,
    percentages and scores, to be written as numbers with the decimals of `text`."""

    row: int
    column: int
    text: str
    kind: Kind
    rows: int = 1
    columns: int = 1
    number: Decimal | None = None


@dataclass
class Form:
    width: int
    kind: FormKind = "target"
    height: int = 0
    slots: list[Slot] = field(default_factory=list)

    def add(self, column: int, text: str, kind: Kind, *, rows: int = 1, columns: int = 1) -> None:
        self.slots.append(Slot(self.height, column, text, kind, rows=rows, columns=columns))

    def put(
        self, row: int, column: int, number: Decimal | None, kind: Kind, columns: int = 1
    ) -> None:
        """A number's cell (amount, percent or figure), blank when there is none."""
        self.slots.append(Slot(row, column, _number(number), kind, columns=columns, number=number))

    def pair(self, label: str, value: str, kind: Kind = "value") -> None:
        """A labelled row: the label, then its value across the rest of the row."""
        self.add(0, label, "label")
        self.add(1, value, kind, columns=self.width - 1)
        self.height += 1


# -- The indicator grid's columns ----------------------------------------------------------

Getter = Callable[[Indicator], "str | Decimal | None"]


@dataclass(frozen=True, slots=True)
class Column:
    header: str
    value: Getter
    number: bool = False  # written as a number (分值, 得分)


def _monitored(name: str) -> Getter:
    def value(indicator: Indicator) -> str | None:
        watched = indicator.monitoring
        if watched is None:
            return None
        found: Value | str | None = getattr(watched, name)
        return found.raw if isinstance(found, Value) else found

    return value


_NATURE = Column("指标性质", lambda i: i.nature)
_TARGET = Column("指标值", lambda i: i.target.raw)
_YEAR_TARGET = Column("年度指标值", lambda i: i.target.raw)
_ACTUAL = Column("实际完成值", lambda i: i.actual.raw if i.actual is not None else None)
_WEIGHT = Column("分值", lambda i: i.weight, number=True)
_SCORE = Column("得分", lambda i: i.score, number=True)
_DEVIATION = Column("偏差原因分析及改进措施", lambda i: i.deviation)
_DIRECTION = Column("指标方向性", lambda i: i.direction)
_EXPLANATION = Column("指标解释", lambda i: i.description)
_NOTE = Column("备注", lambda i: i.note)
_WATCH = [
    Column("1-6月完成情况", _monitored("midyear")),
    Column("全年预计完成情况", _monitored("expected")),
    Column("完成目标可能性", _monitored("likelihood")),
    Column("偏差原因", _monitored("cause")),
    Column("纠偏措施", _monitored("remedy")),
]
_COLUMNS: dict[FormKind, list[Column]] = {
    # 四川/重庆 目标表: 指标性质 | 指标值 | 度量单位 | 权重(分值) | 指标方向性 … 指标解释 | 备注
    "target": [_NATURE, _TARGET, _WEIGHT, _SCORE, _ACTUAL, _DEVIATION, _DIRECTION, *_WATCH],
    # 自评表: 年度指标值 | 实际完成值 | 分值 | 得分 | 偏差原因分析及改进措施
    "self-evaluation": [_NATURE, _YEAR_TARGET, _ACTUAL, _WEIGHT, _SCORE, _DEVIATION, _DIRECTION,
                        *_WATCH],
    # 监控表: 年度指标值 | 1-6月完成情况 | 全年预计完成情况 | 完成目标可能性 | 偏差原因 | 纠偏措施
    "monitoring": [_NATURE, _YEAR_TARGET, _WEIGHT, *_WATCH, _ACTUAL, _SCORE, _DEVIATION,
                   _DIRECTION],
}  # fmt: skip
_ALWAYS = {
    "target": {"指标值"},
    "self-evaluation": {"年度指标值", "实际完成值", "分值", "得分", "偏差原因分析及改进措施"},
    "monitoring": {"年度指标值", *(column.header for column in _WATCH)},
}
"""The columns a form prints even when no indicator fills them."""
_LEVELS = ["一级指标", "二级指标", "三级指标"]


def grid_columns(indicators: list[Indicator], kind: FormKind) -> list[Column] | None:
    """The columns after 三级指标 of a grid read by its labels; None for a target grid that the
    four or six columns carry (no field beyond 指标值, 绩效指标描述 and 指标值确定依据)."""
    table = _COLUMNS["target" if kind == "department" else kind]
    used = {
        column.header
        for column in [*table, _EXPLANATION, _NOTE]
        if any(column.value(indicator) not in (None, "") for indicator in indicators)
    }
    if kind == "target" and not used - {"指标值", "指标解释"}:
        return None
    always = _ALWAYS.get(kind, _ALWAYS["target"])
    chosen = [column for column in table if column.header in used | always]
    chosen += [column for column in (_EXPLANATION, _NOTE) if column.header in used]
    return chosen


# -- The forms -----------------------------------------------------------------------------


def form_kind(project: Project) -> FormKind:
    if project.evaluation is not None:
        return "self-evaluation"
    if project.monitoring is not None:
        return "monitoring"
    return "target"


def lay_out(project: Project, year: int | None = None) -> Form:
    """The project's form; `year`: the document's, written when the project has none."""
    kind = form_kind(project)
    if kind == "self-evaluation":
        return _self_evaluation(project, year)
    if kind == "monitoring":
        return _monitoring(project, year)
    return _target(project, year)


def _target(project: Project, year: int | None) -> Form:
    labelled = grid_columns(project.indicators, "target")
    headers = FOUR if _by_labels(project) else SIX
    plan = project.spending_plan
    grid_width = 4 + len(labelled) if labelled is not None else 1 + len(headers)
    form = Form(width=max(grid_width, 1 + len(plan), 4))
    _head(form, project, year)
    _budget(form, project)
    _purpose_and_plan(form, project)
    if project.long_term_goals:
        form.pair("中期目标", goal_text(project.long_term_goals))
    form.pair("年度目标", goal_text(project.goals))
    if labelled is not None:
        _labelled_grid(form, project.indicators, labelled)
    else:
        _grid(form, project.indicators, headers)
    return form


def _self_evaluation(project: Project, year: int | None) -> Form:
    evaluation = project.evaluation or Evaluation()
    columns = grid_columns(project.indicators, "self-evaluation") or []
    funds = _fund_columns(evaluation.funds)
    form = Form(width=max(4 + len(columns), 2 + len(funds), 1 + len(project.spending_plan), 6))
    form.kind = "self-evaluation"
    _head(form, project, year, SELF_EVALUATION_TITLE)
    if project.budget != _budget_of(evaluation.funds):
        _budget(form, project)  # 预算数 the money block does not give
    _purpose_and_plan(form, project)
    if evaluation.funds:
        _money_block(form, project.money_unit, evaluation.funds, funds)
    if project.long_term_goals:
        form.pair("中期目标", goal_text(project.long_term_goals))
    _goals_achieved(form, project.goals, evaluation.goal_achieved)
    if evaluation.implementation:
        form.pair("项目实施内容及过程概述", evaluation.implementation)
    _labelled_grid(form, project.indicators, columns)
    _results(form, evaluation)
    return form


def _monitoring(project: Project, year: int | None) -> Form:
    monitoring = project.monitoring or Monitoring()
    columns = grid_columns(project.indicators, "monitoring") or []
    funds = _MONITORING_FUNDS
    form = Form(width=max(4 + len(columns), 2 + len(funds), 1 + len(project.spending_plan), 6))
    form.kind = "monitoring"
    _head(form, project, year, MONITORING_TITLE)
    _budget(form, project)  # a monitoring table's money block is no 预算数
    _purpose_and_plan(form, project)
    _money_block(form, project.money_unit, monitoring.funds, funds)
    if project.long_term_goals:
        form.pair("中期目标", goal_text(project.long_term_goals))
    if monitoring.goal_progress:
        _goals_achieved(form, project.goals, monitoring.goal_progress, PROGRESS_HEADER)
    else:
        form.pair("年度目标", goal_text(project.goals))
    _labelled_grid(form, project.indicators, columns)
    return form


def lay_out_department(
    department: Department, year: int | None = None, money_unit: str = "元"
) -> Form:
    """The 部门整体支出绩效目标申报表: 部门名称, 部门编码, 部门职能职责概述, 部门预算资金 (when
    known), 年度绩效总目标 and the indicator grid (its 分项绩效目标 and 工作保障措施 have no place
    in this table)."""
    if department.evaluation is not None:
        return _department_evaluation(department, department.evaluation, year, money_unit)
    if department.monitoring is not None:
        return _department_monitoring(department, department.monitoring, year, money_unit)
    indicators = department.indicators
    columns = grid_columns(indicators, "department") or [_TARGET]
    width = max(4 + len(columns), 6 if department.tasks else 5)
    form = Form(width=width, kind="department")
    _department_head(form, department, DEPARTMENT_TITLE, year)
    if department.tasks:
        _tasks(form, department, money_unit)
    else:
        _department_budget(form, department.budget, money_unit)
    form.pair("年度绩效总目标", department.overall_goal or "")
    if indicators:
        _labelled_grid(form, indicators, columns)
    return form


def _department_evaluation(
    department: Department, evaluation: Evaluation, year: int | None, money_unit: str
) -> Form:
    """The 部门整体支出绩效自评表: the department's head, its money block (年度预算申请 over
    年初预算数 | 全年预算数 | 全年执行数 | 分值 | 执行率 | 得分), 年度总体目标 with 预期目标 |
    实际完成情况, the grid with 实际完成值 | 分值 | 得分 | 偏差原因, then 总分 and the rest."""
    columns = grid_columns(department.indicators, "self-evaluation") or []
    funds = _fund_columns(evaluation.funds)
    form = Form(width=max(4 + len(columns), 2 + len(funds), 6), kind="department")
    _department_head(form, department, DEPARTMENT_EVALUATION_TITLE, year)
    if department.budget is not None and department.budget != _budget_of(evaluation.funds):
        _department_budget(form, department.budget, money_unit)  # what the block does not give
    if evaluation.funds:
        _money_block(form, money_unit, evaluation.funds, funds, "年度预算申请")
    goals = department.overall_goal.split("\n") if department.overall_goal else []
    _goals_achieved(form, goals, evaluation.goal_achieved)
    _labelled_grid(form, department.indicators, columns)
    _results(form, evaluation)
    return form


def _department_monitoring(
    department: Department, monitoring: Monitoring, year: int | None, money_unit: str
) -> Form:
    """The 部门整体支出绩效运行监控表: the department's head, its money block (年度预算执行情况
    over 年初预算数 | 全年预算数 | 1-6月执行数 …), 年度总体目标 with 预期目标 | 1-6月完成情况,
    and the grid with 1-6月完成情况 | 全年预计完成情况 | 完成目标可能性 | 偏差原因 | 纠偏措施."""
    columns = grid_columns(department.indicators, "monitoring") or []
    funds = _MONITORING_FUNDS
    form = Form(width=max(4 + len(columns), 2 + len(funds), 6), kind="department")
    _department_head(form, department, DEPARTMENT_MONITORING_TITLE, year)
    _department_budget(form, department.budget, money_unit)
    if monitoring.funds:
        _money_block(form, money_unit, monitoring.funds, funds, "年度预算执行情况")
    goals = department.overall_goal.split("\n") if department.overall_goal else []
    _goals_achieved(form, goals, monitoring.goal_progress, PROGRESS_HEADER)
    _labelled_grid(form, department.indicators, columns)
    return form


def _department_head(form: Form, department: Department, title: str, year: int | None) -> None:
    form.add(0, title, "title", columns=form.width)
    form.height += 1
    if year is not None:
        form.add(0, f"（{year}年度）", "subtitle", columns=form.width)
        form.height += 1
    form.pair("部门名称", department.name or "")
    if department.code:
        form.pair("部门编码", department.code)
    if department.duties:
        form.pair("部门职能职责概述", department.duties)


def _tasks(form: Form, department: Department, money_unit: str) -> None:
    """年度主要任务 merged down over its table: 任务名称 | 主要内容 | 预算金额 over 总额 |
    财政拨款 | 其他资金, a row a task, then 金额合计 — the department's budget — when it has one."""
    budget = department.budget if department.budget != Budget() else None
    tasks = department.tasks
    span = form.width - 5  # 主要内容 takes what the three amounts leave
    form.add(0, "年度主要任务", "label", rows=2 + len(tasks) + (budget is not None))
    form.add(1, "任务名称", "header", rows=2)
    form.add(2, "主要内容", "header", rows=2, columns=span)
    form.add(2 + span, f"预算金额（{money_unit}）", "header", columns=3)
    form.height += 1
    for n, header in enumerate(("总额", "财政拨款", "其他资金")):
        form.add(2 + span + n, header, "header")
    form.height += 1
    for task in tasks:
        form.add(1, task.name, "value")
        form.add(2, task.content or "", "value", columns=span)
        _amounts(form, 2 + span, task.budget)
    if budget is not None:
        form.add(1, "金额合计", "label", columns=1 + span)
        _amounts(form, 2 + span, budget)


def _amounts(form: Form, column: int, budget: Budget) -> None:
    """A row's 总额 | 财政拨款 | 其他资金 from `column` on, ending the row."""
    for n, amount in enumerate((budget.total, budget.fiscal, budget.other)):
        form.put(form.height, column + n, amount, "amount")
    form.height += 1


def _department_budget(form: Form, budget: Budget | None, money_unit: str) -> None:
    if budget is not None and budget != Budget():
        form.add(0, f"部门预算资金（{money_unit}）", "label", rows=3)
        for label, amount in (
            ("年度资金总额", budget.total),
            ("其中：财政拨款", budget.fiscal),
            ("其他资金", budget.other),
        ):
            form.add(1, label, "label")
            form.put(form.height, 2, amount, "amount", columns=form.width - 2)
            form.height += 1


def department_table(document: TargetDocument) -> bool:
    """Whether the department part has what only the 部门整体支出绩效目标申报表 holds — 职能职责,
    an indicator grid, the department's budget — beyond the Hebei text's name, code, 总体绩效目标,
    分项绩效目标 and 工作保障措施."""
    department = document.department
    return department is not None and bool(
        department.duties
        or department.indicators
        or department.budget
        or department.evaluation
        or department.monitoring
    )


def department_form(document: TargetDocument) -> Form:
    """The document's department-wide table; the year and money unit are the document's."""
    if document.department is None:
        raise ValueError("文件中没有部门整体绩效目标")
    year = document.year if not document.projects else None
    unit = document.department.money_unit or (
        document.projects[0].money_unit if document.projects else "元"
    )
    return lay_out_department(document.department, year, unit)


def _head(form: Form, project: Project, year: int | None, default_title: str = "") -> None:
    width = form.width
    title = project.title or default_title
    if title:
        form.add(0, title, "title", columns=width)
        form.height += 1
    year = project.year if project.year is not None else year
    if year is not None and not names_year(title, year):
        form.add(0, f"（{year}年度）", "subtitle", columns=width)
        form.height += 1
    if project.code:
        form.pair("项目编码", project.code)
    form.pair("项目名称", project.name)
    left = (width - 1) // 2  # 主管部门's value; 实施单位 and its value take the rest
    form.add(0, "主管部门", "label")
    form.add(1, organisation(project.supervisor), "value", columns=left)
    form.add(1 + left, "实施单位", "label")
    form.add(2 + left, organisation(project.unit), "value", columns=width - 2 - left)
    form.height += 1


def names_year(title: str, year: int) -> bool:
    """Whether the title gives the year as the reader reads it: 2019年度, (2021), （2023年）."""
    compact = "".join(title.split())
    return f"{year}年度" in compact or any(
        f"{left}{year}{tail}{right}" in compact
        for left, right in ("()", "（）", "(）", "（)")
        for tail in ("", "年", "年度")
    )


WEIGHTS = {
    "一级指标": 9, "二级指标": 9, "三级指标": 20, "绩效指标描述": 20, "指标解释": 16,
    "指标性质": 7, "指标值": 11, "年度指标值": 11, "实际完成值": 11, "分值": 7, "得分": 7,
    "偏差原因分析及改进措施": 16, "指标方向性": 8, "指标值确定依据": 12, "备注": 12,
    "1-6月完成情况": 11, "全年预计完成情况": 11, "完成目标可能性": 8, "偏差原因": 12,
    "纠偏措施": 12, "年初预算数": 11, "全年预算数": 11, "全年执行数": 11, "执行率": 9,
    "原因": 12, "1-6月执行数": 11, "1-6月执行率": 9, "全年预计执行数": 11, "全年预计执行率": 9,
}  # fmt: skip
"""Relative widths of the columns under the headers of the grid and the money block: names and
texts wide, amounts middling, scores narrow."""


def column_weights(form: Form) -> tuple[int, ...]:
    """Each column's relative width: the widest header of the grid or the money block starting
    in it (the label column 12; a column without one, or covered by a header across several,
    8)."""
    weights = [12] + [8] * (form.width - 1)
    for slot in form.slots:
        if slot.kind == "header" and slot.column > 0 and slot.text in WEIGHTS:
            weights[slot.column] = max(weights[slot.column], WEIGHTS[slot.text])
        elif slot.kind == "label" and slot.column == 1 and slot.columns == 1:
            weights[1] = max(weights[1], 11)  # the money lines' labels: 其中：财政拨款
    return tuple(weights)


def _budget(form: Form, project: Project) -> None:
    form.add(0, f"项目资金（{project.money_unit}）", "label", rows=3)
    budget = project.budget
    for label, amount in (
        ("年度资金总额", budget.total),
        ("其中：财政拨款", budget.fiscal),
        ("其他资金", budget.other),
    ):
        form.add(1, label, "label")
        form.put(form.height, 2, amount, "amount", columns=form.width - 2)
        form.height += 1


def _purpose_and_plan(form: Form, project: Project) -> None:
    if project.purpose:
        form.pair("资金用途", project.purpose)
    plan = project.spending_plan
    if plan:
        form.add(0, "资金支出计划（%）", "label", rows=2)
        for n, point in enumerate(plan, start=1):
            form.add(n, point.by, "header")
            form.put(form.height + 1, n, point.percent, "percent")
        form.height += 2


FundField = tuple[str, str, Kind]
_EVALUATION_FUNDS: list[FundField] = [
    ("年初预算数", "initial_budget", "amount"),
    ("全年预算数", "full_year_budget", "amount"),
    ("全年执行数", "executed", "amount"),
    ("分值", "weight", "figure"),
    ("执行率", "rate", "percent"),
    ("得分", "score", "figure"),
    ("原因", "note", "value"),
]
_MONITORING_FUNDS: list[FundField] = [
    ("年初预算数", "initial_budget", "amount"),
    ("全年预算数", "full_year_budget", "amount"),
    ("1-6月执行数", "midyear_executed", "amount"),
    ("1-6月执行率", "midyear_rate", "percent"),
    ("全年预计执行数", "expected_executed", "amount"),
    ("全年预计执行率", "expected_rate", "percent"),
    ("偏差原因", "cause", "value"),
    ("纠偏措施", "remedy", "value"),
]


def _fund_columns(lines: list[FundLine]) -> list[FundField]:
    """The money block's columns: those some line fills, in the form's order; 全年预算数 and
    全年执行数 always (the block is recognised by its first money column)."""
    used = {name for line in lines for name, value in line if value is not None}
    return [
        column for column in _EVALUATION_FUNDS
        if column[1] in used or column[1] in ("full_year_budget", "executed")
    ]  # fmt: skip


def _money_block(
    form: Form,
    money_unit: str,
    lines: list[FundLine] | list[MonitoringFundLine],
    columns: list[FundField],
    heading: str = "项目资金",
) -> None:
    """项目资金（万元） merged down over the block; its header; a row per fund line."""
    form.add(0, f"{heading}（{money_unit}）", "label", rows=1 + len(lines))
    form.add(1, "", "header")
    spans = [1] * (len(columns) - 1) + [form.width - 1 - len(columns)]
    for n, ((header, _, _), span) in enumerate(zip(columns, spans, strict=True), start=2):
        form.add(n, header, "header", columns=span)
    form.height += 1
    for line in lines:
        form.add(1, line.label, "label")
        for n, ((_, name, kind), span) in enumerate(zip(columns, spans, strict=True), start=2):
            value = getattr(line, name, None)
            if kind == "value":
                form.add(n, value or "", "value", columns=span)
            else:
                form.put(form.height, n, value, kind, columns=span)
        form.height += 1


def _budget_of(lines: list[FundLine]) -> Budget:
    """The 预算数 the reader takes from a self-evaluation's money block: 全年预算数 (else
    年初预算数) of the first total, fiscal and other line."""
    total = fiscal = other = None
    for line in lines:
        amount = line.full_year_budget if line.full_year_budget is not None else line.initial_budget
        label = line.label
        if total is None and ("总额" in label or label in ("合计", "预算数")):
            total = amount
        elif fiscal is None and ("财政" in label or "中央" in label) and "专户" not in label:
            fiscal = amount
        elif other is None and ("其他资金" in label or "其它资金" in label):
            other = amount
    return Budget(total=total, fiscal=fiscal, other=other)


def _goals_achieved(
    form: Form, goals: list[str], achieved: str | None, header: str = ACHIEVED_HEADER
) -> None:
    """年度总体目标 over 预期目标 | 实际完成情况 (a monitoring table's: 1-6月完成情况): a goal and
    what was achieved of it a row (when they pair up), else all goals beside all achieved."""
    if not goals:  # what was achieved, under a heading that expects no goal before it
        form.add(0, "总体目标完成情况", "label", rows=2)
        form.add(1, header, "header", columns=form.width - 1)
        form.height += 1
        form.add(1, achieved or "", "value", columns=form.width - 1)
        form.height += 1
        return
    lines = achieved.split("\n") if achieved else []
    pairs = list(zip(goals, lines, strict=True)) if len(goals) == len(lines) > 1 else []
    if not pairs:
        pairs = [(goal_text(goals), achieved or "")]
    left = (form.width - 1) // 2
    form.add(0, "年度总体目标", "label", rows=1 + len(pairs))
    form.add(1, "预期目标", "header", columns=left)
    form.add(1 + left, header, "header", columns=form.width - 1 - left)
    form.height += 1
    for goal, done in pairs:
        form.add(1, goal, "value", columns=left)
        form.add(1 + left, done, "value", columns=form.width - 1 - left)
        form.height += 1


def _results(form: Form, evaluation: Evaluation) -> None:
    """总分 and 等级, 评价结论, 存在问题, 改进措施 below the grid — a row each, the grid ending at
    the first (总分, else 评价结论)."""
    texts = [
        ("评价结论", evaluation.conclusion),
        ("存在问题", evaluation.problems),
        ("改进措施", evaluation.improvements),
    ]
    rows: list[tuple[str, str | None, Decimal | None]] = []
    if evaluation.total_score is not None:
        rows.append(("总分", None, evaluation.total_score))
        rows.append(("等级", evaluation.grade, None))
        rows += [(label, text, None) for label, text in texts]
    elif any(text for _, text in texts) or evaluation.grade:
        rows += [(label, text, None) for label, text in texts]
        rows.append(("等级", evaluation.grade, None))
    for label, text, number in rows:
        if label == "总分":
            form.add(0, label, "label")
            form.put(form.height, 1, number, "figure", columns=form.width - 1)
            form.height += 1
        elif text or label == "评价结论":
            form.pair(label, text or "")


def _labelled_grid(form: Form, indicators: list[Indicator], columns: list[Column]) -> None:
    """The grid read by its header labels: 一级 | 二级 | 三级 | the columns; the last column
    takes what is left of the row."""
    headers = [*_LEVELS, *(column.header for column in columns)]
    spans = [1] * (len(headers) - 1) + [form.width - len(headers)]
    form.add(0, "绩效指标", "label", rows=1 + len(indicators))
    for n, (header, span) in enumerate(zip(headers, spans, strict=True), start=1):
        form.add(n, header, "header", columns=span)
    form.height += 1
    _levels(form, indicators)
    for indicator in indicators:
        form.add(3, indicator.name, "indicator")
        for n, (column, span) in enumerate(zip(columns, spans[3:], strict=True), start=4):
            value = column.value(indicator)
            if isinstance(value, Decimal):
                form.put(form.height, n, value, "figure", columns=span)
            else:
                form.add(n, value or "", "indicator", columns=span)
        form.height += 1


def _levels(form: Form, indicators: list[Indicator]) -> None:
    top = form.height
    for start, count in _runs(indicators, level=1):
        form.slots.append(
            Slot(top + start, 1, indicators[start].level1 or "", "indicator", rows=count)
        )
    for start, count in _runs(indicators, level=2):
        form.slots.append(
            Slot(top + start, 2, indicators[start].level2 or "", "indicator", rows=count)
        )


def _grid(form: Form, indicators: list[Indicator], columns: list[str]) -> None:
    last = len(columns)  # the last column takes what is left of the row
    spans = [1] * (last - 1) + [form.width - last]
    form.add(0, "绩效指标", "label", rows=1 + len(indicators))
    for n, (header, span) in enumerate(zip(columns, spans, strict=True), start=1):
        form.add(n, header, "header", columns=span)
    form.height += 1
    _levels(form, indicators)
    for indicator in indicators:
        values = {
            "三级指标": indicator.name,
            "绩效指标描述": indicator.description or "",
            "指标值": indicator.target.raw,
            "指标值确定依据": indicator.basis or "",
        }
        for n, (header, span) in enumerate(zip(columns, spans, strict=True), start=1):
            if header in values:
                form.add(n, values[header], "indicator", columns=span)
        form.height += 1


def _runs(indicators: list[Indicator], level: int) -> list[tuple[int, int]]:
    """(first row, rows) of each merged 一级 (level 1) or 二级 (level 2) cell: rows in a run
    share the category (a 二级 run stays within its 一级 run). A row whose 二级 is blank after
    one that has it starts a new 一级 run, as a blank merged cell reads as the one above."""
    keys: list[tuple[int, str | None, str | None]] = []
    run = 0
    for n, indicator in enumerate(indicators):
        if n and (
            indicator.level1 != indicators[n - 1].level1
            or (indicator.level2 is None and indicators[n - 1].level2 is not None)
        ):
            run += 1
        keys.append((run, indicator.level1, indicator.level2 if level == 2 else None))
    found: list[tuple[int, int]] = []
    position = 0
    for _, group in groupby(keys):
        count = len(list(group))
        found.append((position, count))
        position += count
    return found


def _by_labels(project: Project) -> bool:
    """Whether the four-column grid reads back by its labels: no description or basis, every
    category known to the framework, no name or value that reads as a label."""
    for indicator in project.indicators:
        if indicator.description or indicator.basis or indicator.category is None:
            return False
        if indicator.level1 is not None and find_level1(indicator.level1) is None:
            return False
        if indicator.level2 is not None and not _is_level2(indicator.level2):
            return False
        if _reads_as_label(indicator.name) or _reads_as_label(indicator.target.raw):
            return False
    return True


def _is_level2(text: str) -> bool:
    key = Cell(text, 0).key
    return any(level1.find(key) is not None for level1 in framework())


def _reads_as_label(text: str) -> bool:
    key = Cell(text, 0).key
    return (
        key in LABELS
        or key in (GRID_START, "指标")
        or find_level1(key) is not None
        or _is_level2(text)
        or text.lstrip().startswith(TRAILERS)
    )


def organisation(organisation: Organisation | None) -> str:
    if organisation is None:
        return ""
    return f"[{organisation.code}]{organisation.name}" if organisation.code else organisation.name


def goal_text(goals: list[str]) -> str:
    """One goal as written; several numbered 1、2、…, a line each."""
    if len(goals) == 1:
        return goals[0]
    return "\n".join(f"{n}、{goal}" for n, goal in enumerate(goals, start=1))


def _number(number: Decimal | None) -> str:
    return "" if number is None else format(number, "f")


def decimals(number: Decimal) -> int:
    """Decimal places as written: 2 for 60000.00, 0 for 854."""
    exponent = number.as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


def sheet_title(position: int, name: str) -> str:
    """A sheet's name for the project: its number and name, within Excel's 31 characters,
    without the characters Excel refuses."""
    cleaned = "".join(" " if char in "[]:*?/\\" else char for char in name).strip("' ")
    return f"{position}-{cleaned}"[:31].rstrip()

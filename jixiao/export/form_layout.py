"""The 项目支出绩效目标表 of one project laid out on a grid, for the writers that draw it as a
table (`xlsx_form`, `html_form`); `jixiao.ingest.cell_form` reads it back by its labels.

The 财政部 form (财预〔2015〕88号), with the rows the Hebei form adds where the project has them:

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

The grid has the four columns of the 财政部 form, or the Hebei six when an indicator has a
description or a basis — or when the four would not read back by their labels (a category the
indicator framework does not know, a name that reads as a category): six columns are read by
place. Amounts and percentages carry their numbers, to be written with their decimals.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from itertools import groupby
from typing import Literal

from jixiao.core.framework import find_level1, framework
from jixiao.core.model import Indicator, Organisation, Project
from jixiao.ingest.cell_form import GRID_START, LABELS, TRAILERS, Cell

Kind = Literal["title", "subtitle", "label", "value", "header", "amount", "percent", "indicator"]
FOUR = ["一级指标", "二级指标", "三级指标", "指标值"]
SIX = ["一级指标", "二级指标", "三级指标", "绩效指标描述", "指标值", "指标值确定依据"]


@dataclass(frozen=True, slots=True)
class Slot:
    """A cell of the form: its place (0-based), its span, its text; `number` for amounts and
    percentages, to be written as numbers with the decimals of `text`."""

    row: int
    column: int
    text: str
    kind: Kind
    rows: int = 1
    columns: int = 1
    number: Decimal | None = None


@dataclass
class Form:
    project: Project
    width: int
    height: int = 0
    slots: list[Slot] = field(default_factory=list)

    def add(self, column: int, text: str, kind: Kind, *, rows: int = 1, columns: int = 1) -> None:
        self.slots.append(Slot(self.height, column, text, kind, rows=rows, columns=columns))

    def pair(self, label: str, value: str, kind: Kind = "value") -> None:
        """A labelled row: the label, then its value across the rest of the row."""
        self.add(0, label, "label")
        self.add(1, value, kind, columns=self.width - 1)
        self.height += 1


def lay_out(project: Project) -> Form:
    columns = FOUR if _by_labels(project) else SIX
    plan = project.spending_plan
    form = Form(project, width=max(1 + len(columns), 1 + len(plan), 4))
    width = form.width
    if project.title:
        form.add(0, project.title, "title", columns=width)
        form.height += 1
    if project.year is not None:
        form.add(0, f"（{project.year}年度）", "subtitle", columns=width)
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
    form.add(0, f"项目资金（{project.money_unit}）", "label", rows=3)
    budget = project.budget
    for label, amount in (
        ("年度资金总额", budget.total),
        ("其中：财政拨款", budget.fiscal),
        ("其他资金", budget.other),
    ):
        form.add(1, label, "label")
        form.slots.append(
            Slot(form.height, 2, _number(amount), "amount", columns=width - 2, number=amount)
        )
        form.height += 1
    if project.purpose:
        form.pair("资金用途", project.purpose)
    if plan:
        form.add(0, "资金支出计划（%）", "label", rows=2)
        for n, point in enumerate(plan, start=1):
            form.add(n, point.by, "header")
            form.slots.append(
                Slot(form.height + 1, n, _number(point.percent), "percent", number=point.percent)
            )
        form.height += 2
    if project.long_term_goals:
        form.pair("中期目标", goal_text(project.long_term_goals))
    form.pair("年度目标", goal_text(project.goals))
    _grid(form, columns)
    return form


def _grid(form: Form, columns: list[str]) -> None:
    indicators = form.project.indicators
    last = len(columns)  # the last column takes what is left of the row
    spans = [1] * (last - 1) + [form.width - last]
    form.add(0, "绩效指标", "label", rows=1 + len(indicators))
    for n, (header, span) in enumerate(zip(columns, spans, strict=True), start=1):
        form.add(n, header, "header", columns=span)
    form.height += 1
    top = form.height
    for start, count in _runs(indicators, level=1):
        form.slots.append(
            Slot(top + start, 1, indicators[start].level1 or "", "indicator", rows=count)
        )
    for start, count in _runs(indicators, level=2):
        form.slots.append(
            Slot(top + start, 2, indicators[start].level2 or "", "indicator", rows=count)
        )
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

"""Writer of the Word-text layout (`seed-text`): the inverse of `jixiao.ingest.seed_text`.

Reading what this writes gives back an identical model; on a document read from this layout it
reproduces the original text apart from what the reader normalises away (trailing spaces in
cells, page numbers).
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from jixiao.core.model import Department, Indicator, Project, TargetDocument

_CN_NUMBERS = "一二三四五六七八九十"
_INDENT = "    "


def render(document: TargetDocument) -> str:
    return "".join(_document(document))


def _document(document: TargetDocument) -> Iterator[str]:
    if document.department is not None:
        yield "第一部分\n部门整体绩效目标\n"
        yield from _department(document.department)
    if document.projects:
        yield "第二部分\n预算项目绩效目标\n"
        for number, project in enumerate(document.projects, start=1):
            yield from _project(number, project)


def _department(department: Department) -> Iterator[str]:
    yield _heading("一、总体绩效目标", "总体绩效目标", "A")
    yield from _paragraph(department.overall_goal or "")
    yield _heading("二、分项绩效目标", "分项绩效目标", "A")
    for number, sub_goal in enumerate(department.sub_goals, start=1):
        yield from _paragraph(f"{chinese_number(number)}、{sub_goal.title}")
        if sub_goal.goal is not None:
            yield from _paragraph(f"绩效目标：{sub_goal.goal}")
        if sub_goal.indicator_text is not None:
            yield from _paragraph(f"绩效指标：{sub_goal.indicator_text}")
    yield _heading("三、工作保障措施", "工作保障措施", "A")
    for number, safeguard in enumerate(department.safeguards, start=1):
        yield from _paragraph(f"{chinese_number(number)}、{safeguard}")


def _project(number: int, project: Project) -> Iterator[str]:
    title = f"{number}、{project.title or project.name + '绩效目标表'}"
    yield _heading(title, title, "C")
    unit = project.unit
    yield _row([(unit.code or "") + unit.name, f"单位：{project.money_unit}"])
    yield _row(["项目编码", project.code or "", "项目名称", project.name])
    budget = project.budget
    yield _row(
        [
            "预算规模及资金用途",
            "预算数",
            amount_text(budget.total),
            "其中：财政资金",
            amount_text(budget.fiscal),
            "其他资金",
            amount_text(budget.other),
        ]
    )
    yield _row(["", project.purpose or ""])
    plan = project.spending_plan
    yield _row(["资金支出计划（%）", *(point.by for point in plan)])
    yield _row(["", *(amount_text(point.percent) for point in plan)])
    yield _row(["绩效目标", _items(project.goals)]) + "\n"
    if project.long_term_goals:
        yield _row(["长期绩效目标", _items(project.long_term_goals)]) + "\n"
    yield _row(["一级指标", "二级指标", "三级指标", "绩效指标描述", "指标值", "指标值确定依据"])
    previous: Indicator | None = None
    for indicator in project.indicators:
        yield _row(_indicator_cells(indicator, previous))
        previous = indicator
    yield "\n"


def _indicator_cells(indicator: Indicator, previous: Indicator | None) -> list[str]:
    # Word writes a vertically merged 一级 cell once; the rows below it come out blank.
    merged = previous is not None and previous.level1 == indicator.level1
    return [
        "" if merged else indicator.level1 or "",
        indicator.level2 or "",
        indicator.name,
        indicator.description or "",
        indicator.target.raw,
        indicator.basis or "",
    ]


def _heading(text: str, entry: str, level: str) -> str:
    return f"{text} TC {entry} \\f {level} \\l 1 \n"


def _paragraph(text: str) -> Iterator[str]:
    yield "".join(f"{_INDENT}{line}\n" for line in text.split("\n")) + "\n"


def _row(cells: list[str]) -> str:
    return "".join(f"\t{cell}\n" for cell in cells) + "\n"


def _items(items: list[str]) -> str:
    return "\n".join(f"{number}、{item}" for number, item in enumerate(items, start=1))


def amount_text(number: Decimal | None) -> str:
    """An amount as the form writes it: exactly its written digits, blank when missing."""
    return "" if number is None else format(number, "f")


def chinese_number(number: int) -> str:
    """一, 二 … 十, 十一 … 九十九: the numbering of the sub-goals and safeguards."""
    if number <= 10:
        return _CN_NUMBERS[number - 1]
    tens, ones = divmod(number, 10)
    return (
        (_CN_NUMBERS[tens - 1] if tens > 1 else "") + "十" + (_CN_NUMBERS[ones - 1] if ones else "")
    )

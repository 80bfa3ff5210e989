"""A target document printed for a terminal (rich tables that align Chinese text)."""

from __future__ import annotations

from decimal import Decimal

from rich.console import Console
from rich.table import Table

from jixiao.core.model import Department, Indicator, Operator, Project, TargetDocument, Value
from jixiao.ingest.layouts import layout_name

_SYMBOLS: dict[Operator, str] = {">=": "≥", "<=": "≤", ">": ">", "<": "<", "=": "="}
_WORDS: dict[Operator, str] = {">=": "不低于", "<=": "不超过", ">": "高于", "<": "低于", "=": ""}


def print_document(document: TargetDocument, console: Console | None = None) -> None:
    console = console or Console()
    console.print(
        f"[bold]{document.source}[/bold]  版式：{layout_name(document.layout)}"
        f"  年度：{document.year or '未注明'}"
    )
    if document.department is not None:
        _print_department(console, document.department)
    for project in document.projects:
        _print_project(console, project)


def _print_department(console: Console, department: Department) -> None:
    name = " ".join(filter(None, [department.code, department.name])) or "部门"
    console.rule(f"部门整体绩效目标 · {name}")
    if department.overall_goal:
        console.print(f"[bold]总体绩效目标[/bold]：{department.overall_goal}")
    for number, sub_goal in enumerate(department.sub_goals, start=1):
        console.print(f"\n[bold]{number}. {sub_goal.title}[/bold]")
        if sub_goal.goal:
            console.print(f"  绩效目标：{sub_goal.goal}")
        console.print(_indicator_table(sub_goal.indicators, with_levels=False))
    if department.safeguards:
        console.print("\n[bold]工作保障措施[/bold]")
        for number, safeguard in enumerate(department.safeguards, start=1):
            console.print(f"  {number}. {safeguard}")


def _print_project(console: Console, project: Project) -> None:
    console.rule(f"{project.code or '（无编码）'} {project.name}")
    unit = project.unit
    budget = project.budget
    console.print(f"单位：{unit.code or ''} {unit.name}    金额单位：{project.money_unit}")
    console.print(
        f"预算数 {_amount(budget.total)}（财政资金 {_amount(budget.fiscal)}，"
        f"其他资金 {_amount(budget.other)}）"
    )
    if project.purpose:
        console.print(f"资金用途：{project.purpose}")
    if project.spending_plan:
        plan = "  ".join(f"{p.by} {_amount(p.percent)}%" for p in project.spending_plan)
        console.print(f"资金支出计划：{plan}")
    for number, goal in enumerate(project.goals, start=1):
        console.print(f"绩效目标 {number}：{goal}")
    console.print(_indicator_table(project.indicators, with_levels=True))


def _indicator_table(indicators: list[Indicator], *, with_levels: bool) -> Table:
    # Chinese has no spaces to wrap at: long cells fold instead of being cut off with "…".
    table = Table(show_lines=False, expand=False)
    if with_levels:
        table.add_column("一级指标", overflow="fold")
        table.add_column("二级指标", overflow="fold")
    table.add_column("三级指标", overflow="fold")
    table.add_column("指标值", overflow="fold")
    table.add_column("解读", overflow="fold")
    table.add_column("确定依据", overflow="fold")
    for indicator in indicators:
        cells = [
            indicator.name,
            indicator.target.raw,
            reading(indicator.target),
            indicator.basis or "（空）",
        ]
        if with_levels:
            cells = [indicator.level1 or "", indicator.level2 or "", *cells]
        table.add_row(*cells)
    return table


def reading(value: Value) -> str:
    """How a value was read, in the words of the forms: "≥ 4 %", "≤ 5 次", "80～90 %", "12月底前",
    "定性：优良"; "（空）" for an empty cell."""
    if value.kind == "quantity" and value.number is not None:
        parts = (_SYMBOLS[value.op or "="], _amount(value.number), value.unit)
        return " ".join(part for part in parts if part)
    if value.kind == "range" and value.number is not None and value.upper is not None:
        span = f"{_amount(value.number)}～{_amount(value.upper)}"
        return f"{span} {value.unit}" if value.unit else span
    if value.kind == "date" and value.text:
        return value.text + "前" if value.op == "<=" else value.text
    if value.kind == "period" and value.text:
        return f"期间 {value.text}"
    if value.kind == "qualitative":
        return "定性：" + (_WORDS[value.op] if value.op else "") + (value.text or value.raw)
    return "（空）"


def _amount(number: Decimal | None) -> str:
    return "—" if number is None else format(number, "f")

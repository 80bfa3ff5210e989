"""A target document printed for a terminal (rich tables that align Chinese text)."""

from __future__ import annotations

from decimal import Decimal

from rich.console import Console
from rich.table import Table

from jixiao.core.model import Department, Indicator, Project, TargetDocument


def print_document(document: TargetDocument, console: Console | None = None) -> None:
    console = console or Console()
    console.print(
        f"[bold]{document.source}[/bold]  版式：{document.layout or '—'}"
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
    table = Table(show_lines=False, expand=False)
    if with_levels:
        table.add_column("一级指标")
        table.add_column("二级指标")
    table.add_column("三级指标")
    table.add_column("指标值")
    table.add_column("解读")
    table.add_column("确定依据")
    for indicator in indicators:
        target = indicator.target
        reading = " ".join(
            str(part)
            for part in (target.op, target.number, target.unit, target.text)
            if part is not None
        )
        cells = [
            indicator.name,
            target.raw,
            f"{target.kind}: {reading}",
            indicator.basis or "（空）",
        ]
        if with_levels:
            cells = [indicator.level1 or "", indicator.level2 or "", *cells]
        table.add_row(*cells)
    return table


def _amount(number: Decimal | None) -> str:
    return "—" if number is None else format(number, "f")

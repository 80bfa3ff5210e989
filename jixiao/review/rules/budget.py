"""Review rules of the `budget` family: the money adds up and matches the targets.

预算数 = 财政资金 + 其他资金 (policy.md §6.1); a cost indicator cannot exceed the budget it is part
of (适当性, policy.md §2.1 and §2.3 item 8).
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from jixiao.core.model import Project, TargetDocument
from jixiao.review.engine import Hit, document_rule, project_rule
from jixiao.review.references import cite

ARITHMETIC = cite("practice", point="预算数 = 财政资金 + 其他资金")
_TO_YUAN = {"元": Decimal(1), "千元": Decimal(1000), "万元": Decimal(10000), "万": Decimal(10000),
            "亿元": Decimal(100000000)}  # fmt: skip


_LEAST_YUAN = Decimal(1000)
"""Below this many 元 no project's money is plausible: the table's 金额单位 (mostly 万元) is
missing or wrong, and the model took 元, the unit of a table that states none."""


def _amount(number: Decimal | None) -> str:
    return "空" if number is None else format(number, "f")


@project_rule(
    id="budget.sum-mismatch",
    category="budget",
    severity="错误",
    title="预算数不等于财政资金与其他资金之和",
    rationale="预算数由财政资金和其他资金组成；对不上说明至少一个数填错，项目无法入库。",
    reference=ARITHMETIC,
)
def sum_mismatch(project: Project, document: TargetDocument) -> Iterator[Hit]:
    budget = project.budget
    if budget.total is None or budget.fiscal is None:
        return
    other = budget.other or Decimal(0)
    if budget.fiscal + other == budget.total:
        return
    yield Hit(
        f"预算数 {_amount(budget.total)} ≠ 财政资金 {_amount(budget.fiscal)} + 其他资金 "
        f"{_amount(budget.other)}（合计 {format(budget.fiscal + other, 'f')}，差 "
        f"{format(budget.total - budget.fiscal - other, 'f')}）{project.money_unit}",
        "核对预算批复，改正预算数、财政资金或其他资金，使三者相符",
        field="budget",
    )


@project_rule(
    id="budget.non-positive",
    category="budget",
    severity="错误",
    title="预算数为零或负数",
    rationale="没有资金的项目不需要项目绩效目标；负数是填写错误。",
    reference=cite("practice"),
)
def non_positive(project: Project, document: TargetDocument) -> Iterator[Hit]:
    total = project.budget.total
    if total is not None and total <= 0:
        yield Hit(f"预算数为 {_amount(total)}", "填写批复的预算数", field="budget")


@project_rule(
    id="budget.cost-above-budget",
    category="budget",
    severity="错误",
    title="成本指标超过项目预算",
    rationale="成本指标是预算内的成本控制数，超过项目预算数说明成本或预算至少有一个填错"
    "（适当性：资金与目标匹配）。",
    reference=cite("caiyu-2015-88", point="审核绩效目标的适当性"),
)
def cost_above_budget(project: Project, document: TargetDocument) -> Iterator[Hit]:
    total = project.budget.total
    if total is None or total <= 0:
        return
    budget_yuan = total * _TO_YUAN[project.money_unit]
    for indicator in project.indicators:
        target = indicator.target
        scale = _TO_YUAN.get(target.unit or "")
        if target.kind != "quantity" or target.number is None or scale is None:
            continue
        category = indicator.category
        is_cost = "成本" in indicator.name or (
            category is not None and "成本指标" in (category.level1, category.level2)
        )
        if is_cost and target.number * scale > budget_yuan:
            yield Hit(
                f"成本指标值「{target.raw}」超过项目预算数 {_amount(total)}{project.money_unit}",
                f"核实成本控制数，应不超过预算数 {_amount(total)}{project.money_unit}",
                field="target",
                indicator=indicator,
            )


@project_rule(
    id="budget.cost-restates-budget",
    category="budget",
    severity="警告",
    title="成本指标照抄了预算总额",
    rationale="成本指标应是单位产出的成本或分项成本的控制数；"
    "把项目预算总额（如“项目总投入 6070万元”）写成成本指标，只是重复了投入的资金，"
    "既不是成本控制目标，也不能衡量钱花得是否经济。"
    "写成“≤预算数”的总成本上限不在此列。",
    reference=cite("local-practice", point="财力、人力和物力等投入数量不能作为绩效目标"),
)
def cost_restates_budget(project: Project, document: TargetDocument) -> Iterator[Hit]:
    total = project.budget.total
    if total is None or total <= 0:
        return
    budget_yuan = total * _TO_YUAN[project.money_unit]
    for indicator in project.indicators:
        target = indicator.target
        category = indicator.category
        if target.kind != "quantity" or target.number is None or target.op in ("<=", "<"):
            continue
        if category is None or "成本指标" not in (category.level1, category.level2):
            continue
        scale = _TO_YUAN.get(target.unit or project.money_unit)
        if scale is not None and target.number * scale == budget_yuan:
            yield Hit(
                f"成本指标「{indicator.name}」的指标值「{target.raw}」就是项目预算数 "
                f"{_amount(total)}{project.money_unit}",
                "改为单位成本或分项成本的控制数（如“每亩造林成本 ≤N元”）；总成本只写上限"
                f"（≤{_amount(total)}{project.money_unit}）",
                field="target",
                indicator=indicator,
            )


@project_rule(
    id="budget.implausible-unit",
    category="budget",
    severity="警告",
    title="预算数按元计小得不合常理",
    rationale="项目资金按“元”计不足一千元，多半是表格没有注明金额单位（实为万元）或单位填错；"
    "金额单位不明，预算数、成本指标和执行率都无从核对。",
    reference=cite("practice"),
)
def implausible_unit(project: Project, document: TargetDocument) -> Iterator[Hit]:
    if project.money_unit != "元":
        return
    budget = project.budget
    amounts = [n for n in (budget.total, budget.fiscal, budget.other) if n is not None]
    if not amounts or not 0 < max(amounts) < _LEAST_YUAN:
        return
    yield Hit(
        f"预算数 {_amount(max(amounts))} 元，作为项目资金小得不合常理，表中可能没有注明金额单位",
        "在表头注明金额单位（如“金额单位：万元”），并按该单位核对各项金额",
        field="budget",
    )


_TASK_FIELDS = (("total", "总额"), ("fiscal", "财政拨款"), ("other", "其他资金"))


@document_rule(
    id="budget.tasks-sum-mismatch",
    category="budget",
    severity="错误",
    title="年度主要任务的预算金额之和不等于金额合计",
    rationale="部门整体支出绩效目标申报表的金额合计是部门的预算；各项年度主要任务的预算金额加起来"
    "对不上，说明任务漏列或金额填错，任务、资金和绩效目标就无法对应。",
    reference=cite("practice", point="各项年度主要任务的预算金额之和等于金额合计"),
)
def tasks_sum_mismatch(document: TargetDocument) -> Iterator[Hit]:
    department = document.department
    if department is None or not department.tasks or department.budget is None:
        return
    unit = department.money_unit or "元"
    for field, label in _TASK_FIELDS:
        written = getattr(department.budget, field)
        parts = [getattr(task.budget, field) for task in department.tasks]
        if written is None or all(part is None for part in parts):
            continue
        summed = sum((part for part in parts if part is not None), Decimal(0))
        if summed == written:
            continue
        yield Hit(
            f"{len(parts)} 项年度主要任务的{label}合计 {format(summed, 'f')}，金额合计写作 "
            f"{_amount(written)}（差 {format(written - summed, 'f')}）{unit}",
            "核对各项任务的预算金额和金额合计，使二者相符；漏列的任务补上",
            field="tasks",
        )

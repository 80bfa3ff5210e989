"""The department's 年度主要任务 add up to its 金额合计: `budget.tasks-sum-mismatch`."""

from __future__ import annotations

from decimal import Decimal

from jixiao.core.model import Budget, Department, TargetDocument, Task
from jixiao.review import review_document


def document(total: str, *, other: str | None = None) -> TargetDocument:
    tasks = [
        Task(name="高标准农田建设", budget=Budget(total=Decimal("1500"), fiscal=Decimal("1400"))),
        Task(name="动物防疫", budget=Budget(total=Decimal("200"), fiscal=Decimal("200"))),
    ]
    budget = Budget(
        total=Decimal(total), fiscal=Decimal("1600"), other=Decimal(other) if other else None
    )
    department = Department(name="某县农业农村局", tasks=tasks, budget=budget, money_unit="万元")
    return TargetDocument(source="x.docx", year=2024, department=department)


def found(doc: TargetDocument) -> list[str]:
    return [f.message for f in review_document(doc) if f.rule == "budget.tasks-sum-mismatch"]


def test_tasks_that_add_up_raise_nothing() -> None:
    assert found(document("1700")) == []


def test_a_total_the_tasks_do_not_reach_is_one_finding_naming_both_sums() -> None:
    assert found(document("1800")) == [
        "部门整体目标的年度主要任务：2 项年度主要任务的总额合计 1700，金额合计写作 1800（差 100）万元"
    ]


def test_a_column_no_task_fills_is_not_summed() -> None:
    assert found(document("1700", other="100")) == []  # no task writes its 其他资金
